using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetOptimizers.Datasets;
using Xunit.Abstractions;

namespace MlNetOptimizers.Tests.Models;

/// <summary>Runs alone, so that its memory figures are its own.</summary>
[CollectionDefinition(nameof(RunsAlone), DisableParallelization = true)]
public sealed class RunsAlone
{
}

/// <summary>
/// A test-sized soak (the bench's <c>soak</c> section runs a longer one): eight threads score one loaded model for a fixed
/// time, half through Transform and half through a PredictionEngine each; every pass must equal a single-threaded pass
/// bit for bit, nothing may throw, and managed memory must not grow.
/// </summary>
[Collection(nameof(RunsAlone))]
public class SoakTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(4);
    private const int Threads = 8;
    private const long AllowedGrowthBytes = 16 << 20;

    private sealed class Input
    {
        [VectorType(64)]
        public float[] Features { get; set; } = [];
    }

    private sealed class Output
    {
        public float[] Score { get; set; } = [];

        public uint PredictedLabel { get; set; }
    }

    [Fact]
    public void Eight_threads_scoring_one_loaded_model_agree_with_one_thread_and_do_not_grow_memory()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Transforms.Conversion.MapValueToKey("Label").Fit(ClassificationSets.Digits(ml)).Transform(ClassificationSets.Digits(ml));
        var trained = ml.MulticlassClassification.Trainers.NeuralNetwork(new GradientTrainerOptions { HiddenLayers = [16], Epochs = 3 }).Fit(data);
        using var stream = new MemoryStream();
        ml.Model.Save(trained, data.Schema, stream);
        stream.Position = 0;
        var loaded = ml.Model.Load(stream, out _);

        var rows = data.GetColumn<float[]>("Features").Select(f => new Input { Features = f }).ToArray();
        var expected = Flatten(loaded.Transform(data).GetColumn<float[]>("Score"));

        long before = 0;
        var failures = new List<Exception>();
        int passes = 0;
        void Soak(int thread, TimeSpan duration)
        {
            var engine = ml.Model.CreatePredictionEngine<Input, Output>(loaded);
            var prediction = new Output();
            var clock = Stopwatch.StartNew();
            do
            {
                float[] scores;
                if (thread % 2 == 0)
                {
                    scores = Flatten(loaded.Transform(data).GetColumn<float[]>("Score"));
                }
                else
                {
                    scores = new float[expected.Length];
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
                    throw new InvalidOperationException($"Thread {thread}: scores differ from the single-threaded pass.");
                }
                Interlocked.Increment(ref passes);
            }
            while (clock.Elapsed < duration);
        }

        // One pass per thread to warm every thread's caches, then the measured round.
        for (int round = 0; round < 2; round++)
        {
            var duration = round == 0 ? TimeSpan.Zero : Duration;
            var workers = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
            {
                try
                {
                    Soak(t, duration);
                }
                catch (Exception e)
                {
                    lock (failures)
                    {
                        failures.Add(e);
                    }
                }
            })).ToArray();
            foreach (var w in workers)
            {
                w.Start();
            }
            foreach (var w in workers)
            {
                w.Join();
            }
            if (round == 0)
            {
                before = GC.GetTotalMemory(forceFullCollection: true);
                passes = 0;
            }
        }
        long after = GC.GetTotalMemory(forceFullCollection: true);
        output.WriteLine($"{passes} passes of {rows.Length} rows on {Threads} threads in {Duration.TotalSeconds} s; managed memory {before / 1048576.0:0.0} → {after / 1048576.0:0.0} MB");

        failures.Should().BeEmpty();
        passes.Should().BeGreaterThan(Threads);
        (after - before).Should().BeLessThan(AllowedGrowthBytes);
    }

    private static float[] Flatten(IEnumerable<float[]> scores) => scores.SelectMany(s => s).ToArray();
}
