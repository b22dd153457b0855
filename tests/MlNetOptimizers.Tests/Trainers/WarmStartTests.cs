using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetOptimizers.Datasets;

namespace MlNetOptimizers.Tests.Trainers;

/// <summary>Warm start: training continues from a given network's parameters, and a network that does not fit is refused.</summary>
public class WarmStartTests
{
    private readonly MLContext _ml = new(seed: 1);

    private IDataView Digits() =>
        _ml.Data.Cache(_ml.Transforms.Conversion.MapValueToKey("Label").Fit(ClassificationSets.Digits(_ml)).Transform(ClassificationSets.Digits(_ml)));

    private static GradientTrainerOptions Options(int epochs) =>
        new() { HiddenLayers = [32], Epochs = epochs, ConvergenceTolerance = 0, ReduceLearningRateOnPlateau = null };

    [Fact]
    public void Training_continues_from_where_the_first_run_ended()
    {
        var data = Digits();
        var trainer = _ml.MulticlassClassification.Trainers.NeuralNetwork(Options(6));
        var first = trainer.Fit(data);
        var fresh = first.History.Epochs[0].TrainLoss;
        var reached = first.History.Epochs[^1].TrainLoss;

        var continued = trainer.Fit(data, first.Model);
        var resumedAt = continued.History.Epochs[0].TrainLoss;
        resumedAt.Should().BeLessThan(fresh / 3, "a warm start does not begin from random weights");
        resumedAt.Should().BeLessThan(reached * 1.5, "it begins about where the first run ended");
        continued.History.Epochs[^1].TrainLoss.Should().BeLessThan(reached, "and goes on improving");
    }

    [Fact]
    public void A_loaded_model_can_be_trained_further()
    {
        var data = Digits();
        var trainer = _ml.MulticlassClassification.Trainers.SoftmaxRegression(new GradientTrainerOptions { Epochs = 3 });
        var model = trainer.Fit(data);
        using var stream = new MemoryStream();
        _ml.Model.Save(model, data.Schema, stream);
        stream.Position = 0;
        var network = NeuralNetworkModel.FromTransformer(_ml.Model.Load(stream, out _));
        var continued = trainer.Fit(data, network);
        continued.History.Epochs[0].TrainLoss.Should().BeLessThan(model.History.Epochs[0].TrainLoss);
    }

    [Fact]
    public void A_network_of_another_width_class_count_or_shape_is_refused_naming_both_sizes()
    {
        var data = Digits();
        var trainer = _ml.MulticlassClassification.Trainers.NeuralNetwork(Options(1));
        NeuralNetworkModel Network(int inputs, int[] hidden, int classes) =>
            new(new NetworkArchitecture(inputs, hidden, classes, Activation.Relu), ModelKind.Multiclass,
                new float[new NetworkArchitecture(inputs, hidden, classes, Activation.Relu).ParameterCount]);

        trainer.Invoking(t => t.Fit(data, Network(20, [32], 10))).Should().Throw<ArgumentException>()
            .WithMessage("The initial model takes 20 features; the training data has 64.*");
        trainer.Invoking(t => t.Fit(data, Network(64, [32], 3))).Should().Throw<ArgumentException>()
            .WithMessage("The initial model has 3 classes; the training data's label has 10.*");
        trainer.Invoking(t => t.Fit(data, Network(64, [16], 10))).Should().Throw<ArgumentException>()
            .WithMessage("The initial model is a MLP 64-16-10 (Relu); the trainer's options make a MLP 64-32-10 (Relu)*");
    }
}
