using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetOptimizers.Datasets;

namespace MlNetOptimizers.Bench;

/// <summary>
/// The text case of shared/notes/regression-and-text.md: the product reviews through <c>FeaturizeText</c> at its defaults,
/// every trainer at its defaults in a process of its own. The featurizer is fitted and its output cached before the
/// clock starts, and each trainer first fits 300 rows untimed (the JIT's first compilations), so that the seconds are
/// the trainer's own; the peak working set is the whole process's (the cached features included, the same for all).
/// Then the scale case: 1,000,000 synthetic rows × 1,000,000 slots, 50 non-zeros each.
/// </summary>
internal static class TextSection
{
    /// <summary>A trainer of the section: binary ones on the Boolean label, multiclass ones on the Score key.</summary>
    private sealed record Trainer(string Name, bool Ours, bool Multiclass, bool Calibrated, Func<MLContext, IEstimator<ITransformer>> Create);

    private static readonly Trainer[] Trainers =
    [
        new("ours LogisticRegression()", true, false, true, ml => ml.BinaryClassification.Trainers.LogisticRegression()),
        new("ours NeuralNetwork([100])", true, false, true, ml => ml.BinaryClassification.Trainers.NeuralNetwork([100])),
        new("ML.NET SdcaLogisticRegression()", false, false, true, ml => ml.BinaryClassification.Trainers.SdcaLogisticRegression()),
        new("ML.NET LbfgsLogisticRegression()", false, false, true, ml => ml.BinaryClassification.Trainers.LbfgsLogisticRegression()),
        new("ML.NET AveragedPerceptron()", false, false, false, ml => ml.BinaryClassification.Trainers.AveragedPerceptron()),
        new("ours SoftmaxRegression()", true, true, true, ml => ml.MulticlassClassification.Trainers.SoftmaxRegression()),
        new("ML.NET SdcaMaximumEntropy()", false, true, true, ml => ml.MulticlassClassification.Trainers.SdcaMaximumEntropy()),
        new("ML.NET LbfgsMaximumEntropy()", false, true, true, ml => ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy()),
    ];

    private sealed record Result(string Trainer, double Accuracy, double? Auc, double? LogLoss, double Seconds, double PeakMegabytes, int Epochs);

    public static string Run()
    {
        if (TextSets.Reviews(new MLContext(seed: 1)) is null)
        {
            return "### Text\n\nskipped: shared/data/text is not beside the checkout.\n";
        }
        var results = new List<Result>();
        foreach (var trainer in Trainers)
        {
            Console.Error.WriteLine($"text: {trainer.Name} ...");
            results.Add(JsonSerializer.Deserialize<Result>(ChildProcess.Run("--text-child", trainer.Name))!);
        }
        var text = new StringBuilder("### Text: product reviews through FeaturizeText (4,000 training rows, 1,000 test rows), every trainer at its defaults, each in its own process\n\n");
        text.AppendLine("| trainer | accuracy | AUC | log-loss | fit seconds | epochs | peak working set (MB) |\n|---|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            string auc = r.Auc is { } a ? F($"{a:0.0000}") : "", loss = r.LogLoss is { } l ? F($"{l:0.000}") : "", epochs = r.Epochs > 0 ? F($"{r.Epochs}") : "";
            text.AppendLine(F($"| {r.Trainer} | {r.Accuracy:0.0000} | {auc} | {loss} | {r.Seconds:0.00} | {epochs} | {r.PeakMegabytes:0} |"));
        }
        text.AppendLine();
        Result Of(string name) => results.Single(r => r.Trainer == name);
        var linear = Of("ours LogisticRegression()");
        var network = Of("ours NeuralNetwork([100])");
        var lbfgs = Of("ML.NET LbfgsLogisticRegression()");
        var best = new[] { Of("ML.NET SdcaLogisticRegression()"), lbfgs }.MaxBy(r => r.Accuracy)!;
        text.AppendLine("Targets (issue #21):");
        text.AppendLine(Target(F($"LogisticRegression() accuracy {linear.Accuracy:0.0000} >= the better of SDCA and L-BFGS ({best.Accuracy:0.0000})"), linear.Accuracy >= best.Accuracy));
        text.AppendLine(Target(F($"LogisticRegression() fit {linear.Seconds:0.00} s <= 0.25 × L-BFGS's {lbfgs.Seconds:0.00} s ({linear.Seconds / lbfgs.Seconds:0.00}×)"), linear.Seconds <= 0.25 * lbfgs.Seconds));
        text.AppendLine(Target(F($"LogisticRegression() peak {linear.PeakMegabytes:0} MB <= L-BFGS's {lbfgs.PeakMegabytes:0} MB + 100"), linear.PeakMegabytes <= lbfgs.PeakMegabytes + 100));
        text.AppendLine(Target(F($"NeuralNetwork([100]) accuracy {network.Accuracy:0.0000} >= LogisticRegression()'s {linear.Accuracy:0.0000}"), network.Accuracy >= linear.Accuracy));
        text.AppendLine(Target(F($"NeuralNetwork([100]) fit {network.Seconds:0.00} s <= 2 × L-BFGS's {lbfgs.Seconds:0.00} s ({network.Seconds / lbfgs.Seconds:0.00}×)"), network.Seconds <= 2 * lbfgs.Seconds));
        text.AppendLine();
        text.Append(ScaleCase());
        return text.ToString();
    }

    /// <summary>The child: one trainer on the reviews, its result as one line of JSON.</summary>
    public static string Child(string name)
    {
        var trainer = Trainers.Single(t => t.Name == name);
        var ml = new MLContext(seed: 1);
        var (train, test) = TextSets.Reviews(ml)!.Value;
        IEstimator<ITransformer> featurize = ml.Transforms.Text.FeaturizeText("Features", nameof(ProductReview.Review));
        if (trainer.Multiclass)
        {
            featurize = featurize.Append(ml.Transforms.Conversion.MapValueToKey("Label", nameof(ProductReview.Score)), TransformerScope.Everything);
        }
        var featurizer = featurize.Fit(train);
        var trainRows = QualitySection.Materialized(ml, featurizer.Transform(train));
        var testRows = QualitySection.Materialized(ml, featurizer.Transform(test));
        trainer.Create(ml).Fit(ml.Data.TakeRows(trainRows, 300));
        GC.Collect();
        GC.WaitForPendingFinalizers();

        var clock = Stopwatch.StartNew();
        var model = trainer.Create(ml).Fit(trainRows);
        double seconds = clock.Elapsed.TotalSeconds;
        double peak = Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;
        int epochs = model is NeuralNetworkPredictionTransformer ours ? ours.History.Epochs.Count : 0;
        var scored = model.Transform(testRows);
        Result result;
        if (trainer.Multiclass)
        {
            var metrics = ml.MulticlassClassification.Evaluate(scored);
            result = new Result(name, metrics.MicroAccuracy, null, metrics.LogLoss, seconds, peak, epochs);
        }
        else if (trainer.Calibrated)
        {
            var metrics = ml.BinaryClassification.Evaluate(scored);
            result = new Result(name, metrics.Accuracy, metrics.AreaUnderRocCurve, metrics.LogLoss, seconds, peak, epochs);
        }
        else
        {
            var metrics = ml.BinaryClassification.EvaluateNonCalibrated(scored);
            result = new Result(name, metrics.Accuracy, metrics.AreaUnderRocCurve, null, seconds, peak, epochs);
        }
        return JsonSerializer.Serialize(result);
    }

    /// <summary>The scale case, run in a child: what the process peaks at, against 12 bytes per non-zero + the model + 250 MB.</summary>
    private static string ScaleCase()
    {
        Console.Error.WriteLine("text: the scale case ...");
        var parts = ChildProcess.Run("--text-scale-child").Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        double peak = parts[0], baseline = parts[1], seconds = parts[2], epochs = parts[3], accuracy = parts[4];
        double bound = ScaleNonZeros * 12 / 1048576.0 + ScaleSlots * 4.0 * 4 / 1048576.0 + 250;
        return F($"### Scale: {ScaleRows:N0} rows × {ScaleSlots:N0} slots, {ScaleNonZerosPerRow} non-zeros per row, LogisticRegression(), {ScaleEpochs} epochs\n\n") +
            "| peak working set (MB) | before training (MB) | bound: 12 B per non-zero + model (with Adam's two moments and the gradient) + 250 MB | fit seconds | seconds per epoch | held-out accuracy |\n|---:|---:|---:|---:|---:|---:|\n" +
            F($"| {peak:0} | {baseline:0} | {bound:0} | {seconds:0.0} | {seconds / epochs:0.00} | {accuracy:0.0000} |\n\n") +
            Target(F($"the scale case trains in memory within {bound:0} MB: peak {peak:0} MB"), peak <= bound) + "\n";
    }

    private const int ScaleRows = 1_000_000, ScaleSlots = 1_000_000, ScaleNonZerosPerRow = 50, ScaleEpochs = 5;
    private const long ScaleNonZeros = (long)ScaleRows * ScaleNonZerosPerRow;

    /// <summary>The scale case's child: "peakMB baselineMB seconds epochs accuracy".</summary>
    public static string ScaleChild()
    {
        var ml = new MLContext(seed: 1);
        var schema = SchemaDefinition.Create(typeof(SparseRow));
        schema[nameof(SparseRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, ScaleSlots);
        var train = ml.Data.LoadFromEnumerable(Generate(0, ScaleRows), schema);
        var test = ml.Data.LoadFromEnumerable(Generate(ScaleRows, 20_000), schema);
        double baseline = Process.GetCurrentProcess().WorkingSet64 / 1048576.0;
        var clock = Stopwatch.StartNew();
        var model = ml.BinaryClassification.Trainers.LogisticRegression(new GradientTrainerOptions { Epochs = ScaleEpochs }).Fit(train);
        double seconds = clock.Elapsed.TotalSeconds;
        double peak = Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;
        if (!model.History.TrainedInMemory)
        {
            throw new InvalidOperationException("The scale case was streamed, not trained in memory.");
        }
        double accuracy = ml.BinaryClassification.Evaluate(model.Transform(test)).Accuracy;
        return F($"{peak:0} {baseline:0} {seconds:0.00} {model.History.Epochs.Count} {accuracy:0.0000}");
    }

    /// <summary>A row of the scale case.</summary>
    private sealed class SparseRow
    {
        public bool Label { get; set; }

        public VBuffer<float> Features { get; set; }
    }

    /// <summary>
    /// Rows made on demand from their index: 50 slots drawn with a Zipf-like skew (as words are), values 1, the label
    /// whether a fixed random weight per slot sums above 0 over the row (with 10% of labels flipped).
    /// </summary>
    private static IEnumerable<SparseRow> Generate(int first, int count)
    {
        for (int i = first; i < first + count; i++)
        {
            var random = new Random(i);
            var slots = new SortedSet<int>();
            while (slots.Count < ScaleNonZerosPerRow)
            {
                slots.Add((int)Math.Min(ScaleSlots - 1, Math.Pow(ScaleSlots, random.NextDouble())));
            }
            var indices = slots.ToArray();
            double score = indices.Sum(SlotWeight);
            bool label = score > 0 ^ random.NextDouble() < 0.1;
            yield return new SparseRow { Label = label, Features = new VBuffer<float>(ScaleSlots, indices.Length, Enumerable.Repeat(1f, indices.Length).ToArray(), indices) };
        }
    }

    /// <summary>A fixed pseudo-random weight in [−1, 1) per slot (a hash, no table).</summary>
    private static double SlotWeight(int slot)
    {
        uint h = (uint)slot * 2654435761u;
        h ^= h >> 15;
        h *= 2246822519u;
        h ^= h >> 13;
        return h / (double)uint.MaxValue * 2 - 1;
    }

    private static string Target(string text, bool met) => $"- {(met ? "met" : "NOT met")}: {text}";

    private static string F(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
