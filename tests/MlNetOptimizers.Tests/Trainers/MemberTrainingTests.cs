using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetOptimizers.Datasets;

namespace MlNetOptimizers.Tests.Trainers;

/// <summary>GradientTrainerOptions.Members through the trainers: what is refused, and what a k-member network keeps.</summary>
public class MemberTrainingTests
{
    private readonly MLContext _ml = new(seed: 1);

    private IDataView Iris() =>
        _ml.Data.Cache(_ml.Transforms.Conversion.MapValueToKey("Label").Fit(ClassificationSets.Iris(_ml)).Transform(ClassificationSets.Iris(_ml)));

    [Theory]
    [InlineData(0, "*Members*between 1*")]
    [InlineData(65, "*Members*between 1*64*")]
    public void A_member_count_out_of_range_is_refused_naming_the_option(int members, string message)
    {
        var act = () => _ml.MulticlassClassification.Trainers.NeuralNetwork(new GradientTrainerOptions { HiddenLayers = [8], Members = members });
        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage(message).Which.ParamName.Should().Be("Members");
    }

    [Fact]
    public void A_linear_model_of_several_members_is_refused_naming_what_to_use()
    {
        var act = () => _ml.MulticlassClassification.Trainers.SoftmaxRegression(new GradientTrainerOptions { Members = 4 });
        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*Members*needs HiddenLayers*Members = 1*Ensemble*");
    }

    [Fact]
    public void Sparse_features_with_several_members_are_refused_naming_the_column_and_the_fix()
    {
        var random = new Random(2);
        var rows = Enumerable.Range(0, 60).Select(i =>
        {
            var features = new float[5000];
            for (int j = 0; j < 10; j++)
            {
                features[random.Next(5000)] = 1;
            }
            return new WideRow { Features = features, Label = i % 2 == 0 };
        }).ToArray();
        var data = _ml.Data.LoadFromEnumerable(rows);
        var trainer = _ml.BinaryClassification.Trainers.NeuralNetwork(new GradientTrainerOptions { HiddenLayers = [8], Members = 4, Epochs = 1 });
        trainer.Invoking(t => t.Fit(data)).Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("*Members = 4 trains on dense rows*'Features' has 5,000 slots*Use Members = 1*");
    }

    private sealed class WideRow
    {
        [VectorType(5000)] public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }

    [Fact]
    public void A_k_member_network_trains_saves_and_warm_starts_only_a_network_of_as_many_members()
    {
        var data = Iris();
        var options = new GradientTrainerOptions { HiddenLayers = [16], Members = 4, Epochs = 30 };
        var model = _ml.MulticlassClassification.Trainers.NeuralNetwork(options).Fit(data);
        model.Model.Architecture.Members.Should().Be(4);
        _ml.MulticlassClassification.Evaluate(model.Transform(data)).MicroAccuracy.Should().BeGreaterThan(0.9);

        var other = options.Clone();
        other.Members = 1;
        _ml.MulticlassClassification.Trainers.NeuralNetwork(other).Invoking(t => t.Fit(data, model.Model))
            .Should().Throw<ArgumentException>().WithMessage("*× 4 members*Members to match*");
        var continued = _ml.MulticlassClassification.Trainers.NeuralNetwork(options).Fit(data, model.Model);
        continued.History.Epochs[0].TrainLoss.Should().BeLessThan(model.History.Epochs[0].TrainLoss / 2, "it continues from the trained members");
    }

    [Fact]
    public void The_validation_metrics_of_a_k_member_network_are_those_of_its_averaged_prediction()
    {
        var split = _ml.Data.TrainTestSplit(Iris(), testFraction: 0.3, seed: 3);
        var options = new GradientTrainerOptions
        {
            HiddenLayers = [8], Members = 3, Epochs = 5, ConvergenceTolerance = 0, ReduceLearningRateOnPlateau = null, L2Regularization = 0.001f,
        };
        var model = _ml.MulticlassClassification.Trainers.NeuralNetwork(options).Fit(split.TrainSet, split.TestSet);
        var last = model.History.Epochs[^1];
        var metrics = _ml.MulticlassClassification.Evaluate(model.Transform(split.TestSet));
        last.ValidationLoss.Should().NotBeNull();
        last.ValidationLoss!.Value.Should().BeApproximately(metrics.LogLoss, 1e-4, "the validation loss is the log-loss of the members' mean probabilities");
    }
}
