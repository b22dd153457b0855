using System.Diagnostics;
using Microsoft.ML;
using Spectre.Console;

namespace MlNetOptimizers.Samples.Classification;

/// <summary>Runs one experiment: split, featurize, train every contender with a progress bar, evaluate, plot.</summary>
internal static class ExperimentRunner
{
    public static IReadOnlyList<ExperimentResult>? Run(Experiment experiment, string outputFolder, int seed)
    {
        var ml = new MLContext(seed);
        AnsiConsole.Write(new Rule($"[bold]{experiment.Name}[/]").LeftJustified());
        var data = experiment.Load(ml);
        if (data is null)
        {
            AnsiConsole.MarkupLineInterpolated($"[yellow]skipped:[/] {experiment.MissingDataHint} was not found beside the checkout.");
            return null;
        }

        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: seed);
        var featurizer = experiment.Featurize(ml).Fit(split.TrainSet);
        var train = ml.Data.Cache(featurizer.Transform(split.TrainSet));
        var test = ml.Data.Cache(featurizer.Transform(split.TestSet));

        var results = new List<ExperimentResult>();
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(progress =>
            {
                foreach (var contender in experiment.Contenders)
                {
                    NeuralNetworkTrainerBase? trainer = null;
                    ProgressTask? task = null;
                    trainer = contender.Create(epoch =>
                    {
                        if (epoch.SelectingL2 is { } l2)
                        {
                            // The trial runs that choose the L2 penalty come first; the bar counts the model's own epochs.
                            task!.Description = Markup.Escape($"{contender.Name}  choosing L2: trying {l2}, epoch {epoch.Epoch}");
                            return;
                        }
                        task!.Increment(1);
                        task.Description = Markup.Escape($"{contender.Name}  epoch {epoch.Epoch}  loss {epoch.TrainLoss:F4}");
                    });
                    // The bar runs to the maximum number of epochs; training usually converges before it and fills the bar.
                    task = progress.AddTask(Markup.Escape(contender.Name), maxValue: trainer.Options.Epochs);
                    var clock = Stopwatch.StartNew();
                    var model = trainer.Fit(train);
                    task.Value = task.MaxValue;
                    results.Add(Evaluate(ml, experiment, contender.Name, model, test, clock.Elapsed.TotalSeconds, model.History));
                    task.StopTask();
                }

                var baselineTask = progress.AddTask(Markup.Escape(experiment.Baseline.Name), maxValue: 1).IsIndeterminate();
                var stopwatch = Stopwatch.StartNew();
                var baseline = experiment.Baseline.Create(ml).Fit(train);
                results.Add(Evaluate(ml, experiment, experiment.Baseline.Name, baseline, test, stopwatch.Elapsed.TotalSeconds, history: null));
                baselineTask.Increment(1);
                baselineTask.StopTask();
            });

        AnsiConsole.Write(ResultTable(experiment, results));
        var plot = LearningCurvePlot.Write(experiment.Name, results, outputFolder);
        AnsiConsole.MarkupLineInterpolated($"  learning curves: [link]{plot}[/]");
        AnsiConsole.WriteLine();
        return results;
    }

    private static ExperimentResult Evaluate(MLContext ml, Experiment experiment, string name, ITransformer model, IDataView test,
        double seconds, TrainingHistory? history)
    {
        var scored = model.Transform(test);
        if (experiment.Binary)
        {
            var m = ml.BinaryClassification.EvaluateNonCalibrated(scored);
            var logLoss = scored.Schema.GetColumnOrNull("Probability") is null ? double.NaN
                : ml.BinaryClassification.Evaluate(scored).LogLoss;
            return new ExperimentResult(name, m.Accuracy, m.AreaUnderRocCurve, logLoss, seconds, history);
        }
        var mc = ml.MulticlassClassification.Evaluate(scored);
        return new ExperimentResult(name, mc.MicroAccuracy, mc.MacroAccuracy, mc.LogLoss, seconds, history);
    }

    private static Table ResultTable(Experiment experiment, IReadOnlyList<ExperimentResult> results)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("trainer")
            .AddColumn(new TableColumn("accuracy").RightAligned())
            .AddColumn(new TableColumn(experiment.Binary ? "AUC" : "macro accuracy").RightAligned())
            .AddColumn(new TableColumn("log-loss (ML.NET)").RightAligned())
            .AddColumn(new TableColumn("train seconds").RightAligned());
        double best = results.Max(r => r.Accuracy);
        foreach (var r in results)
        {
            string accuracy = r.Accuracy == best ? $"[green]{r.Accuracy:F4}[/]" : $"{r.Accuracy:F4}";
            table.AddRow(Markup.Escape(r.Name), accuracy, r.Secondary.ToString("F4"), r.LogLoss.ToString("F4"), r.Seconds.ToString("F2"));
        }
        return table;
    }
}

/// <summary>Test metrics and learning curve of one trainer on one experiment.</summary>
internal sealed record ExperimentResult(string Name, double Accuracy, double Secondary, double LogLoss, double Seconds, TrainingHistory? History);
