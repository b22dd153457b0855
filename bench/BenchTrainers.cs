using Microsoft.ML;

namespace MlNetOptimizers.Bench;

/// <summary>A trainer in the benchmark: ML.NET's own or ours (then with its epochs and hidden layers, for FLOP counts).</summary>
internal sealed record BenchTrainer(string Name, bool Ours, int Epochs, int[] Hidden, Func<MLContext, bool, int, IEstimator<ITransformer>> Create)
{
    /// <summary>Floating-point operations per training row and epoch of an MLP: forward 2·in·out per layer, the weight
    /// gradient as much again, and the input gradient for every layer but the first.</summary>
    public double FlopsPerRowEpoch(int features, int outputs)
    {
        int[] sizes = [features, .. Hidden, outputs];
        double flops = 0;
        for (int l = 0; l + 1 < sizes.Length; l++)
        {
            flops += (l == 0 ? 4.0 : 6.0) * sizes[l] * sizes[l + 1];
        }
        return flops;
    }
}

/// <summary>The trainers compared, for a binary or a multiclass task.</summary>
internal static class BenchTrainers
{
    /// <summary>
    /// The trainers for a task. Small sets (under 20,000 rows) get 30 epochs of batch 32; larger ones batch 256 and
    /// enough epochs (at least 5) for about 3,000 optimizer steps. Where that one rule misses the linear target (log-loss
    /// within 1% of L-BFGS in a quarter of its time), one extra row, marked "tuned", shows settings that reach it.
    /// </summary>
    public static IReadOnlyList<BenchTrainer> For(string dataset, bool binary, int trainRows)
    {
        bool small = trainRows < 20_000;
        int batchSize = small ? 32 : 256;
        int epochs = small ? 30 : Math.Max(5, (int)Math.Ceiling(3000.0 * batchSize / trainRows));
        int linearEpochs = epochs, mlpEpochs = epochs;
        var list = new List<BenchTrainer>();
        if (binary)
        {
            list.Add(new("ML.NET L-BFGS logistic", false, 0, [], (ml, _, _) => ml.BinaryClassification.Trainers.LbfgsLogisticRegression()));
            list.Add(new("ML.NET SDCA logistic", false, 0, [], (ml, _, _) => ml.BinaryClassification.Trainers.SdcaLogisticRegression()));
        }
        else
        {
            list.Add(new("ML.NET L-BFGS max-entropy", false, 0, [], (ml, _, _) => ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy()));
            list.Add(new("ML.NET SDCA max-entropy", false, 0, [], (ml, _, _) => ml.MulticlassClassification.Trainers.SdcaMaximumEntropy()));
        }
        string linear = binary ? "logistic" : "softmax";
        foreach (var (name, create) in Optimizers())
        {
            list.Add(Ours($"{linear}, {name}", linearEpochs, batchSize, [], create));
        }
        list.AddRange(Tuned(dataset));
        list.Add(Ours("MLP 128, Adam", mlpEpochs, batchSize, [128], () => new Adam(0.002f)));
        list.Add(Ours("MLP 128, SGD+momentum", mlpEpochs, batchSize, [128], () => new Momentum(0.05f)));
        return list;
    }

    /// <summary>
    /// Settings found by a small sweep (batch 32–1024, 1–80 epochs, Adam 0.02–0.2, momentum 0.1–1): the binary synthetic
    /// set converges in three epochs of large batches; Shuttle's rare classes need ten times the generic rule's steps.
    /// </summary>
    private static IEnumerable<BenchTrainer> Tuned(string dataset) => dataset switch
    {
        "synthetic-2" => [Ours("logistic, SGD+momentum (tuned: batch 1024, 3 epochs)", 3, 1024, [], () => new Momentum(0.1f))],
        "shuttle" => [Ours("softmax, Adam 0.2 (tuned: batch 128, 80 epochs)", 80, 128, [], () => new Adam(0.2f))],
        _ => [],
    };

    private static IEnumerable<(string, Func<IOptimizer>)> Optimizers() =>
    [
        ("SGD", () => new Sgd(0.5f)),
        ("SGD+momentum", () => new Momentum(0.1f)),
        ("AdaGrad", () => new AdaGrad(0.2f)),
        ("RMSProp", () => new RmsProp(0.005f)),
        ("Adam", () => new Adam(0.02f)),
        ("AdamW", () => new AdamW(0.02f, weightDecay: 1e-4f)),
    ];

    private static BenchTrainer Ours(string name, int epochs, int batchSize, int[] hidden, Func<IOptimizer> optimizer) =>
        new(name, true, epochs, hidden, (ml, binary, threads) =>
        {
            var options = new GradientTrainerOptions
            {
                HiddenLayers = hidden,
                Optimizer = optimizer(),
                Epochs = epochs,
                BatchSize = batchSize,
                LearningRateSchedule = new CosineSchedule(epochs, minimumFactor: 0.05f),
                NumberOfThreads = threads > 0 ? threads : null,
                ConvergenceTolerance = 0, // a fixed budget of epochs: these tables compare speed at a given quality
                ReduceLearningRateOnPlateau = null,
                L2Regularization = 0.01f, // one training per row: the tables time a fixed budget, not the choice of λ
            };
            return binary
                ? ml.BinaryClassification.Trainers.NeuralNetwork(options)
                : ml.MulticlassClassification.Trainers.NeuralNetwork(options);
        });
}
