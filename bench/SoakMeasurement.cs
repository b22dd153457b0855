using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetOptimizers.Bench;

/// <summary>
/// The long soak: eight threads score one loaded model (an MLP 100-128-10 after Model.Save and Model.Load) for a fixed
/// time, half through Transform and half through a PredictionEngine each, every pass compared bit for bit with a
/// single-threaded pass; reports rows scored, exceptions, mismatches and the working set after warm-up and at the end.
/// Runs in a child process, so that the memory is its own.
/// </summary>
internal static class SoakMeasurement
{
    private const int Threads = 8;
    private const int Features = 100;

    public static string Run(bool quick)
    {
        int seconds = quick ? 5 : 60;
        var parts = ChildProcess.Run("--soak-child", seconds.ToString(CultureInfo.InvariantCulture)).Split(' ');
        return FormattableString.Invariant(
            $"### Soak: {Threads} threads scoring one loaded MLP 100-128-10 for {seconds} s (half Transform, half PredictionEngine)\n\n") +
            "| rows scored | rows/s | exceptions | passes differing from one thread | working set after warm-up (MB) | at the end (MB) | managed after warm-up → end (MB) |\n" +
            "|---:|---:|---:|---:|---:|---:|---|\n" +
            FormattableString.Invariant($"| {long.Parse(parts[0]):N0} | {double.Parse(parts[1], CultureInfo.InvariantCulture):N0} | {parts[2]} | {parts[3]} | {parts[4]} | {parts[5]} | {parts[6]} → {parts[7]} |\n");
    }

    /// <summary>The child side: prints "rows rowsPerSecond exceptions mismatches wsWarm wsEnd managedWarm managedEnd".</summary>
    public static string Child(int seconds)
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Transforms.Conversion.MapValueToKey("Label")
            .Fit(Datasets.BenchmarkSets.Synthetic(ml, 2_000, Features, 10, seed: 3))
            .Transform(Datasets.BenchmarkSets.Synthetic(ml, 2_000, Features, 10, seed: 3));
        var trained = ml.MulticlassClassification.Trainers.NeuralNetwork(new GradientTrainerOptions { HiddenLayers = [128], Epochs = 2, L2Regularization = 0.01f }).Fit(data);
        using var stream = new MemoryStream();
        ml.Model.Save(trained, data.Schema, stream);
        stream.Position = 0;
        var loaded = ml.Model.Load(stream, out _);
        data = ml.Data.Cache(data);
        var rows = data.GetColumn<float[]>("Features").Select(f => new Input { Features = f }).ToArray();
        var expected = loaded.Transform(data).GetColumn<float[]>("Score").SelectMany(s => s).ToArray();

        long scored = 0, exceptions = 0, mismatches = 0;
        void Soak(int thread, TimeSpan duration)
        {
            var engine = ml.Model.CreatePredictionEngine<Input, Output>(loaded);
            var prediction = new Output();
            var scores = new float[expected.Length];
            var clock = Stopwatch.StartNew();
            do
            {
                try
                {
                    if (thread % 2 == 0)
                    {
                        int at = 0;
                        foreach (var s in loaded.Transform(data).GetColumn<float[]>("Score"))
                        {
                            s.CopyTo(scores, at);
                            at += s.Length;
                        }
                    }
                    else
                    {
                        int at = 0;
                        foreach (var row in rows)
                        {
                            engine.Predict(row, ref prediction);
                            prediction.Score.CopyTo(scores, at);
                            at += prediction.Score.Length;
                        }
                    }
                    if (!scores.AsSpan().SequenceEqual(expected))
                    {
                        Interlocked.Increment(ref mismatches);
                    }
                    Interlocked.Add(ref scored, rows.Length);
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref exceptions);
                }
            }
            while (clock.Elapsed < duration);
        }
        void Round(TimeSpan duration)
        {
            var workers = Enumerable.Range(0, Threads).Select(t => new Thread(() => Soak(t, duration))).ToArray();
            foreach (var w in workers)
            {
                w.Start();
            }
            foreach (var w in workers)
            {
                w.Join();
            }
        }

        Round(TimeSpan.Zero); // one pass per thread: caches and JIT
        long managedWarm = GC.GetTotalMemory(forceFullCollection: true);
        double workingSetWarm = Process.GetCurrentProcess().WorkingSet64 / 1048576.0;
        scored = 0;
        var total = Stopwatch.StartNew();
        Round(TimeSpan.FromSeconds(seconds));
        double elapsed = total.Elapsed.TotalSeconds;
        long managedEnd = GC.GetTotalMemory(forceFullCollection: true);
        double workingSetEnd = Process.GetCurrentProcess().WorkingSet64 / 1048576.0;
        return FormattableString.Invariant(
            $"{scored} {scored / elapsed:0} {exceptions} {mismatches} {workingSetWarm:0} {workingSetEnd:0} {managedWarm / 1048576.0:0.0} {managedEnd / 1048576.0:0.0}");
    }

    private sealed class Input
    {
        [VectorType(SoakMeasurement.Features)]
        public float[] Features { get; set; } = [];
    }

    private sealed class Output
    {
        public float[] Score { get; set; } = [];
    }
}
