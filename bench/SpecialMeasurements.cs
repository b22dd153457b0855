using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.ML;
using MlNetOptimizers.Datasets;

namespace MlNetOptimizers.Bench;

/// <summary>The targeted measurements: epoch time, streaming memory, parallel ensembles and scoring after Save/Load.</summary>
internal static class SpecialMeasurements
{
    /// <summary>
    /// Milliseconds per epoch of MLP 100-128-10, batch 256, Adam, on 160,000 synthetic rows: one and two threads,
    /// alternated twice, each run's median of epochs 2–8, the better run of each setting. In a run's first epochs the
    /// runtime's background JIT also wants a core, which a two-thread training on two vCPUs cannot spare; those epochs are
    /// reported separately.
    /// </summary>
    public static string EpochTime(bool quick, double peakGflops, out double oneThreadMs)
    {
        var ml = new MLContext(seed: 1);
        var data = BenchDatasets.Load(ml, "synthetic-10", quick)!;
        var text = new StringBuilder("### MLP 100-128-10, batch 256, Adam: milliseconds per epoch\n\n" +
            "| threads | ms per epoch (median of epochs 2–8, better of 2 runs) | first three epochs of each run (ms) | rows | GFLOP/s | % of one core's peak | speed-up |\n|---:|---:|---|---:|---:|---:|---:|\n");
        var trainer = new BenchTrainer("MLP", true, 5, [128], (_, _, _) => throw new NotSupportedException());
        double flops = trainer.FlopsPerRowEpoch(100, 10) * data.TrainRows;
        var medians = new Dictionary<int, List<double>> { [1] = [], [2] = [] };
        var starts = new Dictionary<int, List<string>> { [1] = [], [2] = [] };
        foreach (int threads in new[] { 1, 2, 1, 2 })
        {
            // A fixed λ: this times the model's epochs, without the trial runs that choose λ by default.
            var options = new GradientTrainerOptions { HiddenLayers = [128], Epochs = 8, BatchSize = 256, NumberOfThreads = threads, L2Regularization = 0.01f };
            var epochs = ml.MulticlassClassification.Trainers.NeuralNetwork(options).Fit(data.Train).History.Epochs;
            medians[threads].Add(epochs.Skip(1).Select(e => e.Seconds).Order().ElementAt(3));
            starts[threads].Add(string.Join("/", epochs.Take(3).Select(e => (e.Seconds * 1000).ToString("0", CultureInfo.InvariantCulture))));
        }
        oneThreadMs = medians[1].Min() * 1000;
        foreach (int threads in new[] { 1, 2 })
        {
            double seconds = medians[threads].Min();
            double gflops = flops / seconds / 1e9;
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {threads} | {seconds * 1000:0.0} | {string.Join(", ", starts[threads])} | {data.TrainRows:N0} | {gflops:0.0} | {gflops / peakGflops * 100:0}% | {oneThreadMs / (seconds * 1000):0.00}× |"));
        }
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"\nOne core's FMA peak, measured in this run (12 independent FMA chains of the widest native vectors, in registers): {peakGflops:0} GFLOP/s."));
        return text.ToString();
    }

    /// <summary>Trains from a binary .idv file larger than the memory allowed, streaming, in a child process; reports its peak memory.</summary>
    public static string Streaming(bool quick)
    {
        int rows = quick ? 200_000 : 2_000_000;
        var path = Path.Combine(Path.GetTempPath(), $"mlnetopt-stream-{rows}.idv");
        if (!File.Exists(path))
        {
            var ml = new MLContext(seed: 1);
            var data = ml.Transforms.Conversion.MapValueToKey("Label")
                .Fit(BenchmarkSets.Synthetic(ml, 1000, 100, 10, 1)).Transform(BenchmarkSets.Synthetic(ml, rows, 100, 10, seed: 7));
            using var stream = File.Create(path + ".partial");
            ml.Data.SaveAsBinary(data, stream);
            stream.Close();
            File.Move(path + ".partial", path, overwrite: true);
        }
        var json = ChildProcess.Run("--stream-child", path);
        var parts = json.Split(' ');
        long fileBytes = new FileInfo(path).Length;
        return string.Create(CultureInfo.InvariantCulture,
            $"### Streaming\n\nSoftmax regression, 1 epoch, DataLoading = Streaming, from a {fileBytes / 1048576.0:N0} MB binary IDataView file " +
            $"({rows:N0} rows × 100 features, about {rows * 100 * 4 / 1048576.0:N0} MB as dense floats): peak working set **{parts[0]} MB**, {parts[1]} s.\n");
    }

    /// <summary>The child side of <see cref="Streaming"/>.</summary>
    public static string StreamingChild(string path)
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromBinary(path);
        var options = new GradientTrainerOptions { Epochs = 1, BatchSize = 256, DataLoading = DataLoadingMode.Streaming, Optimizer = new Adam(0.01f) };
        var clock = Stopwatch.StartNew();
        ml.MulticlassClassification.Trainers.SoftmaxRegression(options).Fit(data);
        double peak = Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;
        return string.Create(CultureInfo.InvariantCulture, $"{peak:0} {clock.Elapsed.TotalSeconds:0.0}");
    }

    /// <summary>Four MLP members trained in parallel against the same four one after the other.</summary>
    public static string Ensemble(bool quick)
    {
        var ml = new MLContext(seed: 1);
        var data = BenchDatasets.Load(ml, "synthetic-10", quick)!;
        IEstimator<ITransformer> Member(int i) => ml.MulticlassClassification.Trainers.NeuralNetwork(
            new GradientTrainerOptions { HiddenLayers = [128], Epochs = 3, BatchSize = 256, Seed = i, L2Regularization = 0.01f });
        double Time(int parallelism)
        {
            var clock = Stopwatch.StartNew();
            ml.MulticlassClassification.Trainers.Ensemble(Member, 4, new EnsembleOptions { MaxDegreeOfParallelism = parallelism }).Fit(data.Train);
            return clock.Elapsed.TotalSeconds;
        }
        Time(2); // warm-up
        // Alternate the two settings and keep each one's best, so that a slow moment of the machine hits both alike.
        double sequential = double.MaxValue, parallel = double.MaxValue;
        for (int round = 0; round < (quick ? 1 : 3); round++)
        {
            sequential = Math.Min(sequential, Time(1));
            parallel = Math.Min(parallel, Time(2));
        }
        return string.Create(CultureInfo.InvariantCulture,
            $"### Ensemble of 4 MLP members (100-128-10, 3 epochs, {data.TrainRows:N0} rows; best of {(quick ? 1 : 3)} alternating rounds)\n\n| members at once | seconds | ratio |\n|---:|---:|---:|\n" +
            $"| 1 (sequential) | {sequential:0.00} | 1.00 |\n| 2 (parallel) | {parallel:0.00} | {parallel / sequential:0.00} |\n");
    }

    /// <summary>
    /// Scoring rows/s through Transform of the trained transformer, of the same model after Model.Save and Model.Load (a
    /// chain of public ML.NET transforms), and of that loaded model after RestoreNetworkScorers, beside ML.NET's L-BFGS
    /// model treated alike.
    /// </summary>
    public static string Loaded(bool quick)
    {
        var ml = new MLContext(seed: 1);
        var data = BenchDatasets.Load(ml, "synthetic-10", quick)!;
        var text = new StringBuilder($"### Scoring after Save/Load (synthetic-10 test set, {data.Features} features)\n\n" +
            "| model | rows/s, trained transformer | rows/s, after Model.Save + Model.Load | ratio | rows/s, loaded + RestoreNetworkScorers | ratio |\n|---|---:|---:|---:|---:|---:|\n");
        var trainers = new (string Name, IEstimator<ITransformer> Trainer)[]
        {
            ("ML.NET L-BFGS max-entropy", ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy()),
            ("softmax", ml.MulticlassClassification.Trainers.SoftmaxRegression(epochs: 2)),
            ("MLP 256", ml.MulticlassClassification.Trainers.NeuralNetwork(new GradientTrainerOptions { HiddenLayers = [256], Epochs = 1, L2Regularization = 0.01f })),
            ("ensemble of 3 MLP 256", ml.MulticlassClassification.Trainers.Ensemble(
                i => ml.MulticlassClassification.Trainers.NeuralNetwork(new GradientTrainerOptions { HiddenLayers = [256], Epochs = 1, Seed = i, L2Regularization = 0.01f }), 3)),
        };
        foreach (var (name, trainer) in trainers)
        {
            var model = trainer.Fit(data.Train);
            using var stream = new MemoryStream();
            ml.Model.Save(model, data.Train.Schema, stream);
            stream.Position = 0;
            var loaded = ml.Model.Load(stream, out var schema);
            var restored = loaded.RestoreNetworkScorers(schema);
            double before = Measure.ScoringRowsPerSecond(model, data.Test), after = Measure.ScoringRowsPerSecond(loaded, data.Test);
            double fast = Measure.ScoringRowsPerSecond(restored, data.Test);
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {before:N0} | {after:N0} | {after / before:0.00} | {fast:N0} | {fast / before:0.00} |"));
        }
        return text.ToString();
    }
}
