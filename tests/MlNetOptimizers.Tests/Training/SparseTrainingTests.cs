namespace MlNetOptimizers.Tests.Training;

/// <summary>
/// Training on sparse rows: the exact rule gives what training on the same rows held dense gives, the lazy rule is
/// PyTorch's SparseAdam checked by hand, and the sparse standardization follows its documented rule.
/// </summary>
public class SparseTrainingTests
{
    private const int Width = SparseInput.MinWidth + 100;

    [Theory]
    [InlineData(new int[0], 1)]
    [InlineData(new int[0], 2)]
    [InlineData(new[] { 8 }, 1)]
    [InlineData(new[] { 8 }, 2)]
    public void The_exact_rule_on_sparse_rows_trains_what_the_same_rows_held_dense_train(int[] hidden, int threads)
    {
        var sparse = Rows(rows: 300, nonZerosPerRow: 12, seed: 3);
        var dense = sparse.ToDense();
        var architecture = new NetworkArchitecture(Width, hidden, 1, Activation.Relu);

        var fromSparse = Train(architecture, sparse, new Adam(0.01f), threads, lazy: false);
        var fromDense = Train(architecture, dense, new Adam(0.01f), threads, lazy: false);

        for (int i = 0; i < fromSparse.Parameters.Length; i++)
        {
            fromSparse.Parameters[i].Should().BeApproximately(fromDense.Parameters[i], 1e-4f, $"parameter {i}: only the order of additions differs");
        }
        fromSparse.History.Epochs.Select(e => e.TrainLoss).Should().Equal(fromDense.History.Epochs.Select(e => e.TrainLoss),
            (a, b) => Math.Abs(a - b) < 1e-5, "the same losses epoch by epoch");
    }

    [Fact]
    public void The_lazy_rule_with_plain_sgd_is_the_exact_rule_since_untouched_rows_have_no_gradient()
    {
        var data = Rows(rows: 200, nonZerosPerRow: 9, seed: 5);
        var architecture = new NetworkArchitecture(Width, [6], 1, Activation.Tanh);

        var lazy = Train(architecture, data, new Sgd(0.05f), threads: 2, lazy: true);
        var exact = Train(architecture, data, new Sgd(0.05f), threads: 2, lazy: false);

        for (int i = 0; i < lazy.Parameters.Length; i++)
        {
            lazy.Parameters[i].Should().BeApproximately(exact.Parameters[i], 1e-6f, $"parameter {i}");
        }
    }

    /// <summary>
    /// Two rows, one per batch, a logistic model from zero: row A holds slots 1 and 2, row B slot 3. Adam's first step moves
    /// each parameter with a gradient by lr (m̂/√v̂ = sign g). SparseAdam's second step (t = 2) on B's slot, whose moments
    /// start there: m = 0.1·g, v = 0.001·g², m̂ = m/(1 − 0.9²), v̂ = v/(1 − 0.999²), a move of lr·0.52632/0.70728 = 0.7441·lr;
    /// A's slots keep their weights, where plain Adam moves them again by their momentum.
    /// </summary>
    [Fact]
    public void The_lazy_rule_steps_only_the_first_layer_rows_a_batch_touched_with_the_global_step_count()
    {
        var store = new SparseRowStore();
        store.Add([1, 2], [1f, 2f]);
        store.Add([3], [1f]);
        var data = new SparseDataset(store, [1f, 0f], [1f, 1f], Width);
        var architecture = new NetworkArchitecture(Width, [], 1, Activation.Relu);
        const float lr = 0.1f;

        var lazy = Train(architecture, data, new Adam(lr), threads: 1, lazy: true, batch: 1, epochs: 1, zeros: true).Parameters;
        var exact = Train(architecture, data, new Adam(lr), threads: 1, lazy: false, batch: 1, epochs: 1, zeros: true).Parameters;

        float second = lr * (0.1f / (1 - 0.81f)) / MathF.Sqrt(0.001f / (1 - 0.998001f));
        second.Should().BeApproximately(0.7441f * lr, 1e-5f);
        // A (label 1, p = 0.5) has gradient −0.5·x: its weights rise; B (label 0) has +0.5: its weight falls.
        bool aFirst = Math.Abs(lazy[1] - lr) < 1e-5f;
        float aMove = aFirst ? lr : second, bMove = aFirst ? second : lr;
        lazy[1].Should().BeApproximately(aMove, 1e-5f);
        lazy[2].Should().BeApproximately(aMove, 1e-5f);
        lazy[3].Should().BeApproximately(-bMove, 1e-5f);
        lazy.Where((_, i) => i is not (1 or 2 or 3) && i < Width).Should().OnlyContain(w => w == 0, "no other slot was touched");
        float firstRow = aFirst ? exact[1] : -exact[3];
        firstRow.Should().BeGreaterThan(lr + 0.05f * lr, "plain Adam moves the first row's weights again at step 2 by their momentum");
    }

    [Fact]
    public void Sparse_standardization_scales_dense_like_slots_by_one_over_sigma_and_brings_the_others_to_at_most_one()
    {
        var store = new SparseRowStore();
        // Slot 0 in every row (a numeric column): values 1, 3, 1, 3 → σ = 1. Slot 5: one count of 4. Slot 7: one value 0.5.
        store.Add([0, 5], [1f, 4f]);
        store.Add([0], [3f]);
        store.Add([0, 7], [1f, 0.5f]);
        store.Add([0], [3f]);
        var data = new SparseDataset(store, [0, 1, 0, 1], [1, 1, 1, 1], Width);

        var standardization = FeatureStandardization.Compute(data);

        standardization.Means.Should().OnlyContain(m => m == 0, "centering would fill every slot");
        standardization.Scales[0].Should().BeApproximately(1f, 1e-6f, "present in every row: 1/σ with σ = 1");
        standardization.Scales[5].Should().Be(0.25f, "a rare slot is brought to |x| ≤ 1");
        standardization.Scales[7].Should().Be(1f, "a rare slot already within 1 keeps its scale");
        standardization.Scales[9].Should().Be(1f, "an absent slot is left as it is");
    }

    /// <summary>
    /// A gradient that the step does not read by slot is zeroed whole before the next batch when recording its slots would
    /// cost more (many non-zeros for the layer's size), else by the slots it recorded: batches that switch between the
    /// two ways leave no stale row behind; each gradient equals that of a fresh workspace.
    /// </summary>
    [Theory]
    [InlineData(new int[0])]
    [InlineData(new[] { 3 })]
    public void Sparse_gradients_are_cleared_between_batches_whether_or_not_their_slots_were_recorded(int[] hidden)
    {
        var architecture = new NetworkArchitecture(Width, hidden, 1, Activation.Tanh);
        var parameters = WeightInitializer.Initialize(architecture, seed: 4);
        var reused = new BatchWorkspace(architecture, 200, sparseInput: true, trackTouched: false);
        var random = new Random(9);
        foreach (var (rows, nonZeros) in new[] { (200, 40), (2, 3), (1, 2), (150, 30), (150, 30), (3, 1) })
        {
            var batch = new SparseRows(rows, rows * nonZeros);
            var labels = new float[rows];
            for (int r = 0; r < rows; r++)
            {
                var slots = Enumerable.Range(0, nonZeros).Select(_ => random.Next(Width)).Distinct().Order().ToArray();
                batch.Add(slots, slots.Select(_ => (float)random.NextDouble()).ToArray());
                labels[r] = r % 2;
            }
            var weights = Enumerable.Repeat(1f, rows).ToArray();
            var fresh = new BatchWorkspace(architecture, 200, sparseInput: true);
            double expected = fresh.ComputeGradient(parameters, batch, 0, rows, ModelTask.Binary, labels, weights, rows);
            reused.ComputeGradient(parameters, batch, 0, rows, ModelTask.Binary, labels, weights, rows).Should().Be(expected);
            reused.Gradient.ToArray().Should().Equal(fresh.Gradient.ToArray(), $"a batch of {rows} rows × {nonZeros} non-zeros");
        }
    }

    /// <summary>Rows of <see cref="Width"/> slots, each with a few ones at random slots, labelled by a hidden linear rule.</summary>
    private static SparseDataset Rows(int rows, int nonZerosPerRow, int seed)
    {
        var random = new Random(seed);
        var truth = Enumerable.Range(0, Width).Select(_ => random.NextDouble() - 0.5).ToArray();
        var store = new SparseRowStore();
        var labels = new float[rows];
        for (int r = 0; r < rows; r++)
        {
            var slots = Enumerable.Range(0, nonZerosPerRow).Select(_ => random.Next(Width)).Distinct().Order().ToArray();
            var values = slots.Select(_ => (float)(0.5 + random.NextDouble())).ToArray();
            store.Add(slots, values);
            labels[r] = slots.Select((s, k) => truth[s] * values[k]).Sum() > 0 ? 1 : 0;
        }
        return new SparseDataset(store, labels, Enumerable.Repeat(1f, rows).ToArray(), Width);
    }

    private static (float[] Parameters, TrainingHistory History) Train(NetworkArchitecture architecture, InMemoryDataset data, IOptimizer optimizer,
        int threads, bool lazy, int batch = 32, int epochs = 4, bool zeros = false)
    {
        var parameters = zeros ? new float[architecture.ParameterCount] : WeightInitializer.Initialize(architecture, seed: 2);
        var settings = new TrainingSettings
        {
            Epochs = epochs, BatchSize = batch, Shards = threads, Threads = threads, Seed = 7, SparseInput = data.IsSparse, LazySparseSteps = lazy,
        };
        var history = new TrainingLoop(architecture, ModelTask.Binary, settings, optimizer).Run(parameters, data, validation: null);
        return (parameters, history);
    }
}
