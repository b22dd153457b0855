using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetOptimizers.Datasets;
using Spectre.Console;

namespace MlNetOptimizers.Samples.Regression;

/// <summary>
/// One run of the sample: an 80/20 split, the featurizer an ML.NET user writes (one-hot text columns, missing numbers
/// replaced, normalized), our two regressors with progress bars and ML.NET's SDCA, a table of test metrics, and the plots.
/// </summary>
internal static class RegressionRun
{
    public static void Run(QualityData data, string outputFolder, int seed)
    {
        var ml = new MLContext(seed);
        AnsiConsole.Write(new Rule($"[bold]{data.Name}[/]: {data.Rows:N0} rows, {data.NumericCount} numeric and {data.TextColumns.Count} text columns").LeftJustified());
        var (trainText, testText) = data.Split(ml, split: seed);
        var featurizer = data.Featurizer(ml).Fit(trainText);
        var train = ml.Data.Cache(featurizer.Transform(trainText));
        var test = ml.Data.Cache(featurizer.Transform(testText));

        var results = new List<Result>();
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(progress =>
            {
                foreach (var (name, hidden) in new[] { ("LinearRegression()", Array.Empty<int>()), ("NeuralNetwork([100])", [100]) })
                {
                    var task = progress.AddTask(Markup.Escape(name), maxValue: TrainerDefaults.Epochs);
                    var options = new GradientTrainerOptions { HiddenLayers = hidden, OnEpoch = epoch => Report(task, name, epoch) };
                    IEstimator<NeuralNetworkPredictionTransformer> trainer = hidden.Length == 0
                        ? ml.Regression.Trainers.LinearRegression(options)
                        : ml.Regression.Trainers.NeuralNetwork(options);
                    results.Add(Measure(ml, name, trainer, train, test, model => ((NeuralNetworkPredictionTransformer)model).History));
                    task.Value = task.MaxValue; // training usually converges before the most epochs
                    task.StopTask();
                }
                var sdca = progress.AddTask("ML.NET Sdca()", maxValue: 1).IsIndeterminate();
                results.Add(Measure(ml, "ML.NET Sdca()", ml.Regression.Trainers.Sdca(), train, test, _ => null));
                sdca.Increment(1);
                sdca.StopTask();
            });

        AnsiConsole.Write(Table(results));
        Directory.CreateDirectory(outputFolder);
        AnsiConsole.MarkupLineInterpolated($"  learning curves: [link]{RegressionPlots.LearningCurves(data.Name, results, outputFolder)}[/]");
        AnsiConsole.MarkupLineInterpolated($"  predicted versus actual: [link]{RegressionPlots.PredictedVersusActual(data.Name, results, outputFolder)}[/]");
    }

    /// <summary>A progress bar that counts the model's own epochs; the trial runs that choose its L2 penalty come first.</summary>
    private static void Report(ProgressTask task, string name, EpochRecord epoch)
    {
        if (epoch.SelectingL2 is { } l2)
        {
            task.Description = Markup.Escape($"{name}  choosing L2: trying {l2}, epoch {epoch.Epoch}");
            return;
        }
        task.Increment(1);
        task.Description = Markup.Escape($"{name}  epoch {epoch.Epoch}  loss {epoch.TrainLoss:F4}");
    }

    private static Result Measure<T>(MLContext ml, string name, IEstimator<T> trainer, IDataView train, IDataView test,
        Func<T, TrainingHistory?> history) where T : ITransformer
    {
        var clock = Stopwatch.StartNew();
        var model = trainer.Fit(train);
        double seconds = clock.Elapsed.TotalSeconds;
        var scored = model.Transform(test);
        var metrics = ml.Regression.Evaluate(scored);
        return new Result(name, metrics.RSquared, metrics.RootMeanSquaredError, metrics.MeanAbsoluteError, seconds, history(model),
            scored.GetColumn<float>("Label").ToArray(), scored.GetColumn<float>("Score").ToArray());
    }

    private static Table Table(IReadOnlyList<Result> results)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("trainer (defaults)")
            .AddColumn(new TableColumn("R²").RightAligned()).AddColumn(new TableColumn("RMSE").RightAligned())
            .AddColumn(new TableColumn("MAE").RightAligned()).AddColumn(new TableColumn("fit seconds").RightAligned())
            .AddColumn("chosen L2, epochs, stop");
        double best = results.Max(r => r.RSquared);
        foreach (var r in results)
        {
            string r2 = r.RSquared == best ? $"[green]{r.RSquared:F4}[/]" : $"{r.RSquared:F4}";
            string run = r.History is { } h ? $"{h.L2Regularization}, {h.Epochs.Count}, {h.StopReason}" : "";
            table.AddRow(Markup.Escape(r.Name), r2, r.Rmse.ToString("N0"), r.Mae.ToString("N0"), r.Seconds.ToString("F2"), run);
        }
        return table;
    }
}

/// <summary>Test metrics, learning curve and test predictions of one trainer.</summary>
internal sealed record Result(string Name, double RSquared, double Rmse, double Mae, double Seconds, TrainingHistory? History,
    float[] Actual, float[] Predicted);
