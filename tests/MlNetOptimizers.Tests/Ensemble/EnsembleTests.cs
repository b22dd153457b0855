using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetOptimizers.Datasets;

namespace MlNetOptimizers.Tests.Ensemble;

public class EnsembleTests
{
    private readonly MLContext _ml = new(seed: 1);

    private IDataView BreastCancer() =>
        _ml.Transforms.NormalizeMeanVariance("Features").Fit(ClassificationSets.BreastCancer(_ml)).Transform(ClassificationSets.BreastCancer(_ml));

    private IDataView Digits() =>
        _ml.Transforms.Conversion.MapValueToKey("Label").Fit(ClassificationSets.Digits(_ml)).Transform(ClassificationSets.Digits(_ml));

    private IEstimator<ITransformer> Mlp(int seed) =>
        _ml.BinaryClassification.Trainers.NeuralNetwork(new GradientTrainerOptions
        {
            HiddenLayers = [8], Epochs = 20, Seed = seed, Optimizer = new Adam(0.01f),
        });

    [Fact]
    public void Binary_probability_is_the_mean_of_the_members_probabilities()
    {
        var data = BreastCancer();
        var ensemble = _ml.BinaryClassification.Trainers.Ensemble(Mlp, 3).Fit(data);

        var combined = _ml.Data.CreateEnumerable<BinaryOutput>(ensemble.Transform(data), reuseRowObject: false).ToList();
        var perMember = ensemble.Members.Select(m =>
            _ml.Data.CreateEnumerable<BinaryOutput>(m.Model.Transform(data), reuseRowObject: false).Select(o => o.Probability).ToArray()).ToList();
        ensemble.Members.Should().HaveCount(3);
        ensemble.Members.Select(m => m.Weight).Should().AllSatisfy(w => w.Should().BeApproximately(1f / 3, 1e-6f));
        for (int r = 0; r < combined.Count; r++)
        {
            float mean = perMember.Average(p => p[r]);
            combined[r].Probability.Should().BeApproximately(mean, 1e-5f);
            combined[r].PredictedLabel.Should().Be(mean > 0.5f);
            if (mean is > 1e-5f and < 1 - 1e-5f)
            {
                combined[r].Score.Should().BeApproximately(MathF.Log(mean / (1 - mean)), 1e-2f, "Score is the logit of the mean");
            }
        }
        _ml.BinaryClassification.Evaluate(ensemble.Transform(data)).Accuracy.Should().BeGreaterThan(0.95);
    }

    [Fact]
    public void Members_may_mix_our_networks_with_mlnet_trainers_and_report_their_own_validation_metrics()
    {
        var split = _ml.Data.TrainTestSplit(BreastCancer(), 0.25, seed: 2);
        var options = new EnsembleOptions { ValidationData = split.TestSet, Weights = [2, 1] };
        var ensemble = _ml.BinaryClassification.Trainers.Ensemble(i => i == 0 ? Mlp(5) : _ml.BinaryClassification.Trainers.LbfgsLogisticRegression(), 2, options)
            .Fit(split.TrainSet);

        ensemble.Members.Select(m => m.Weight).Should().Equal(2f / 3, 1f / 3);
        ensemble.Members.Should().OnlyContain(m => m.ValidationAccuracy > 0.9 && m.ValidationLogLoss > 0);
        var metrics = _ml.BinaryClassification.Evaluate(ensemble.Transform(split.TestSet));
        metrics.Accuracy.Should().BeGreaterThan(0.92);
    }

    [Fact]
    public void A_weight_of_zero_silences_a_member()
    {
        var data = BreastCancer();
        var ensemble = _ml.BinaryClassification.Trainers.Ensemble(Mlp, 2, new EnsembleOptions { Weights = [1, 0] }).Fit(data);
        var combined = _ml.Data.CreateEnumerable<BinaryOutput>(ensemble.Transform(data), reuseRowObject: false).Select(o => o.Probability);
        var first = _ml.Data.CreateEnumerable<BinaryOutput>(ensemble.Members[0].Model.Transform(data), reuseRowObject: false).Select(o => o.Probability);
        combined.Should().Equal(first, (a, b) => Math.Abs(a - b) < 1e-6f);
    }

    [Fact]
    public void Multiclass_members_with_their_own_featurizers_each_see_the_original_features()
    {
        var split = _ml.Data.TrainTestSplit(Digits(), 0.2, seed: 1);
        IEstimator<ITransformer> Member(int i) => i % 2 == 0
            ? _ml.Transforms.NormalizeMinMax("Features").Append(_ml.MulticlassClassification.Trainers.NeuralNetwork(
                new GradientTrainerOptions { HiddenLayers = [32], Epochs = 10, Seed = i }))
            : _ml.Transforms.NormalizeMeanVariance("Features").Append(_ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy());
        var ensemble = _ml.MulticlassClassification.Trainers.Ensemble(Member, 3, new EnsembleOptions { Bootstrap = true })
            .Fit(split.TrainSet);

        var scored = ensemble.Transform(split.TestSet);
        scored.Schema["Score"].Type.Should().Be(new VectorDataViewType(NumberDataViewType.Single, 10));
        scored.Schema["Features"].Type.Should().Be(split.TestSet.Schema["Features"].Type);
        scored.GetColumn<float[]>("Features").First().Should().Equal(split.TestSet.GetColumn<float[]>("Features").First());
        var ensembleAccuracy = _ml.MulticlassClassification.Evaluate(scored).MicroAccuracy;
        var memberAccuracies = ensemble.Members.Select(m => _ml.MulticlassClassification.Evaluate(m.Model.Transform(split.TestSet)).MicroAccuracy).ToList();
        ensembleAccuracy.Should().BeGreaterThanOrEqualTo(memberAccuracies.Average());
    }

    [Fact]
    public void A_saved_ensemble_loads_with_identical_predictions()
    {
        var data = Digits();
        var ensemble = _ml.MulticlassClassification.Trainers.Ensemble(i => _ml.Transforms.NormalizeMinMax("Features")
            .Append(_ml.MulticlassClassification.Trainers.SoftmaxRegression(new GradientTrainerOptions { Epochs = 3, Seed = i })), 2).Fit(data);
        using var stream = new MemoryStream();
        _ml.Model.Save(ensemble, data.Schema, stream);
        stream.Position = 0;
        var loaded = _ml.Model.Load(stream, out _);

        loaded.Transform(data).GetColumn<float[]>("Score").Should().BeEquivalentTo(ensemble.Transform(data).GetColumn<float[]>("Score"),
            o => o.WithStrictOrdering());
        var engine = _ml.Model.CreatePredictionEngine<DigitRow, MulticlassOutput>(loaded);
        var row = _ml.Data.CreateEnumerable<DigitRow>(ClassificationSets.Digits(_ml), reuseRowObject: false).First();
        engine.Predict(row).Score.Should().HaveCount(10);
    }

    [Fact]
    public void An_ensemble_cross_validates_and_serves_a_prediction_engine()
    {
        var data = BreastCancer();
        var ensemble = _ml.BinaryClassification.Trainers.Ensemble(Mlp, 2);

        var folds = _ml.BinaryClassification.CrossValidate(data, ensemble, numberOfFolds: 3);
        folds.Should().HaveCount(3).And.OnlyContain(f => f.Metrics.Accuracy > 0.9);

        var engine = _ml.Model.CreatePredictionEngine<CancerRow, BinaryOutput>(ensemble.Fit(data));
        var row = _ml.Data.CreateEnumerable<CancerRow>(data, reuseRowObject: false).First();
        var prediction = engine.Predict(row);
        prediction.Probability.Should().BeInRange(0f, 1f);
        prediction.PredictedLabel.Should().Be(prediction.Probability > 0.5f);
    }

    private sealed class CancerRow
    {
        [VectorType(30)] public float[] Features { get; set; } = [];
        public bool Label { get; set; }
    }

    [Fact]
    public void Bad_ensembles_are_refused_at_fit_before_any_member_trains()
    {
        var data = BreastCancer();
        var spy = new SpyEstimator(Mlp(1));

        FluentActions.Invoking(() => _ml.BinaryClassification.Trainers.Ensemble())
            .Should().Throw<ArgumentException>().WithMessage("*at least one member*");
        FluentActions.Invoking(() => _ml.BinaryClassification.Trainers.Ensemble(_ => spy, 0))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("*at least one member*");

        var regression = _ml.BinaryClassification.Trainers.Ensemble(spy,
            _ml.Transforms.Conversion.ConvertType("LabelF", "Label", DataKind.Single).Append(_ml.Regression.Trainers.Sdca("LabelF")));
        FluentActions.Invoking(() => regression.Fit(data))
            .Should().Throw<ArgumentException>().WithMessage("Member 1 *not a calibrated binary classifier*");

        FluentActions.Invoking(() => _ml.BinaryClassification.Trainers.Ensemble(_ => spy, 2, new EnsembleOptions { Weights = [1, -1] }))
            .Should().Throw<ArgumentOutOfRangeException>().WithMessage("*Weights[1] is -1*");
        FluentActions.Invoking(() => _ml.BinaryClassification.Trainers.Ensemble(_ => spy, 2, new EnsembleOptions { Weights = [0, 0] }))
            .Should().Throw<ArgumentException>().WithMessage("*all zero*");
        FluentActions.Invoking(() => _ml.BinaryClassification.Trainers.Ensemble(_ => spy, 2, new EnsembleOptions { Weights = [1] }))
            .Should().Throw<ArgumentException>().WithMessage("*1 values for 2 members*");
        spy.FitCalls.Should().Be(0);
    }

    [Fact]
    public void Multiclass_members_whose_class_sets_may_differ_are_refused_before_training()
    {
        var raw = ClassificationSets.Iris(_ml);
        var keyed = _ml.Transforms.Conversion.MapValueToKey("Label").Fit(raw).Transform(raw);
        var spy = new SpyEstimator(_ml.MulticlassClassification.Trainers.SoftmaxRegression());
        FluentActions.Invoking(() => _ml.MulticlassClassification.Trainers.Ensemble(spy).Fit(raw))
            .Should().Throw<ArgumentException>().WithMessage("*needs a key-typed label*MapValueToKey(\"Label\")*");

        var binaryMember = _ml.MulticlassClassification.Trainers.Ensemble(spy, _ml.BinaryClassification.Trainers.LogisticRegression());
        FluentActions.Invoking(() => binaryMember.Fit(keyed)).Should().Throw<ArgumentException>().WithMessage("Member 1 *");
        spy.FitCalls.Should().Be(0);
    }

    [Fact]
    public void A_member_that_maps_the_label_to_other_classes_is_refused_before_the_average_is_built()
    {
        // Member 1 re-maps the label onto two of the three classes; only its fitted output shows it.
        var raw = ClassificationSets.Iris(_ml);
        var keyed = _ml.Transforms.Conversion.MapValueToKey("Label").Fit(raw).Transform(raw);
        var twoClasses = _ml.Data.LoadFromEnumerable(new[] { new LabelValue { Label = 0 }, new LabelValue { Label = 1 } });
        var remaps = _ml.Transforms.Conversion.MapKeyToValue("Label")
            .Append(_ml.Transforms.Conversion.MapValueToKey("Label", keyData: twoClasses))
            .Append(_ml.Transforms.Conversion.MapKeyToValue("Label"))
            .Append(_ml.Transforms.Conversion.MapValueToKey("Label", keyData: twoClasses))
            .Append(_ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy());
        var filtered = _ml.Data.FilterRowsByMissingValues(keyed, "Label");
        FluentActions.Invoking(() => _ml.MulticlassClassification.Trainers.Ensemble(_ml.MulticlassClassification.Trainers.SoftmaxRegression(), remaps).Fit(filtered))
            .Should().Throw<InvalidOperationException>().WithMessage("Member 1 *class*");
    }

    private sealed class LabelValue
    {
        public float Label { get; set; }
    }

    private sealed class SpyEstimator(IEstimator<ITransformer> inner) : IEstimator<ITransformer>
    {
        public int FitCalls { get; private set; }

        public ITransformer Fit(IDataView input)
        {
            FitCalls++;
            return inner.Fit(input);
        }

        public SchemaShape GetOutputSchema(SchemaShape inputSchema) => inner.GetOutputSchema(inputSchema);
    }

    private sealed class BinaryOutput
    {
        public float Score { get; set; }
        public float Probability { get; set; }
        public bool PredictedLabel { get; set; }
    }

    private sealed class DigitRow
    {
        [VectorType(64)] public float[] Features { get; set; } = [];
        public float Label { get; set; }
    }

    private sealed class MulticlassOutput
    {
        public float[] Score { get; set; } = [];
    }
}
