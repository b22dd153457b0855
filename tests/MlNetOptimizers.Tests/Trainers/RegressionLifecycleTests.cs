using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetOptimizers.Datasets;

namespace MlNetOptimizers.Tests.Trainers;

/// <summary>What classification models have, regression models have too: the network found again, warm start, checkpoints, restored scorers.</summary>
public class RegressionLifecycleTests
{
    private readonly MLContext _ml = new(seed: 1);

    private IDataView Data() => _ml.Data.Cache(RegressionSets.Concrete(_ml));

    private static GradientTrainerOptions Options(int epochs = 8) =>
        new() { HiddenLayers = [8], Epochs = epochs, L2Regularization = 0.001f, ConvergenceTolerance = 0 };

    private static float[] Scores(IDataView scored) => scored.GetColumn<float>("Score").ToArray();

    [Fact]
    public void The_network_is_found_in_a_trained_model_and_in_a_loaded_one_and_scores_alike_after_restoring()
    {
        var data = Data();
        var model = _ml.Regression.Trainers.NeuralNetwork(Options()).Fit(data);
        using var stream = new MemoryStream();
        _ml.Model.Save(model, data.Schema, stream);
        stream.Position = 0;
        var loaded = _ml.Model.Load(stream, out var schema);

        var found = NeuralNetworkModel.FromTransformer(loaded);
        found.Kind.Should().Be(ModelKind.Regression);
        found.Parameters.ToArray().Should().Equal(model.Model.Parameters.ToArray());
        var restored = loaded.RestoreNetworkScorers(schema);
        restored.Should().BeOfType<NeuralNetworkPredictionTransformer>();
        Scores(restored.Transform(data)).Should().Equal(Scores(model.Transform(data)));
        Scores(loaded.Transform(data)).Should().Equal(Scores(model.Transform(data)));
    }

    [Fact]
    public void Training_continues_from_a_model_in_the_labels_units()
    {
        var data = Data();
        var trainer = _ml.Regression.Trainers.NeuralNetwork(Options(epochs: 5));
        var first = trainer.Fit(data);
        var second = trainer.Fit(data, first.Model);

        second.History.Epochs[0].TrainLoss.Should().BeLessThan(first.History.Epochs[0].TrainLoss * 0.5,
            "the second run starts where the first ended, not from scratch: the standardizations are unfolded");
        _ml.Regression.Evaluate(second.Transform(data)).RootMeanSquaredError
            .Should().BeLessThan(_ml.Regression.Evaluate(first.Transform(data)).RootMeanSquaredError);
        FluentActions.Invoking(() => trainer.Fit(data, _ml.BinaryClassification.Trainers.LogisticRegression()
                .Fit(_ml.Transforms.CustomMapping<LabelRow, BoolLabel>((i, o) => o.Positive = i.Label > 30, contractName: null)
                    .Append(_ml.Transforms.CopyColumns("Label", "Positive")).Fit(data).Transform(data)).Model))
            .Should().Throw<ArgumentException>().WithMessage("The initial model is a Binary model; this trainer trains Regression models*");
    }

    [Fact]
    public void A_checkpointed_run_resumed_to_run_longer_ends_bit_identical_to_one_run()
    {
        var data = Data();
        var path = Path.Combine(Path.GetTempPath(), $"regression-{Guid.NewGuid():N}.ckpt");
        try
        {
            var shorter = Options(epochs: 4);
            shorter.CheckpointPath = path;
            _ml.Regression.Trainers.NeuralNetwork(shorter).Fit(data);
            var longer = Options(epochs: 8);
            longer.CheckpointPath = path;
            var resumed = _ml.Regression.Trainers.NeuralNetwork(longer).Fit(data);
            var whole = _ml.Regression.Trainers.NeuralNetwork(Options(epochs: 8)).Fit(data);

            resumed.Model.Parameters.ToArray().Should().Equal(whole.Model.Parameters.ToArray());
            resumed.History.Epochs.Select(e => e.TrainLoss).Should().Equal(whole.History.Epochs.Select(e => e.TrainLoss));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private sealed class LabelRow
    {
        public float Label { get; set; }
    }

    private sealed class BoolLabel
    {
        public bool Positive { get; set; }
    }
}
