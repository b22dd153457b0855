using System.Diagnostics;
using Microsoft.ML;
using MlNetOptimizers.Datasets;
using Spectre.Console;

namespace MlNetOptimizers.Samples.Text;

/// <summary>
/// The sample's run: the tutorial's pipeline (<c>FeaturizeText</c>, then a binary trainer) for each trainer at its
/// defaults, a table of test metrics and fit times, and a few made-up reviews scored through a PredictionEngine.
/// </summary>
internal static class SentimentRun
{
    public static void Run(MLContext ml, IDataView train, IDataView test, bool network)
    {
        AnsiConsole.Write(new Rule("[bold]product reviews[/]: is the review rated great? (4,000 training rows, 1,000 test rows)").LeftJustified());
        var featurize = ml.Transforms.Text.FeaturizeText("Features", nameof(ProductReview.Review));
        var trainers = new List<(string Name, IEstimator<ITransformer> Trainer)>
        {
            ("ours LogisticRegression()", ml.BinaryClassification.Trainers.LogisticRegression()),
            ("ML.NET SdcaLogisticRegression()", ml.BinaryClassification.Trainers.SdcaLogisticRegression()),
            ("ML.NET LbfgsLogisticRegression()", ml.BinaryClassification.Trainers.LbfgsLogisticRegression()),
        };
        if (network)
        {
            trainers.Insert(1, ("ours NeuralNetwork([100])", ml.BinaryClassification.Trainers.NeuralNetwork([100])));
        }

        var table = new Table().Border(TableBorder.Rounded).AddColumn("FeaturizeText, then (defaults)")
            .AddColumn(new TableColumn("accuracy").RightAligned()).AddColumn(new TableColumn("AUC").RightAligned())
            .AddColumn(new TableColumn("F1").RightAligned()).AddColumn(new TableColumn("log-loss").RightAligned())
            .AddColumn(new TableColumn("fit seconds").RightAligned()).AddColumn("epochs, stop");
        ITransformer? ours = null;
        AnsiConsole.Status().Start("training", status =>
        {
            foreach (var (name, trainer) in trainers)
            {
                status.Status($"training {name}");
                var clock = Stopwatch.StartNew();
                var model = featurize.Append(trainer).Fit(train);
                double seconds = clock.Elapsed.TotalSeconds;
                var metrics = ml.BinaryClassification.Evaluate(model.Transform(test));
                string run = model.LastTransformer is NeuralNetworkPredictionTransformer trained
                    ? $"{trained.History.Epochs.Count}, {trained.History.StopReason}" : "";
                table.AddRow(Markup.Escape(name), $"{metrics.Accuracy:F4}", $"{metrics.AreaUnderRocCurve:F4}", $"{metrics.F1Score:F4}",
                    $"{metrics.LogLoss:F3}", $"{seconds:F2}", run);
                ours ??= model;
            }
        });
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine("[grey]fit seconds: the whole pipeline, FeaturizeText included (about a second of it); bench --sections text times the trainers alone.[/]");

        var engine = ml.Model.CreatePredictionEngine<ProductReview, Prediction>(ours!);
        var examples = new Table().Border(TableBorder.Rounded).AddColumn("review").AddColumn(new TableColumn("P(great)").RightAligned());
        foreach (var text in new[]
        {
            "Absolutely delicious, my kids love these and I will order again.",
            "Stale and bland. The box arrived crushed and half of it was broken.",
            "It is fine, nothing special, a bit too sweet for my taste.",
        })
        {
            examples.AddRow(Markup.Escape(text), $"{engine.Predict(new ProductReview { Review = text }).Probability:F3}");
        }
        AnsiConsole.Write(examples);
    }

    /// <summary>What the PredictionEngine returns.</summary>
    private sealed class Prediction
    {
        public float Probability { get; set; }

        public bool PredictedLabel { get; set; }
    }
}
