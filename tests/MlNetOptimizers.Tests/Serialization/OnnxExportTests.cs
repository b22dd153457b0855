using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using MlNetOptimizers.Datasets;

namespace MlNetOptimizers.Tests.Serialization;

/// <summary>Exported ONNX files, scored by ONNX Runtime, agree with our own Transform on real data (within 1e-5).</summary>
public class OnnxExportTests
{
    private const float Tolerance = 1e-5f;
    private readonly MLContext _ml = new(seed: 1);

    public static TheoryData<string> Networks => new() { "logistic", "binary MLP tanh", "softmax", "MLP relu", "MLP sigmoid", "linear regression", "regression MLP",
        "binary members", "multiclass members", "regression members" };

    [Theory]
    [MemberData(nameof(Networks))]
    public void An_exported_network_scores_like_the_transformer(string network)
    {
        var (data, trainer) = Case(network);
        var model = trainer.Fit(data);
        using var file = new MemoryStream();
        model.Model.ExportToOnnx(file);
        Compare(file.ToArray(), model, data);
    }

    [Theory]
    [InlineData(ModelKind.Binary)]
    [InlineData(ModelKind.Multiclass)]
    [InlineData(ModelKind.Regression)]
    public void An_exported_ensemble_averages_like_the_ensemble_transformer(ModelKind kind)
    {
        var options = new EnsembleOptions { Weights = [1f, 2f, 3f] };
        var (data, ensemble) = kind switch
        {
            ModelKind.Binary => (BreastCancer(), _ml.BinaryClassification.Trainers.Ensemble(i => _ml.BinaryClassification.Trainers.NeuralNetwork(Options([8], i)), 3, options)),
            ModelKind.Regression => (Concrete(), _ml.Regression.Trainers.Ensemble(i => _ml.Regression.Trainers.NeuralNetwork(Options([8], i)), 3, options)),
            _ => (Digits(), _ml.MulticlassClassification.Trainers.Ensemble(i => _ml.MulticlassClassification.Trainers.NeuralNetwork(Options([8], i)), 3, options)),
        };
        var fitted = ensemble.Fit(data);
        using var file = new MemoryStream();
        fitted.ExportToOnnx(file);
        Compare(file.ToArray(), fitted, data);
    }

    [Fact]
    public void Through_ml_net_apply_onnx_model_a_regression_export_evaluates_like_the_trained_model()
    {
        var data = Concrete();
        var model = _ml.Regression.Trainers.NeuralNetwork(Options([16], 0)).Fit(data);
        var scored = WithExport(model.Model, path => _ml.Transforms.ApplyOnnxModel(["Score"], ["Features"], path)
            .Append(_ml.Transforms.CustomMapping<OnnxRegressionOutput, RegressionOutput>((i, o) => o.Score = i.Score[0], contractName: null))
            .Fit(data).Transform(data));
        var expected = _ml.Regression.Evaluate(model.Transform(data));
        _ml.Regression.Evaluate(scored).RSquared.Should().BeApproximately(expected.RSquared, 1e-6);
    }

    [Fact]
    public void An_ensemble_whose_member_is_a_pipeline_is_refused_naming_the_member()
    {
        var data = BreastCancer();
        var ensemble = _ml.BinaryClassification.Trainers.Ensemble(
            _ml.BinaryClassification.Trainers.LogisticRegression(),
            _ml.Transforms.NormalizeMinMax("Features").Append(_ml.BinaryClassification.Trainers.LogisticRegression())).Fit(data);
        FluentActions.Invoking(() => ensemble.ExportToOnnx(new MemoryStream()))
            .Should().Throw<NotSupportedException>().WithMessage("Member 1 *not a network of this library alone*");
    }

    [Fact]
    public void Through_ml_net_apply_onnx_model_a_multiclass_export_evaluates_like_the_trained_model()
    {
        // The README's recipe: the two outputs, named as in the file; Evaluate reads Score.
        var data = Digits();
        var model = _ml.MulticlassClassification.Trainers.SoftmaxRegression(new GradientTrainerOptions { Epochs = 5 }).Fit(data);
        var scored = WithExport(model.Model, path => _ml.Transforms.ApplyOnnxModel(["Score", "PredictedLabel"], ["Features"], path).Fit(data).Transform(data));
        var expected = _ml.MulticlassClassification.Evaluate(model.Transform(data));
        var actual = _ml.MulticlassClassification.Evaluate(scored);
        actual.MicroAccuracy.Should().Be(expected.MicroAccuracy);
        actual.LogLoss.Should().BeApproximately(expected.LogLoss, 1e-5);
    }

    [Fact]
    public void Through_ml_net_apply_onnx_model_a_binary_export_evaluates_like_the_trained_model()
    {
        // The README's recipe: ML.NET reads the [N] outputs as vectors of one slot; a mapping makes them the scalars Evaluate wants.
        var data = BreastCancer();
        var model = _ml.BinaryClassification.Trainers.LogisticRegression(new GradientTrainerOptions { Epochs = 5 }).Fit(data);
        var scored = WithExport(model.Model, path => _ml.Transforms.ApplyOnnxModel(["Score", "Probability", "PredictedLabel"], ["Features"], path)
            .Append(_ml.Transforms.CustomMapping<OnnxBinaryOutputs, BinaryOutputs>(
                (i, o) => (o.Score, o.Probability, o.PredictedLabel) = (i.Score[0], i.Probability[0], i.PredictedLabel[0]), contractName: null))
            .Fit(data).Transform(data));
        var expected = _ml.BinaryClassification.Evaluate(model.Transform(data));
        var actual = _ml.BinaryClassification.Evaluate(scored);
        actual.Accuracy.Should().Be(expected.Accuracy);
        actual.LogLoss.Should().BeApproximately(expected.LogLoss, 1e-5);
    }

    private static IDataView WithExport(NeuralNetworkModel model, Func<string, IDataView> score)
    {
        var path = Path.Combine(Path.GetTempPath(), $"mlnetopt-{Guid.NewGuid():N}.onnx");
        try
        {
            using (var file = File.Create(path))
            {
                model.ExportToOnnx(file);
            }
            var scored = score(path);
            return MaterializedCopy(scored);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private void Compare(byte[] onnx, ITransformer model, IDataView data)
    {
        var features = data.GetColumn<float[]>("Features").ToArray();
        int rows = features.Length, width = features[0].Length;
        var input = new DenseTensor<float>(features.SelectMany(f => f).ToArray(), [rows, width]);
        using var session = new InferenceSession(onnx);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("Features", input)]);
        var outputs = results.ToDictionary(r => r.Name);
        var scored = model.Transform(data);

        if (scored.Schema.GetColumnOrNull("Probability") is null && scored.Schema["Score"].Type is not VectorDataViewType)
        {
            var score = scored.GetColumn<float>("Score").ToArray();
            var onnxScore = outputs["Score"].AsTensor<float>();
            outputs.Keys.Should().Equal(["Score"], "a regression model's export has one output");
            for (int r = 0; r < rows; r++)
            {
                onnxScore[r].Should().BeApproximately(score[r], Tolerance * Math.Max(1, Math.Abs(score[r])), $"row {r}");
            }
        }
        else if (scored.Schema["Score"].Type is VectorDataViewType)
        {
            var expected = scored.GetColumn<float[]>("Score").ToArray();
            var actual = outputs["Score"].AsTensor<float>();
            var predicted = outputs["PredictedLabel"].AsTensor<long>();
            var keys = scored.GetColumn<uint>("PredictedLabel").ToArray();
            for (int r = 0; r < rows; r++)
            {
                for (int k = 0; k < expected[r].Length; k++)
                {
                    actual[r, k].Should().BeApproximately(expected[r][k], Tolerance, $"row {r}, class {k}");
                }
                predicted[r].Should().Be(keys[r] - 1, $"row {r}");
            }
        }
        else
        {
            var score = scored.GetColumn<float>("Score").ToArray();
            var probability = scored.GetColumn<float>("Probability").ToArray();
            var label = scored.GetColumn<bool>("PredictedLabel").ToArray();
            var onnxScore = outputs["Score"].AsTensor<float>();
            var onnxProbability = outputs["Probability"].AsTensor<float>();
            var onnxLabel = outputs["PredictedLabel"].AsTensor<bool>();
            for (int r = 0; r < rows; r++)
            {
                onnxScore[r].Should().BeApproximately(score[r], Tolerance * Math.Max(1, Math.Abs(score[r])), $"row {r}");
                onnxProbability[r].Should().BeApproximately(probability[r], Tolerance, $"row {r}");
                onnxLabel[r].Should().Be(label[r], $"row {r}");
            }
        }
    }

    private (IDataView Data, IEstimator<NeuralNetworkPredictionTransformer> Trainer) Case(string network) => network switch
    {
        "logistic" => (BreastCancer(), _ml.BinaryClassification.Trainers.LogisticRegression(Options([], 0))),
        "binary MLP tanh" => (BreastCancer(), _ml.BinaryClassification.Trainers.NeuralNetwork(Options([16], 0, Activation.Tanh))),
        "softmax" => (Digits(), _ml.MulticlassClassification.Trainers.SoftmaxRegression(Options([], 0))),
        "MLP relu" => (Digits(), _ml.MulticlassClassification.Trainers.NeuralNetwork(Options([32, 16], 0))),
        "linear regression" => (Concrete(), _ml.Regression.Trainers.LinearRegression(Options([], 0))),
        "regression MLP" => (Concrete(), _ml.Regression.Trainers.NeuralNetwork(Options([16, 8], 0, Activation.Tanh))),
        "binary members" => (BreastCancer(), _ml.BinaryClassification.Trainers.NeuralNetwork(Members(Options([16], 0), 4))),
        "multiclass members" => (Digits(), _ml.MulticlassClassification.Trainers.NeuralNetwork(Members(Options([32, 16], 0, Activation.Tanh), 5))),
        "regression members" => (Concrete(), _ml.Regression.Trainers.NeuralNetwork(Members(Options([16, 8], 0), 3))),
        _ => (Digits(), _ml.MulticlassClassification.Trainers.NeuralNetwork(Options([24], 0, Activation.Sigmoid))),
    };

    private static GradientTrainerOptions Members(GradientTrainerOptions options, int members)
    {
        options.Members = members;
        return options;
    }

    private static GradientTrainerOptions Options(int[] hidden, int seed, Activation activation = Activation.Relu) =>
        new() { HiddenLayers = hidden, Seed = seed, Activation = activation, Epochs = 10 };

    private IDataView BreastCancer() => _ml.Data.Cache(ClassificationSets.BreastCancer(_ml));

    private IDataView Concrete() => _ml.Data.Cache(RegressionSets.Concrete(_ml));

    private IDataView Digits() =>
        _ml.Data.Cache(_ml.Transforms.Conversion.MapValueToKey("Label").Fit(ClassificationSets.Digits(_ml)).Transform(ClassificationSets.Digits(_ml)));

    /// <summary>The scored rows read into memory, so that the file can be deleted before they are evaluated.</summary>
    private static IDataView MaterializedCopy(IDataView scored)
    {
        var ml = new MLContext();
        var cached = ml.Data.Cache(scored);
        using (var cursor = cached.GetRowCursor(cached.Schema))
        {
            while (cursor.MoveNext())
            {
            }
        }
        return cached;
    }

    private sealed class OnnxBinaryOutputs
    {
        [VectorType(1)] public float[] Score { get; set; } = [];

        [VectorType(1)] public float[] Probability { get; set; } = [];

        [VectorType(1)] public bool[] PredictedLabel { get; set; } = [];
    }

    private sealed class OnnxRegressionOutput
    {
        [VectorType(1)] public float[] Score { get; set; } = [];
    }

    private sealed class RegressionOutput
    {
        public float Score { get; set; }
    }

    private sealed class BinaryOutputs
    {
        public float Score { get; set; }

        public float Probability { get; set; }

        public bool PredictedLabel { get; set; }
    }
}
