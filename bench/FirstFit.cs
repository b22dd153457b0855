using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;

namespace MlNetOptimizers.Bench;

/// <summary>
/// What a small Fit costs in a fresh process (the JIT, ML.NET's first cursors, our first training) and once warm:
/// iris (150 rows, data/iris.csv) with the default softmax regression and an MLP [16], each in its own child process.
/// </summary>
internal static class FirstFit
{
    private const int Processes = 3, WarmFits = 5;

    public static string Run()
    {
        var runs = Enumerable.Range(0, Processes)
            .Select(_ => ChildProcess.Run("--firstfit-child").Trim().Split('\n')[^1].Split(' ')
                .Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray())
            .ToArray();
        double Median(int column) => runs.Select(r => r[column]).Order().ElementAt(Processes / 2);
        return $"### A small Fit: iris, 150 rows, default settings (median of {Processes} fresh processes)\n\n" +
            "| trainer | first Fit in the process (ms) | warm Fit (ms, median of 5) |\n|---|---:|---:|\n" +
            string.Create(CultureInfo.InvariantCulture,
                $"| SoftmaxRegression() | {Median(0):0} | {Median(1):0.0} |\n| NeuralNetwork([16]) | {Median(2):0} | {Median(3):0.0} |\n");
    }

    /// <summary>The child: first and warm Fit times of both trainers, in ms, on one line.</summary>
    public static string Child()
    {
        var ml = new MLContext(seed: 1);
        var data = Datasets.ClassificationSets.Iris(ml);
        var keyed = ml.Data.Cache(ml.Transforms.Conversion.MapValueToKey("Label").Fit(data).Transform(data));
        var times = new List<double>();
        foreach (var trainer in new IEstimator<ITransformer>[]
        {
            ml.MulticlassClassification.Trainers.SoftmaxRegression(),
            ml.MulticlassClassification.Trainers.NeuralNetwork([16]),
        })
        {
            double Fit()
            {
                var clock = Stopwatch.StartNew();
                trainer.Fit(keyed);
                return clock.Elapsed.TotalMilliseconds;
            }
            times.Add(Fit());
            times.Add(Enumerable.Range(0, WarmFits).Select(_ => Fit()).Order().ElementAt(WarmFits / 2));
        }
        return string.Join(' ', times.Select(t => t.ToString("0.0", CultureInfo.InvariantCulture)));
    }
}
