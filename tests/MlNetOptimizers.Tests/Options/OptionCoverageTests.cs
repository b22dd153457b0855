using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetOptimizers.Tests.Options;

/// <summary>
/// Every option of <see cref="GradientTrainerOptions"/>, enumerated: a new option fails these tests until it says whether
/// it changes a run's trajectory (then a checkpoint's fingerprint must tell runs apart by it) and Clone copies it.
/// </summary>
public class OptionCoverageTests
{
    /// <summary>Per option: a setup both runs share, the change, and whether the change must change the fingerprint.</summary>
    private static readonly Dictionary<string, (Action<GradientTrainerOptions>? Base, Action<GradientTrainerOptions> Change, bool Changes)> Options = new()
    {
        [nameof(GradientTrainerOptions.LabelColumnName)] = (null, o => o.LabelColumnName = "Label2", true),
        [nameof(GradientTrainerOptions.FeatureColumnName)] = (null, o => o.FeatureColumnName = "Features2", true),
        [nameof(GradientTrainerOptions.ExampleWeightColumnName)] = (null, o => o.ExampleWeightColumnName = "Weight", true),
        [nameof(GradientTrainerOptions.HiddenLayers)] = (null, o => o.HiddenLayers = [5], true),
        [nameof(GradientTrainerOptions.Activation)] = (null, o => o.Activation = Activation.Tanh, true),
        [nameof(GradientTrainerOptions.Members)] = (null, o => o.Members = 2, true),
        [nameof(GradientTrainerOptions.Loss)] = (o => o.LabelColumnName = "Target", o => o.Loss = RegressionLoss.Huber(1f), true), // a regressor's
        [nameof(GradientTrainerOptions.Optimizer)] = (null, o => o.Optimizer = new Sgd(0.1f), true),
        [nameof(GradientTrainerOptions.LearningRateSchedule)] = (null, o => o.LearningRateSchedule = new StepDecaySchedule(1, 0.5f), true),
        [nameof(GradientTrainerOptions.Epochs)] = (o => o.L2Regularization = 0.01f, o => o.Epochs = 3, false), // a finished run may be resumed to run longer (with a fixed λ: trials as long as the run choose again)
        [nameof(GradientTrainerOptions.BatchSize)] = (null, o => o.BatchSize = 8, true),
        [nameof(GradientTrainerOptions.ConvergenceTolerance)] = (null, o => o.ConvergenceTolerance = 0.5, true),
        [nameof(GradientTrainerOptions.ConvergencePatience)] = (null, o => o.ConvergencePatience = 2, true),
        [nameof(GradientTrainerOptions.ReduceLearningRateOnPlateau)] = (null, o => o.ReduceLearningRateOnPlateau = null, true),
        [nameof(GradientTrainerOptions.L2Regularization)] = (null, o => o.L2Regularization = 0.5f, true),
        [nameof(GradientTrainerOptions.L2Candidates)] = (null, o => o.L2Candidates = [0.5f], true),
        [nameof(GradientTrainerOptions.GradientClipNorm)] = (null, o => o.GradientClipNorm = 1f, true),
        [nameof(GradientTrainerOptions.EarlyStoppingPatience)] = (o => o.ValidationFraction = 0.25f, o => o.EarlyStoppingPatience = 1, true),
        [nameof(GradientTrainerOptions.StandardizeFeatures)] = (null, o => o.StandardizeFeatures = false, true),
        [nameof(GradientTrainerOptions.ValidationFraction)] = (null, o => o.ValidationFraction = 0.25f, true),
        [nameof(GradientTrainerOptions.DataLoading)] = (null, o => o.DataLoading = DataLoadingMode.Streaming, true),
        [nameof(GradientTrainerOptions.MaxInMemoryBytes)] = (o => o.StreamingShufflePoolRows = 10, o => o.MaxInMemoryBytes = 500, true), // 40 rows take 960 bytes: streamed
        [nameof(GradientTrainerOptions.StreamingShufflePoolRows)] = (o => o.DataLoading = DataLoadingMode.Streaming, o => o.StreamingShufflePoolRows = 5, true),
        [nameof(GradientTrainerOptions.NumberOfThreads)] = (null, o => o.NumberOfThreads = 2, true),
        [nameof(GradientTrainerOptions.Seed)] = (null, o => o.Seed = 2, true),
        [nameof(GradientTrainerOptions.OnEpoch)] = (null, o => o.OnEpoch = _ => { }, false),
        [nameof(GradientTrainerOptions.Progress)] = (null, o => o.Progress = new Progress<EpochRecord>(), false),
        [nameof(GradientTrainerOptions.CancellationToken)] = (null, o => o.CancellationToken = new CancellationTokenSource().Token, false),
        [nameof(GradientTrainerOptions.CheckpointPath)] = (null, o => o.CheckpointPath = "elsewhere.ckpt", false),
    };

    private static IEnumerable<PropertyInfo> Properties() =>
        typeof(GradientTrainerOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite);

    public static TheoryData<string> Names => new(Options.Keys);

    [Fact]
    public void The_table_names_every_option_exactly_once() =>
        Options.Keys.Should().BeEquivalentTo(Properties().Select(p => p.Name), "every option says whether it changes a run");

    [Theory]
    [MemberData(nameof(Names))]
    public void A_checkpoint_tells_runs_apart_by_every_option_that_changes_their_trajectory(string option)
    {
        var (setup, change, changes) = Options[option];
        string before = Fingerprint(setup, null), after = Fingerprint(setup, change);
        if (changes)
        {
            after.Should().NotBe(before, $"{option} changes the run, so a checkpoint of the other setting must be refused");
        }
        else
        {
            after.Should().Be(before, $"{option} does not change the run, so it may change between a run and its resumption");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Clone_copies_every_option_and_shares_no_array(string option)
    {
        var options = new GradientTrainerOptions();
        Options[option].Base?.Invoke(options);
        Options[option].Change(options);
        var copy = options.Clone();
        foreach (var property in Properties())
        {
            object? original = property.GetValue(options), copied = property.GetValue(copy);
            if (original is Array array)
            {
                copied.Should().BeEquivalentTo(array, o => o.WithStrictOrdering());
                if (array.Length > 0)
                {
                    copied.Should().NotBeSameAs(array, $"{property.Name} is copied, so that changing the caller's array changes no trainer");
                }
            }
            else
            {
                copied.Should().Be(original, $"Clone copies {property.Name}");
            }
        }
    }

    /// <summary>The fingerprint a tiny two-epoch run of an MLP writes into its checkpoint: a binary classifier's, or a regressor's on "Target".</summary>
    private static string Fingerprint(Action<GradientTrainerOptions>? setup, Action<GradientTrainerOptions>? change)
    {
        var options = new GradientTrainerOptions { HiddenLayers = [4], Epochs = 2 };
        setup?.Invoke(options);
        change?.Invoke(options);
        var path = Path.Combine(Path.GetTempPath(), $"coverage-{Guid.NewGuid():N}.ckpt");
        options.CheckpointPath = path;
        try
        {
            var ml = new MLContext(seed: 1);
            IEstimator<ITransformer> trainer = options.LabelColumnName == "Target"
                ? ml.Regression.Trainers.NeuralNetwork(options)
                : ml.BinaryClassification.Trainers.NeuralNetwork(options);
            trainer.Fit(Data(ml));
            return TrainingCheckpoint.Read(path).Fingerprint;
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static IDataView Data(MLContext ml)
    {
        var random = new Random(3);
        var rows = Enumerable.Range(0, 40).Select(i => new Row
        {
            Features = [(float)random.NextDouble(), (float)random.NextDouble(), i % 2],
            Features2 = [(float)random.NextDouble(), (float)random.NextDouble(), i % 3],
            Label = i % 2 == 0,
            Label2 = i % 3 == 0,
            Weight = 1 + i % 4,
            Target = (float)random.NextDouble() * 100,
        }).ToArray();
        return ml.Data.LoadFromEnumerable(rows);
    }

    private sealed class Row
    {
        [VectorType(3)] public float[] Features { get; set; } = [];

        [VectorType(3)] public float[] Features2 { get; set; } = [];

        public bool Label { get; set; }

        public bool Label2 { get; set; }

        public float Weight { get; set; }

        public float Target { get; set; }
    }
}
