using MlNetOptimizers.Lab;
using ScottPlot;

namespace MlNetOptimizers.Lab.Cli;

/// <summary>Draws a scenario's trajectories over the function's contours and its convergence curves.</summary>
internal static class LabPlots
{
    private const int Width = 900, Height = 700, GridSize = 160;

    // The classic colours: SGD black, momentum blue, RMSProp red, Adam purple.
    private static readonly Dictionary<string, Color> Palette = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sgd"] = Colors.Black,
        ["momentum"] = Colors.Blue,
        ["nesterov"] = Colors.DeepSkyBlue,
        ["rmsprop"] = Colors.Red,
        ["adam"] = Colors.Purple,
        ["adam-no-bias-correction"] = Colors.Orange,
        ["amsgrad"] = Colors.Magenta,
        ["adamw"] = Colors.DarkGreen,
        ["adagrad"] = Colors.Green,
    };

    public static IReadOnlyList<string> Draw(LabScenario scenario, IReadOnlyList<Trajectory> runs, string folder)
    {
        var files = new List<string>
        {
            DrawTrajectories(scenario, runs, Path.Combine(folder, $"{scenario.Name}-trajectories.png")),
            DrawConvergence(scenario, runs, Path.Combine(folder, $"{scenario.Name}-convergence.png")),
        };
        if (scenario.Name == "bias-correction")
        {
            files.Add(DrawStepLengths(scenario, runs, Path.Combine(folder, $"{scenario.Name}-step-lengths.png")));
        }
        return files;
    }

    private static string DrawTrajectories(LabScenario scenario, IReadOnlyList<Trajectory> runs, string path)
    {
        var plot = new Plot();
        var f = scenario.Function;
        var (xMin, xMax, yMin, yMax) = f.PlotBounds;

        // Contours of log(1 + f − f*) so that both the floor of a valley and its walls get lines.
        var grid = new Coordinates3d[GridSize, GridSize];
        for (int j = 0; j < GridSize; j++)
        {
            for (int i = 0; i < GridSize; i++)
            {
                double x = xMin + i * (xMax - xMin) / (GridSize - 1), y = yMin + j * (yMax - yMin) / (GridSize - 1);
                grid[j, i] = new Coordinates3d(x, y, Math.Log(1 + f.Value(x, y) - f.MinimumValue));
            }
        }
        var contours = plot.Add.ContourLines(grid);
        contours.LineColor = Colors.Gray.WithAlpha(0.6);

        foreach (var run in runs)
        {
            var xs = run.Points.Select(p => p.X).ToArray();
            var ys = run.Points.Select(p => p.Y).ToArray();
            var line = plot.Add.ScatterLine(xs, ys, ColorOf(run));
            line.LineWidth = 2;
            line.LegendText = run.Label;
        }
        var minimum = plot.Add.Marker(f.GlobalMinimum.X, f.GlobalMinimum.Y, MarkerShape.FilledDiamond, 12, Colors.Gold);
        minimum.LegendText = "global minimum";
        plot.Add.Marker(scenario.Start.X, scenario.Start.Y, MarkerShape.FilledCircle, 10, Colors.Green).LegendText = "start";

        plot.Title($"{scenario.Title}\nf = {f.Formula}");
        plot.XLabel("x");
        plot.YLabel("y");
        plot.Axes.SetLimits(xMin, xMax, yMin, yMax);
        plot.ShowLegend(Alignment.LowerRight);
        plot.SavePng(path, Width, Height);
        return path;
    }

    private static string DrawConvergence(LabScenario scenario, IReadOnlyList<Trajectory> runs, string path)
    {
        var plot = new Plot();
        foreach (var run in runs)
        {
            // f − f* on a log10 axis; clamp at 1e-16 so that an exact hit stays on the plot.
            var ys = run.Values.Select(v => Math.Log10(Math.Max(v - scenario.Function.MinimumValue, 1e-16))).ToArray();
            var xs = Enumerable.Range(0, ys.Length).Select(t => (double)t).ToArray();
            var line = plot.Add.ScatterLine(xs, ys, ColorOf(run));
            line.LineWidth = 2;
            line.LegendText = run.Label;
        }
        plot.Add.HorizontalLine(Math.Log10(scenario.Tolerance), 1, Colors.Gray, LinePattern.Dashed).LegendText = "tolerance";
        plot.Title($"{scenario.Name}: distance to the minimum value");
        plot.XLabel("step");
        plot.YLabel("log10(f - f*)");
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, Width, Height / 2 + 150);
        return path;
    }

    private static string DrawStepLengths(LabScenario scenario, IReadOnlyList<Trajectory> runs, string path)
    {
        var plot = new Plot();
        const int shown = 30;
        foreach (var run in runs)
        {
            var lengths = run.StepLengths().Take(shown).ToArray();
            var xs = Enumerable.Range(1, lengths.Length).Select(t => (double)t).ToArray();
            var line = plot.Add.Scatter(xs, lengths, ColorOf(run));
            line.LegendText = run.Label;
        }
        float lr = scenario.Optimizers[0].LearningRate;
        plot.Add.HorizontalLine(lr * Math.Sqrt(2), 1, Colors.Gray, LinePattern.Dashed).LegendText = "lr·√2 (lr per coordinate)";
        plot.Title("Adam's first steps with and without bias correction");
        plot.XLabel("step");
        plot.YLabel("step length ||x_t - x_(t-1)||");
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, Width, Height / 2 + 150);
        return path;
    }

    private static Color ColorOf(Trajectory run) =>
        Palette.TryGetValue(run.Label.Split(' ')[0], out var color) ? color : Colors.Teal;
}
