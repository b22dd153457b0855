using System.Diagnostics;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetOptimizers.Bench;

/// <summary>What one trainer achieved on one dataset, measured in a process of its own.</summary>
internal sealed record Measurement(
    string Dataset, string Trainer, bool Ours, double MedianSeconds, double TrainRowsPerSecond, double? Gflops,
    double PeakMegabytes, double Accuracy, double LogLoss, double ScoringRowsPerSecond)
{
    public string ToJson() => JsonSerializer.Serialize(this);

    public static Measurement FromJson(string json) => JsonSerializer.Deserialize<Measurement>(json)!;
}

/// <summary>Trains a trainer several times on a prepared dataset and measures time, quality and scoring speed.</summary>
internal static class Measure
{
    public static Measurement Run(string datasetName, string trainerName, int repeats, bool quick, int threads)
    {
        var ml = new MLContext(seed: 1);
        var data = BenchDatasets.Load(ml, datasetName, quick) ?? throw new InvalidOperationException($"{datasetName} is not available.");
        var trainer = BenchTrainers.For(datasetName, data.Binary, data.TrainRows).Single(t => t.Name == trainerName);
        Touch(data.Train);
        Touch(data.Test);

        var seconds = new List<double>();
        ITransformer? model = null;
        for (int i = 0; i < repeats; i++)
        {
            // The previous run's model and buffers must not count towards this run's peak memory.
            model = null;
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var estimator = trainer.Create(ml, data.Binary, threads);
            var clock = Stopwatch.StartNew();
            model = estimator.Fit(data.Train);
            seconds.Add(clock.Elapsed.TotalSeconds);
        }
        double median = seconds.Order().ElementAt(seconds.Count / 2);

        var scored = model!.Transform(data.Test);
        double accuracy, logLoss;
        int outputs;
        if (data.Binary)
        {
            var m = ml.BinaryClassification.Evaluate(scored);
            (accuracy, logLoss, outputs) = (m.Accuracy, m.LogLoss, 1);
        }
        else
        {
            var m = ml.MulticlassClassification.Evaluate(scored);
            (accuracy, logLoss, outputs) = (m.MicroAccuracy, m.LogLoss, ((VectorDataViewType)scored.Schema["Score"].Type).Size);
        }
        double scoring = ScoringRowsPerSecond(model, data.Test);
        double? gflops = trainer.Ours && trainer.Hidden.Length > 0
            ? trainer.FlopsPerRowEpoch(data.Features, outputs) * data.TrainRows * trainer.Epochs / median / 1e9
            : null;
        double peak = Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;
        return new Measurement(datasetName, trainerName, trainer.Ours, median, data.TrainRows / median, gflops, peak, accuracy, logLoss, scoring);
    }

    /// <summary>Reads every row of the data once so that caches are warm before timing.</summary>
    private static void Touch(IDataView data)
    {
        using var cursor = data.GetRowCursor(data.Schema);
        while (cursor.MoveNext())
        {
        }
    }

    /// <summary>
    /// Rows per second through Transform, reading the Score column of every row: after half a second of warm-up (so that
    /// the JIT has tiered up), the median of five windows of at least 0.2 s each.
    /// </summary>
    public static double ScoringRowsPerSecond(ITransformer model, IDataView test) =>
        RowsPerSecond(() => ReadScores(model.Transform(test)), windowSeconds: 0.2);

    /// <summary>
    /// The rate of <paramref name="pass"/> (which returns how many rows it handled): after half a second of warm-up, the
    /// median of five windows of at least <paramref name="windowSeconds"/> each.
    /// </summary>
    public static double RowsPerSecond(Func<long> pass, double windowSeconds)
    {
        double Window(double seconds)
        {
            long rows = 0;
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                rows += pass();
            }
            return rows / clock.Elapsed.TotalSeconds;
        }
        Window(0.5);
        return Enumerable.Range(0, 5).Select(_ => Window(windowSeconds)).Order().ElementAt(2);
    }

    private static long ReadScores(IDataView scored)
    {
        var score = scored.Schema["Score"];
        long rows = 0;
        using var cursor = scored.GetRowCursor([score]);
        if (score.Type is VectorDataViewType)
        {
            var getter = cursor.GetGetter<VBuffer<float>>(score);
            VBuffer<float> value = default;
            while (cursor.MoveNext())
            {
                getter(ref value);
                rows++;
            }
        }
        else
        {
            var getter = cursor.GetGetter<float>(score);
            float value = 0;
            while (cursor.MoveNext())
            {
                getter(ref value);
                rows++;
            }
        }
        return rows;
    }
}
