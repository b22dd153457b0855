using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetOptimizers.Datasets;

namespace MlNetOptimizers.Tests.Trainers;

/// <summary>Extreme feature scales either train properly or fail with a message that says what to do.</summary>
public class ExtremeScaleTests
{
    private readonly MLContext _ml = new(seed: 1);

    private IDataView Scaled(float scale) =>
        _ml.Transforms.CustomMapping<Row, Row>((i, o) => { o.Features = i.Features.Select(v => v * scale).ToArray(); o.Label = i.Label; }, null)
            .Fit(ClassificationSets.BreastCancer(_ml)).Transform(ClassificationSets.BreastCancer(_ml));

    private sealed class Row
    {
        [VectorType(30)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }

    private (double Accuracy, double Loss) Train(float scale, bool standardize = true)
    {
        var data = Scaled(scale);
        var model = _ml.BinaryClassification.Trainers.LogisticRegression(new GradientTrainerOptions { StandardizeFeatures = standardize }).Fit(data);
        return (_ml.BinaryClassification.EvaluateNonCalibrated(model.Transform(data)).Accuracy, model.History.Epochs[^1].TrainLoss);
    }

    [Theory]
    [InlineData(1e-30f)]
    [InlineData(1e30f)]
    public void Standardized_training_does_not_care_about_the_scale(float scale)
    {
        var reference = Train(1f);
        var scaled = Train(scale);
        scaled.Accuracy.Should().Be(reference.Accuracy);
        scaled.Loss.Should().BeApproximately(reference.Loss, 1e-6 * reference.Loss);
    }

    [Theory]
    [InlineData(1e30f, "2.81E+31")]
    [InlineData(1e-30f, "2.81E-29")]
    public void Without_standardization_a_scale_single_precision_cannot_train_is_refused_naming_the_column_and_slot(float scale, string shown)
    {
        var act = () => Train(scale, standardize: false);
        act.Should().Throw<ArgumentException>()
            .WithMessage($"Feature column 'Features' reaches {shown} in slot 0: with StandardizeFeatures = false*Keep StandardizeFeatures = true, or rescale the column.");
    }

    [Fact]
    public void Without_standardization_saturated_scores_fail_instead_of_returning_a_useless_model()
    {
        // At 1e10 the logits saturate: accuracy may look fine, but the probabilities are 0 or 1 and the log-loss is 1e10.
        var act = () => Train(1e10f, standardize: false);
        act.Should().Throw<TrainingDivergedException>()
            .WithMessage("Training diverged in epoch 5: the mean training loss is *more than 1000 times that of predicting every class alike*" +
                "Set StandardizeFeatures = true (the default; it trains features of any scale).")
            .Which.Epoch.Should().Be(5);
        Train(1e10f, standardize: true).Accuracy.Should().BeGreaterThan(0.95, "the fix the message gives works");
    }
}
