using MlNetOptimizers.Lab;
using Spectre.Console;

namespace MlNetOptimizers.Lab.Cli;

/// <summary>Runs the selected scenarios, writes their pictures and prints a summary table.</summary>
internal static class LabCommand
{
    public static int Run(LabSettings settings)
    {
        var scenarios = settings.SelectedScenarios();
        settings.Output.Create();

        foreach (var scenario in scenarios)
        {
            var runs = scenario.Run();
            var files = LabPlots.Draw(scenario, runs, settings.Output.FullName);
            AnsiConsole.Write(new Rule($"[bold]{Markup.Escape(scenario.Title)}[/]").LeftJustified());
            AnsiConsole.MarkupLineInterpolated($"[grey]f = {scenario.Function.Formula}, start ({scenario.Start.X:G4}, {scenario.Start.Y:G4}), {scenario.Steps} steps[/]");
            AnsiConsole.Write(SummaryTable(scenario, runs));
            foreach (var file in files)
            {
                AnsiConsole.MarkupLineInterpolated($"  wrote [link]{file}[/]");
            }
            AnsiConsole.WriteLine();
        }
        return 0;
    }

    private static Table SummaryTable(LabScenario scenario, IReadOnlyList<Trajectory> runs)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("optimizer")
            .AddColumn(new TableColumn($"steps to f - f* < {scenario.Tolerance:G2}").RightAligned())
            .AddColumn(new TableColumn("final point").RightAligned())
            .AddColumn(new TableColumn("final f - f*").RightAligned())
            .AddColumn(new TableColumn("first step length").RightAligned());
        foreach (var run in runs)
        {
            int? steps = run.StepsToReach(scenario.Tolerance);
            string reached = run.Steps < scenario.Steps ? $"[red]diverged at step {run.Steps + 1}[/]"
                : steps is { } s ? s.ToString() : "[yellow]not reached[/]";
            double gap = run.Values[^1] - scenario.Function.MinimumValue;
            string firstStep = run.Steps > 0 ? run.StepLengths()[0].ToString("G3") : "-";
            table.AddRow(Markup.Escape(run.Label), reached, $"({run.Final.X:F4}, {run.Final.Y:F4})", gap.ToString("0.00e+0"), firstStep);
        }
        return table;
    }
}
