using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetOptimizers.Datasets;

namespace MlNetOptimizers.Tests.Training;

/// <summary>
/// Features are standardized inside the trainer and the map is folded into the first layer: the model scores raw features,
/// and how (or whether) the features were normalized upstream does not change it.
/// </summary>
public class StandardizationTests
{
    private readonly MLContext _ml = new(seed: 1);

    public static TheoryData<string> Normalizations => new() { "none", "mean-variance", "min-max", "times 1e30" };

    [Theory]
    [MemberData(nameof(Normalizations))]
    public void The_model_does_not_depend_on_how_the_features_were_scaled(string normalization)
    {
        var raw = ClassificationSets.BreastCancer(_ml);
        var reference = Probabilities(Scaled(raw, "none"));
        var scaled = Probabilities(Scaled(raw, normalization));
        for (int i = 0; i < reference.Length; i++)
        {
            scaled[i].Should().BeApproximately(reference[i], 2e-3f, $"row {i}: an affine rescaling of each feature standardizes to the same inputs");
        }
    }

    [Fact]
    public void A_constant_feature_is_ignored_and_does_not_break_training()
    {
        var rows = Enumerable.Range(0, 200).Select(i => new PairRow { Features = [i % 2 == 0 ? 1f : -1f + 0.01f * i, 5f], Label = i % 2 == 0 }).ToArray();
        var model = _ml.BinaryClassification.Trainers.LogisticRegression().Fit(_ml.Data.LoadFromEnumerable(rows));
        model.Model.Parameters.ToArray().Should().OnlyContain(p => float.IsFinite(p));
        model.Model.GetWeights(0)[0, 1].Should().Be(0f, "slot 1 is 5 in every training row");

        var predictor = model.Model.CreatePredictor();
        var p = new float[1];
        predictor.Predict([1f, 5f], p);
        float atFive = p[0];
        predictor.Predict([1f, -1000f], p);
        p[0].Should().Be(atFive);
        atFive.Should().BeGreaterThan(0.8f, "slot 0 separates the classes");
    }

    [Fact]
    public void Weighted_statistics_weigh_each_row_by_its_example_weight()
    {
        // Rows 1, 3 with weights 1, 3: mean (1 + 9) / 4 = 2.5; variance (1·1.5² + 3·0.5²) / 4 = 0.75.
        var data = new DenseDataset([1f, 3f], [0f, 1f], [1f, 3f], featureCount: 1);
        var s = FeatureStandardization.Compute(data);
        s.Means[0].Should().BeApproximately(2.5f, 1e-6f);
        s.Scales[0].Should().BeApproximately((float)(1 / Math.Sqrt(0.75)), 1e-6f);

        var moments = new RunningMoments(1);
        moments.Add([1f], 1);
        moments.Add([3f], 3);
        var streamed = moments.ToStandardization();
        streamed.Means[0].Should().BeApproximately(2.5f, 1e-6f);
        streamed.Scales[0].Should().BeApproximately(s.Scales[0], 1e-6f);
    }

    [Fact]
    public void Folding_and_unfolding_are_inverse()
    {
        var architecture = new NetworkArchitecture(3, [4], 2, Activation.Tanh);
        var parameters = WeightInitializer.Initialize(architecture, seed: 5);
        var original = (float[])parameters.Clone();
        var data = new DenseDataset([1f, 200f, -3f, 2f, 400f, -1f, 4f, 100f, 0f], [0f, 1f, 1f], [1f, 1f, 1f], featureCount: 3);
        var s = FeatureStandardization.Compute(data);
        s.FoldInto(architecture, parameters);
        s.UnfoldFrom(architecture, parameters);
        parameters.Should().Equal(original, (a, b) => Math.Abs(a - b) < 1e-5f);
    }

    [Fact]
    public void Streaming_training_standardizes_with_the_statistics_of_its_first_pass()
    {
        var data = Scaled(ClassificationSets.BreastCancer(_ml), "times 1e30");
        var inMemory = Probabilities(data, DataLoadingMode.InMemory);
        var streamed = Probabilities(data, DataLoadingMode.Streaming);
        // Streaming shuffles differently, so the models differ a little; both are good models of the same data.
        Accuracy(streamed).Should().BeGreaterThan(0.95);
        Accuracy(inMemory).Should().BeGreaterThan(0.95);

        double Accuracy(float[] probabilities) =>
            probabilities.Zip(_ml.Data.CreateEnumerable<Row>(data, false).Select(r => r.Label)).Average(x => (x.First > 0.5f) == x.Second ? 1.0 : 0.0);
    }

    private float[] Probabilities(IDataView data, DataLoadingMode loading = DataLoadingMode.Auto)
    {
        var options = new GradientTrainerOptions { DataLoading = loading, StreamingShufflePoolRows = 200 };
        var model = _ml.BinaryClassification.Trainers.LogisticRegression(options).Fit(data);
        return model.Transform(data).GetColumn<float>("Probability").ToArray();
    }

    private IDataView Scaled(IDataView raw, string normalization) => normalization switch
    {
        "mean-variance" => _ml.Transforms.NormalizeMeanVariance("Features").Fit(raw).Transform(raw),
        "min-max" => _ml.Transforms.NormalizeMinMax("Features").Fit(raw).Transform(raw),
        "times 1e30" => _ml.Data.LoadFromEnumerable(
            _ml.Data.CreateEnumerable<Row>(raw, false).Select(r => new Row { Features = r.Features.Select(v => v * 1e30f).ToArray(), Label = r.Label }).ToArray(),
            SchemaDefinition.Create(typeof(Row)).WithSize(raw)),
        _ => raw,
    };

    private sealed class PairRow
    {
        [VectorType(2)] public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }

    private sealed class Row
    {
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }
}

internal static class SchemaDefinitionExtensions
{
    /// <summary>The definition with Features declared at the size it has in <paramref name="like"/>.</summary>
    public static SchemaDefinition WithSize(this SchemaDefinition definition, IDataView like)
    {
        definition["Features"].ColumnType = like.Schema["Features"].Type;
        return definition;
    }
}
