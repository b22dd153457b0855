using ScottPlot;

namespace MlNetOptimizers.Samples.Regression;

/// <summary>The sample's pictures: training loss per epoch, and each model's test predictions against the actual labels.</summary>
internal static class RegressionPlots
{
    private static readonly Color[] Colors = [ScottPlot.Colors.Blue, ScottPlot.Colors.Red, ScottPlot.Colors.DarkGreen];

    public static string LearningCurves(string data, IReadOnlyList<Result> results, string folder)
    {
        var plot = new Plot();
        int i = 0;
        foreach (var result in results.Where(r => r.History is { Epochs.Count: > 0 }))
        {
            var epochs = result.History!.Epochs;
            var line = plot.Add.ScatterLine(epochs.Select(e => (double)e.Epoch).ToArray(), epochs.Select(e => e.TrainLoss).ToArray(), Colors[i++ % Colors.Length]);
            line.LegendText = $"{result.Name} (L2 {result.History.L2Regularization}, {result.History.StopReason} after {epochs.Count} epochs)";
            line.LineWidth = 2;
        }
        plot.Title($"{data}: training loss per epoch (½·squared error of the standardized label)");
        plot.XLabel("epoch");
        plot.YLabel("mean loss");
        plot.ShowLegend(Alignment.UpperRight);
        return Save(plot, folder, $"{data}-learning-curves.png");
    }

    public static string PredictedVersusActual(string data, IReadOnlyList<Result> results, string folder)
    {
        var plot = new Plot();
        int i = 0;
        foreach (var result in results)
        {
            var points = plot.Add.ScatterPoints(result.Actual.Select(v => (double)v).ToArray(), result.Predicted.Select(v => (double)v).ToArray(),
                Colors[i++ % Colors.Length]);
            points.MarkerSize = 4;
            points.LegendText = $"{result.Name}: R² {result.RSquared:F3}";
        }
        double low = results.Min(r => r.Actual.Min()), high = results.Max(r => r.Actual.Max());
        var diagonal = plot.Add.Line(low, low, high, high);
        diagonal.LinePattern = LinePattern.Dashed;
        diagonal.Color = ScottPlot.Colors.Gray;
        diagonal.LegendText = "predicted = actual";
        plot.Title($"{data}: test rows, predicted against actual");
        plot.XLabel("actual");
        plot.YLabel("predicted");
        plot.ShowLegend(Alignment.UpperLeft);
        return Save(plot, folder, $"{data}-predicted-versus-actual.png");
    }

    private static string Save(Plot plot, string folder, string file)
    {
        var path = Path.Combine(folder, file);
        plot.SavePng(path, 900, 600);
        return path;
    }
}
