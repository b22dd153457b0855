using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetOptimizers.Datasets;

namespace MlNetOptimizers.Tests.Trainers;

/// <summary>The regression trainers on ML.NET's Regression catalog: what they learn, what they refuse, what ML.NET can do with them.</summary>
public class RegressionTrainerTests
{
    private readonly MLContext _ml = new(seed: 1);

    /// <summary>y = 3·x₀ − 2·x₁ + 5 (+ noise of the given size) on <paramref name="rows"/> rows, times <paramref name="scale"/>.</summary>
    private IDataView Linear(int rows = 400, double noise = 0.01, float scale = 1, int seed = 7)
    {
        var random = new Random(seed);
        return _ml.Data.LoadFromEnumerable(Enumerable.Range(0, rows).Select(_ =>
        {
            float a = (float)random.NextDouble() * 4 - 2, b = (float)random.NextDouble() * 4 - 2;
            return new Row { Features = [a, b], Label = scale * (float)(3 * a - 2 * b + 5 + noise * (random.NextDouble() - 0.5)) };
        }).ToArray());
    }

    private static float[] Scores(IDataView scored) => scored.GetColumn<float>("Score").ToArray();

    [Fact]
    public void Linear_regression_recovers_the_coefficients_of_a_linear_function()
    {
        var model = _ml.Regression.Trainers.LinearRegression(new GradientTrainerOptions { L2Regularization = 0 }).Fit(Linear());
        var metrics = _ml.Regression.Evaluate(model.Transform(Linear(seed: 8)));

        metrics.RSquared.Should().BeGreaterThan(0.9999);
        var network = model.Model;
        network.Kind.Should().Be(ModelKind.Regression);
        network.GetWeights(0)[0, 0].Should().BeApproximately(3, 0.01f);
        network.GetWeights(0)[0, 1].Should().BeApproximately(-2, 0.01f);
        network.GetBiases(0)[0].Should().BeApproximately(5, 0.01f);
    }

    [Fact]
    public void A_network_fits_a_curve_a_line_cannot()
    {
        var random = new Random(3);
        IDataView Data(int seed)
        {
            var r = new Random(seed);
            return _ml.Data.LoadFromEnumerable(Enumerable.Range(0, 600).Select(_ =>
            {
                float x = (float)r.NextDouble() * 6 - 3;
                return new Row { Features = [x, (float)random.NextDouble()], Label = MathF.Sin(2 * x) * 10 + 20 };
            }).ToArray());
        }
        var linear = _ml.Regression.Evaluate(_ml.Regression.Trainers.LinearRegression().Fit(Data(1)).Transform(Data(2)));
        var network = _ml.Regression.Evaluate(_ml.Regression.Trainers.NeuralNetwork([32], new Adam(0.03f)).Fit(Data(1)).Transform(Data(2)));

        linear.RSquared.Should().BeLessThan(0.5);
        network.RSquared.Should().BeGreaterThan(0.95);
    }

    [Theory]
    [InlineData(1e5f)]
    [InlineData(1e-3f)]
    public void The_label_is_standardized_so_its_units_do_not_change_the_fit(float scale)
    {
        var options = new GradientTrainerOptions { HiddenLayers = [8], Epochs = 30, L2Regularization = 0.01f };
        var unit = Scores(_ml.Regression.Trainers.NeuralNetwork(options).Fit(Linear(noise: 1)).Transform(Linear(seed: 8)));
        var scaled = Scores(_ml.Regression.Trainers.NeuralNetwork(options).Fit(Linear(noise: 1, scale: scale)).Transform(Linear(seed: 8)));

        scaled.Select(s => s / scale).Should().Equal(unit, (a, b) => Math.Abs(a - b) <= 1e-3f * Math.Max(1, Math.Abs(b)),
            "the network sees the same standardized labels and predicts in the label's units");
    }

    [Fact]
    public void A_constant_label_trains_to_that_constant()
    {
        var data = _ml.Data.LoadFromEnumerable(Enumerable.Range(0, 100).Select(i => new Row { Features = [i, i % 7], Label = 7.5f }).ToArray());
        var scores = Scores(_ml.Regression.Trainers.NeuralNetwork([4]).Fit(data).Transform(data));
        scores.Should().OnlyContain(s => Math.Abs(s - 7.5f) < 1e-4f);
    }

    [Fact]
    public void A_label_that_is_not_a_finite_number_is_refused_naming_the_row()
    {
        var rows = Enumerable.Range(0, 20).Select(i => new Row { Features = [i, 1], Label = i }).ToArray();
        rows[13].Label = float.NaN;
        var act = () => _ml.Regression.Trainers.LinearRegression().Fit(_ml.Data.LoadFromEnumerable(rows));
        act.Should().Throw<InvalidOperationException>().WithMessage("Row 13: label column 'Label' is NaN; a regression label must be a finite number*");
    }

    [Fact]
    public void A_Double_label_is_refused_with_the_conversion_that_fixes_it_in_Fit_and_in_a_pipeline()
    {
        var data = _ml.Data.LoadFromEnumerable(Enumerable.Range(0, 20).Select(i => new DoubleRow { Features = [i, 1], Label = i }).ToArray());
        const string message = "Label column 'Label' has type Double; regression needs a Single label*ConvertType(\"Label\", outputKind: DataKind.Single)*";
        _ml.Regression.Trainers.LinearRegression().Invoking(t => t.Fit(data)).Should().Throw<ArgumentException>().WithMessage(message);
        _ml.Transforms.CopyColumns("Copy", "Features").Append(_ml.Regression.Trainers.LinearRegression())
            .Invoking(p => p.Fit(data)).Should().Throw<ArgumentException>().WithMessage(message);

        var converted = _ml.Transforms.Conversion.ConvertType("Label", outputKind: DataKind.Single).Append(_ml.Regression.Trainers.LinearRegression());
        converted.Invoking(p => p.Fit(data)).Should().NotThrow("the conversion the message names works");
    }

    [Fact]
    public void A_regression_loss_on_a_classifier_is_refused_naming_the_option()
    {
        var act = () => _ml.BinaryClassification.Trainers.LogisticRegression(new GradientTrainerOptions { Loss = RegressionLoss.Huber() });
        act.Should().Throw<ArgumentException>().WithMessage("Loss is set*applies to regression*");
    }

    [Fact]
    public void Huber_loss_keeps_a_few_wild_labels_from_pulling_the_fit()
    {
        var random = new Random(5);
        var rows = Enumerable.Range(0, 500).Select(i =>
        {
            float a = (float)random.NextDouble(), b = (float)random.NextDouble();
            float label = 3 * a - 2 * b + 5 + (float)(0.1 * (random.NextDouble() - 0.5));
            return new Row { Features = [a, b], Label = i % 20 == 0 ? label + 200 : label }; // 5% of the rows far off
        }).ToArray();
        var train = _ml.Data.LoadFromEnumerable(rows);
        var clean = Linear(seed: 9);
        double Rmse(RegressionLoss loss) => _ml.Regression.Evaluate(_ml.Regression.Trainers.LinearRegression(
            new GradientTrainerOptions { Loss = loss, L2Regularization = 0 }).Fit(train).Transform(clean)).RootMeanSquaredError;

        double squared = Rmse(RegressionLoss.SquaredError), huber = Rmse(RegressionLoss.Huber(0.5f));
        huber.Should().BeLessThan(squared / 5, "squared error shifts the fit by the outliers' mean, Huber by far less");
    }

    [Fact]
    public void Huber_loss_and_its_derivative_are_the_published_ones()
    {
        var huber = RegressionLoss.Huber(2f);
        huber.Loss(1.5f, out float d1).Should().Be(0.5f * 1.5f * 1.5f);
        d1.Should().Be(1.5f);
        huber.Loss(-5f, out float d2).Should().Be(2f * (5f - 1f)); // δ·(|r| − δ/2)
        d2.Should().Be(-2f);
        RegressionLoss.SquaredError.Loss(-3f, out float d3).Should().Be(4.5f);
        d3.Should().Be(-3f);
        FluentActions.Invoking(() => RegressionLoss.Huber(0)).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*δ > 0*");
    }

    [Fact]
    public void The_output_is_MLNETs_regression_schema_so_its_tools_work_unchanged()
    {
        var data = RegressionSets.Concrete(_ml);
        var trainer = _ml.Regression.Trainers.NeuralNetwork(new GradientTrainerOptions { HiddenLayers = [8], Epochs = 20 });
        var model = trainer.Fit(data);
        var scored = model.Transform(data);
        scored.Schema["Score"].Type.Should().Be(NumberDataViewType.Single);
        scored.Schema.GetColumnOrNull("PredictedLabel").Should().BeNull();

        _ml.Regression.Evaluate(scored).RSquared.Should().BeGreaterThan(0.5);
        var engine = _ml.Model.CreatePredictionEngine<ConcreteRow, Prediction>(model);
        var first = _ml.Data.CreateEnumerable<ConcreteRow>(data, reuseRowObject: false).First();
        engine.Predict(first).Score.Should().Be(Scores(scored)[0]);
        _ml.Regression.CrossValidate(data, trainer, numberOfFolds: 3).Should().HaveCount(3);
        _ml.Regression.PermutationFeatureImportance(model, data, permutationCount: 1).Should().HaveCount(8);
    }

    [Fact]
    public void Validation_data_gives_every_epoch_its_RMSE_and_R2()
    {
        var model = _ml.Regression.Trainers.NeuralNetwork(new GradientTrainerOptions { HiddenLayers = [8], ValidationFraction = 0.2f, Epochs = 15 })
            .Fit(RegressionSets.Concrete(_ml));
        var last = model.History.Epochs[^1];
        last.ValidationRmse.Should().BeInRange(1, 20, "in MPa, the label's unit");
        last.ValidationRSquared.Should().BeInRange(0, 1);
        last.ValidationAccuracy.Should().BeNull();
        model.History.Epochs.Select(e => e.ValidationRmse).Should().OnlyContain(r => r.HasValue);
    }

    [Fact]
    public void Linear_and_network_models_choose_their_L2_on_held_out_squared_error()
    {
        var data = RegressionSets.Concrete(_ml);
        var linear = _ml.Regression.Trainers.LinearRegression().Fit(data);
        var network = _ml.Regression.Trainers.NeuralNetwork(new GradientTrainerOptions { HiddenLayers = [8], Epochs = 10 }).Fit(data);

        linear.History.L2Selection!.Select(c => c.L2Regularization).Should().Equal(TrainerDefaults.LinearRegressionL2Candidates);
        network.History.L2Selection!.Select(c => c.L2Regularization).Should().Equal(TrainerDefaults.NetworkL2Candidates);
        var best = linear.History.L2Selection!.MinBy(c => c.ValidationLoss)!;
        linear.History.L2Regularization.Should().Be(best.L2Regularization);
    }

    [Fact]
    public void Streamed_and_in_memory_training_reach_the_same_quality()
    {
        var data = RegressionSets.Concrete(_ml);
        double R2(DataLoadingMode mode) => _ml.Regression.Evaluate(_ml.Regression.Trainers.NeuralNetwork(new GradientTrainerOptions
        {
            HiddenLayers = [16], DataLoading = mode, L2Regularization = 0.001f, Epochs = 60,
        }).Fit(data).Transform(data)).RSquared;

        R2(DataLoadingMode.Streaming).Should().BeApproximately(R2(DataLoadingMode.InMemory), 0.05);
    }

    [Fact]
    public void A_regression_ensemble_averages_its_members_predictions_and_saves_and_loads()
    {
        var data = RegressionSets.Concrete(_ml);
        var members = new IEstimator<ITransformer>[]
        {
            _ml.Regression.Trainers.NeuralNetwork(new GradientTrainerOptions { HiddenLayers = [8], Epochs = 10 }),
            _ml.Regression.Trainers.Sdca(maximumNumberOfIterations: 5),
        };
        var ensemble = _ml.Regression.Trainers.Ensemble(i => members[i], 2,
            new EnsembleOptions { Weights = [3, 1], ValidationData = data }).Fit(data);
        var scores = Scores(ensemble.Transform(data));
        var first = Scores(ensemble.Members[0].Model.Transform(data));
        var second = Scores(ensemble.Members[1].Model.Transform(data));
        scores.Should().Equal(first.Zip(second).Select(p => 0.75f * p.First + 0.25f * p.Second).ToArray(),
            (a, b) => Math.Abs(a - b) <= 1e-5f * Math.Max(1, Math.Abs(b)));
        ensemble.Members[0].ValidationRSquared.Should().NotBeNull();
        ensemble.Members[0].ValidationRmse.Should().NotBeNull();
        ensemble.Members[0].ValidationAccuracy.Should().BeNull();

        using var stream = new MemoryStream();
        _ml.Model.Save(ensemble, data.Schema, stream);
        stream.Position = 0;
        Scores(_ml.Model.Load(stream, out _).Transform(data)).Should().Equal(scores);
    }

    [Fact]
    public void A_regression_ensemble_refuses_a_classifier_member()
    {
        var data = _ml.Data.LoadFromEnumerable(Enumerable.Range(0, 20).Select(i => new BoolRow { Features = [i, 1], Label = i % 2 == 0 }).ToArray());
        var act = () => _ml.Regression.Trainers.Ensemble(_ml.BinaryClassification.Trainers.LogisticRegression()).Fit(data);
        act.Should().Throw<ArgumentException>().WithMessage("*regression needs a Single label*");
        var mixed = () => _ml.Regression.Trainers.Ensemble(_ml.Regression.Trainers.LinearRegression(),
            _ml.Transforms.Conversion.ConvertType("Label", outputKind: DataKind.Boolean)
                .Append(_ml.BinaryClassification.Trainers.LogisticRegression())).Fit(Linear());
        mixed.Should().Throw<ArgumentException>().WithMessage("Member 1 *is not a regressor*");
    }

    private sealed class Row
    {
        [VectorType(2)] public float[] Features { get; set; } = [];

        public float Label { get; set; }
    }

    private sealed class ConcreteRow
    {
        [VectorType(8)] public float[] Features { get; set; } = [];

        public float Label { get; set; }
    }

    private sealed class DoubleRow
    {
        [VectorType(2)] public float[] Features { get; set; } = [];

        public double Label { get; set; }
    }

    private sealed class BoolRow
    {
        [VectorType(2)] public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }

    private sealed class Prediction
    {
        public float Score { get; set; }
    }
}
