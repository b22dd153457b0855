using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetOptimizers.Tests.Trainers;

public class ExampleWeightTests
{
    private readonly MLContext _ml = new(seed: 1);

    private IDataView Rows(Func<int, float> weight) => _ml.Data.LoadFromEnumerable(Enumerable.Range(0, 200).Select(i => new WeightedRow
    {
        Features = [MathF.Sin(i), MathF.Cos(i * 0.7f), i % 3],
        Label = MathF.Sin(i) + 0.3f * MathF.Cos(i * 0.7f) > 0,
        Weight = weight(i),
    }));

    private float[] Train(IDataView data) => _ml.BinaryClassification.Trainers.LogisticRegression(new GradientTrainerOptions
    {
        ExampleWeightColumnName = "Weight", Epochs = 5, BatchSize = 16,
    }).Fit(data).Model.Parameters.ToArray();

    [Fact]
    public void Scaling_every_weight_by_two_changes_nothing_because_the_loss_is_a_weighted_mean()
    {
        Train(Rows(_ => 2f)).Should().Equal(Train(Rows(_ => 1f)));
    }

    [Fact]
    public void Weights_change_the_model()
    {
        Train(Rows(i => i % 2 == 0 ? 5f : 0.2f)).Should().NotEqual(Train(Rows(_ => 1f)));
    }

    [Fact]
    public void A_negative_weight_names_the_row_and_column()
    {
        var act = () => Train(Rows(i => i == 17 ? -1f : 1f));
        act.Should().Throw<InvalidOperationException>().WithMessage("Row 17: example weight column 'Weight' is -1*");
    }

    private sealed class WeightedRow
    {
        [VectorType(3)] public float[] Features { get; set; } = [];
        public bool Label { get; set; }
        public float Weight { get; set; }
    }
}
