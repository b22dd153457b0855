using Spectre.Console;

namespace MlNetOptimizers.Samples.Classification;

/// <summary>Mean and spread of each trainer's test accuracy over several 80/20 splits.</summary>
internal static class SeedSummary
{
    public static void Print(string experiment, IReadOnlyList<IReadOnlyList<ExperimentResult>> runs)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"{experiment}: {runs.Count} splits")
            .AddColumn("trainer")
            .AddColumn(new TableColumn("mean accuracy").RightAligned())
            .AddColumn(new TableColumn("sd").RightAligned())
            .AddColumn(new TableColumn("mean log-loss").RightAligned())
            .AddColumn(new TableColumn("points vs ML.NET").RightAligned());
        var names = runs[0].Select(r => r.Name).ToList();
        double Mean(string name, Func<ExperimentResult, double> value) => runs.Average(run => value(run.Single(r => r.Name == name)));
        string baseline = names[^1];
        double baselineAccuracy = Mean(baseline, r => r.Accuracy);
        foreach (var name in names)
        {
            double mean = Mean(name, r => r.Accuracy);
            double sd = Math.Sqrt(runs.Average(run => Math.Pow(run.Single(r => r.Name == name).Accuracy - mean, 2)));
            table.AddRow(Markup.Escape(name), mean.ToString("F4"), sd.ToString("F4"), Mean(name, r => r.LogLoss).ToString("F4"),
                name == baseline ? "" : ((mean - baselineAccuracy) * 100).ToString("+0.00;-0.00"));
        }
        AnsiConsole.Write(table);
    }
}
