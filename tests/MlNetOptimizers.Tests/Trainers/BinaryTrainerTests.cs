using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetOptimizers.Datasets;

namespace MlNetOptimizers.Tests.Trainers;

public class BinaryTrainerTests
{
    private static (IDataView Train, IDataView Test) Split(MLContext ml) =>
        ml.Data.TrainTestSplit(ClassificationSets.BreastCancer(ml), testFraction: 0.2, seed: 1) is var s ? (s.TrainSet, s.TestSet) : default;

    [Fact]
    public void Logistic_regression_appends_to_a_normalizer_and_evaluates_with_mlnet_metrics()
    {
        var ml = new MLContext(seed: 1);
        var (train, test) = Split(ml);
        var pipeline = ml.Transforms.NormalizeMeanVariance("Features")
            .Append(ml.BinaryClassification.Trainers.LogisticRegression(new Adam(0.05f), epochs: 50));

        var model = pipeline.Fit(train);
        var metrics = ml.BinaryClassification.Evaluate(model.Transform(test));

        metrics.Accuracy.Should().BeGreaterThan(0.93, "SDCA reaches 0.939 and L-BFGS 0.965 on this split");
        metrics.AreaUnderRocCurve.Should().BeGreaterThan(0.98);
        metrics.LogLoss.Should().BeLessThan(0.21, "L-BFGS reaches 0.17, SDCA 0.29");
    }

    [Fact]
    public void Outputs_score_probability_and_predicted_label_consistently()
    {
        var ml = new MLContext(seed: 1);
        var (train, test) = Split(ml);
        var model = ml.Transforms.NormalizeMeanVariance("Features")
            .Append(ml.BinaryClassification.Trainers.NeuralNetwork([8], epochs: 10)).Fit(train);
        var scored = model.Transform(test);

        scored.Schema["Score"].Type.Should().Be(NumberDataViewType.Single);
        scored.Schema["Probability"].Type.Should().Be(NumberDataViewType.Single);
        scored.Schema["PredictedLabel"].Type.Should().Be(BooleanDataViewType.Instance);
        var rows = ml.Data.CreateEnumerable<BinaryPrediction>(scored, reuseRowObject: false).ToList();
        rows.Should().HaveCount(ml.Data.CreateEnumerable<BreastCancerRow>(test, reuseRowObject: false).Count());
        foreach (var row in rows)
        {
            row.Probability.Should().BeApproximately(1 / (1 + MathF.Exp(-row.Score)), 1e-5f);
            row.PredictedLabel.Should().Be(row.Score > 0);
        }
    }

    [Fact]
    public void Prediction_engine_scores_single_rows_like_transform()
    {
        var ml = new MLContext(seed: 1);
        var (train, test) = Split(ml);
        var model = ml.BinaryClassification.Trainers.LogisticRegression(epochs: 5).Fit(train);
        var engine = ml.Model.CreatePredictionEngine<BreastCancerRow, BinaryPrediction>(model);

        var expected = ml.Data.CreateEnumerable<BinaryPrediction>(model.Transform(test), reuseRowObject: false).ToList();
        var inputs = ml.Data.CreateEnumerable<BreastCancerRow>(test, reuseRowObject: false).ToList();
        for (int i = 0; i < inputs.Count; i++)
        {
            engine.Predict(inputs[i]).Score.Should().Be(expected[i].Score);
        }
    }

    [Fact]
    public void Exposes_parameters_and_a_learning_curve()
    {
        var ml = new MLContext(seed: 1);
        var (train, _) = Split(ml);
        var options = new GradientTrainerOptions { Epochs = 12, ValidationFraction = 0.2f, HiddenLayers = [5] };
        var transformer = ml.Transforms.NormalizeMeanVariance("Features")
            .Append(ml.BinaryClassification.Trainers.NeuralNetwork(options)).Fit(train).LastTransformer;

        var model = transformer.Model;
        model.Architecture.LayerSizes.Should().Equal(30, 5, 1);
        model.Parameters.Length.Should().Be(30 * 5 + 5 + 5 + 1);
        model.GetWeights(0).GetLength(0).Should().Be(5);
        model.GetBiases(1).Should().HaveCount(1);
        transformer.History.Epochs.Should().HaveCount(12);
        transformer.History.Epochs.Should().OnlyContain(e => e.ValidationLoss != null && e.ValidationAccuracy != null && e.Seconds >= 0);
        transformer.History.Epochs[^1].TrainLoss.Should().BeLessThan(transformer.History.Epochs[0].TrainLoss);
    }

    [Fact]
    public void Same_seed_gives_identical_models_and_another_seed_another_model()
    {
        var ml = new MLContext(seed: 1);
        var (train, _) = Split(ml);
        float[] Train(int seed) => ml.BinaryClassification.Trainers
            .NeuralNetwork(new GradientTrainerOptions { HiddenLayers = [4], Epochs = 3, Seed = seed })
            .Fit(train).Model.Parameters.ToArray();

        Train(7).Should().Equal(Train(7));
        Train(7).Should().NotEqual(Train(8));
    }

    public sealed class BreastCancerRow
    {
        [VectorType(30)] public float[] Features { get; set; } = [];
        public bool Label { get; set; }
    }

    public sealed class BinaryPrediction
    {
        public float Score { get; set; }
        public float Probability { get; set; }
        public bool PredictedLabel { get; set; }
    }
}
