using ScottPlot;

namespace MlNetOptimizers.Samples.Classification;

/// <summary>Writes the per-epoch training loss (solid) and held-out loss (dashed) of each trainer as a PNG.</summary>
internal static class LearningCurvePlot
{
    private static readonly Color[] Colors = [ScottPlot.Colors.Blue, ScottPlot.Colors.Red, ScottPlot.Colors.Purple, ScottPlot.Colors.DarkGreen, ScottPlot.Colors.Orange];

    public static string Write(string experiment, IReadOnlyList<ExperimentResult> results, string folder)
    {
        var plot = new Plot();
        int i = 0;
        foreach (var result in results.Where(r => r.History is { Epochs.Count: > 0 }))
        {
            var color = Colors[i++ % Colors.Length];
            var epochs = result.History!.Epochs;
            double[] xs = epochs.Select(e => (double)e.Epoch).ToArray();
            var train = plot.Add.ScatterLine(xs, epochs.Select(e => e.TrainLoss).ToArray(), color);
            train.LegendText = $"{result.Name}: train";
            train.LineWidth = 2;
            var held = plot.Add.ScatterLine(xs, epochs.Select(e => e.ValidationLoss ?? double.NaN).ToArray(), color);
            held.LegendText = $"{result.Name}: test";
            held.LinePattern = LinePattern.Dashed;
            held.LineWidth = 2;
        }
        plot.Title($"{experiment}: learning curves (cross-entropy, nats)");
        plot.XLabel("epoch");
        plot.YLabel("mean loss");
        plot.ShowLegend(Alignment.UpperRight);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{experiment}-learning-curves.png");
        plot.SavePng(path, 900, 600);
        return path;
    }
}
