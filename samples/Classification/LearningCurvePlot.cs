using ScottPlot;

namespace MlNetOptimizers.Samples.Classification;

/// <summary>Writes the per-epoch training loss of each trainer as a PNG (the test set is only used after training).</summary>
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
            train.LegendText = $"{result.Name} ({result.History.StopReason}, {epochs.Count} epochs)";
            train.LineWidth = 2;
        }
        plot.Title($"{experiment}: training loss per epoch (cross-entropy, nats)");
        plot.XLabel("epoch");
        plot.YLabel("mean loss");
        plot.ShowLegend(Alignment.UpperRight);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{experiment}-learning-curves.png");
        plot.SavePng(path, 900, 600);
        return path;
    }
}
