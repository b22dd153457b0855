using Microsoft.ML;
using MlNetOptimizers.Network;
using MlNetOptimizers.Tasks;
using MlNetOptimizers.Trainers;
using MlNetOptimizers.Training;

namespace MlNetOptimizers.Tests.Training;

/// <summary>
/// A batch's gradient is computed in shards summed in shard order: the shards decide the arithmetic, the threads that
/// compute them do not — not their number, not a number that changes between epochs — so a seed gives one model on any
/// machine; and the default shard count follows the batch's arithmetic alone.
/// </summary>
public class GradientShardTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_threads_that_compute_the_shards_change_nothing_of_the_model(bool wholeVectorStep)
    {
        var data = Rows(rows: 400, features: 12, seed: 5);
        var architecture = new NetworkArchitecture(12, [16], 3, Activation.Relu);
        IOptimizer Optimizer() => wholeVectorStep ? new WholeVectorOnly(new Adam(0.01f)) : new Adam(0.01f);

        var one = Train(architecture, data, Optimizer(), shards: 4, threads: 1);
        var two = Train(architecture, data, Optimizer(), shards: 4, threads: 2);
        var four = Train(architecture, data, Optimizer(), shards: 4, threads: 4);
        int epoch = 0;
        var changing = Train(architecture, data, Optimizer(), shards: 4, threads: 1, threadsNow: () => new[] { 1, 3, 2, 4, 1 }[epoch++ % 5]);

        foreach (var other in new[] { two, four, changing })
        {
            other.Parameters.Should().Equal(one.Parameters, "the shards are summed in shard order whichever thread computed them");
            other.History.Epochs.Select(e => e.TrainLoss).Should().Equal(one.History.Epochs.Select(e => e.TrainLoss));
        }
        epoch.Should().Be(6, "the loop asks for its threads before every epoch");
    }

    [Fact]
    public void Other_shards_are_other_arithmetic_of_the_same_model()
    {
        var data = Rows(rows: 400, features: 12, seed: 5);
        var architecture = new NetworkArchitecture(12, [16], 3, Activation.Relu);

        var one = Train(architecture, data, new Adam(0.01f), shards: 1, threads: 1);
        var four = Train(architecture, data, new Adam(0.01f), shards: 4, threads: 1);

        four.Parameters.Should().NotEqual(one.Parameters, "the rows' gradients are added in another order");
        four.History.Epochs[^1].TrainLoss.Should().BeApproximately(one.History.Epochs[^1].TrainLoss, 1e-3);
    }

    [Theory]
    [InlineData(32, 2_000, false, 1)] // a small network: far less than 2^20 multiply-adds per batch
    [InlineData(256, 10_000, false, 2)] // 2.6M multiply-adds: two shards' worth
    [InlineData(200, 203_000, false, 4)] // MNIST's 784-256-10: as many as the most shards
    [InlineData(64, 203_000, false, 2)] // at least 32 rows per shard
    [InlineData(256, 1_000_000, true, 1)] // sparse rows keep one
    public void The_default_shards_follow_the_arithmetic_of_a_batch(int batch, long multiplyAddsPerRow, bool sparse, int expected)
    {
        TrainerDefaults.GradientShards(batch, multiplyAddsPerRow, sparse).Should().Be(Math.Min(expected, TrainerDefaults.MaxGradientShards));
    }

    [Fact]
    public void A_fit_at_defaults_that_shards_its_batches_and_chooses_its_penalty_gives_the_same_model_on_one_core_as_on_several()
    {
        // 2,400 rows of 128 features into 256 hidden units: batches of 75 rows, 75·(128·256 + 256·4) multiply-adds, two shards.
        var ml = new MLContext(seed: 1);
        var random = new Random(4);
        var rows = Enumerable.Range(0, 2400).Select(_ =>
        {
            var features = Enumerable.Range(0, 128).Select(_ => (float)random.NextDouble()).ToArray();
            return new Row { Features = features, Label = (int)(features.Take(8).Sum() * 2) % 4 };
        }).ToArray();
        var raw = ml.Data.LoadFromEnumerable(rows);
        var data = ml.Transforms.Conversion.MapValueToKey("Label").Fit(raw).Transform(raw);
        var options = new GradientTrainerOptions { HiddenLayers = [256], Epochs = 4 };
        LoopFactory.ShardCount(options, [128, 256, 4], members: 1, rows: 2400, sparse: false).Should().BeGreaterThan(1, "the case must shard");

        var onOne = AmbientCores.Run(1, () => ml.MulticlassClassification.Trainers.NeuralNetwork(options).Fit(data));
        var onAll = ml.MulticlassClassification.Trainers.NeuralNetwork(options).Fit(data);

        onAll.Model.Parameters.ToArray().Should().Equal(onOne.Model.Parameters.ToArray());
        onAll.History.L2Selection.Should().NotBeNull("the penalty was chosen by trial runs, which share the cores");
        onAll.History.L2Selection!.Select(c => c.ValidationLoss).Should().Equal(onOne.History.L2Selection!.Select(c => c.ValidationLoss));
    }

    private sealed class Row
    {
        [Microsoft.ML.Data.VectorType(128)]
        public float[] Features { get; set; } = [];

        public float Label { get; set; }
    }

    private static DenseDataset Rows(int rows, int features, int seed)
    {
        var random = new Random(seed);
        var x = Enumerable.Range(0, rows * features).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var labels = Enumerable.Range(0, rows).Select(r => (float)(x[r * features] + x[r * features + 1] > 0 ? (x[r * features + 2] > 0 ? 2 : 1) : 0)).ToArray();
        return new DenseDataset(x, labels, Enumerable.Repeat(1f, rows).ToArray(), features);
    }

    private static (float[] Parameters, TrainingHistory History) Train(NetworkArchitecture architecture, InMemoryDataset data, IOptimizer optimizer,
        int shards, int threads, Func<int>? threadsNow = null)
    {
        var parameters = WeightInitializer.Initialize(architecture, seed: 2);
        var settings = new TrainingSettings { Epochs = 6, BatchSize = 64, Shards = shards, Threads = threads, ThreadsNow = threadsNow, Seed = 7 };
        var history = new TrainingLoop(architecture, ModelTask.Multiclass, settings, optimizer).Run(parameters, data, validation: null);
        return (parameters, history);
    }

    /// <summary>Adam behind a wrapper that cannot be split into ranges: the summed gradient is stepped as one vector.</summary>
    private sealed class WholeVectorOnly(IOptimizer inner) : IOptimizer
    {
        public IOptimizerState CreateState(int parameterCount) => inner.CreateState(parameterCount);

        public IOptimizerState CreateState(ParameterLayout layout) => inner.CreateState(layout);

        public void Step(Span<float> parameters, ReadOnlySpan<float> gradients, IOptimizerState state) => inner.Step(parameters, gradients, state);
    }
}
