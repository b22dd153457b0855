using Microsoft.ML;

namespace MlNetOptimizers;

/// <summary>
/// Entry points on ML.NET's trainer catalogs: <c>mlContext.BinaryClassification.Trainers.LogisticRegression(...)</c>,
/// <c>.NeuralNetwork(...)</c>, their multiclass counterparts, and <c>mlContext.Regression.Trainers.LinearRegression(...)</c>
/// and <c>.NeuralNetwork(...)</c>.
/// </summary>
public static class CatalogExtensions
{
    /// <summary>Logistic regression trained by mini-batch gradient descent with a pluggable optimizer.</summary>
    /// <param name="catalog">The binary trainers catalog.</param>
    /// <param name="optimizer">The optimizer; null for the default, <see cref="TrainerDefaults.Optimizer"/>.</param>
    /// <param name="labelColumnName">Boolean label column.</param>
    /// <param name="featureColumnName">Known-size Single vector feature column.</param>
    /// <param name="epochs">The most passes over the data; training stops earlier once the loss has converged.</param>
    /// <param name="batchSize">Rows per mini-batch; null for the default, <see cref="TrainerDefaults.BatchSize"/>.</param>
    public static NeuralNetworkBinaryTrainer LogisticRegression(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog,
        IOptimizer? optimizer = null, string labelColumnName = "Label", string featureColumnName = "Features",
        int epochs = TrainerDefaults.Epochs, int? batchSize = null) =>
        LogisticRegression(catalog, Simple([], optimizer, labelColumnName, featureColumnName, epochs, batchSize));

    /// <summary>Logistic regression with all options; <see cref="GradientTrainerOptions.HiddenLayers"/> must be empty.</summary>
    public static NeuralNetworkBinaryTrainer LogisticRegression(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog,
        GradientTrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new NeuralNetworkBinaryTrainer(Linear(options, nameof(NeuralNetwork)));
    }

    /// <summary>A fully connected network (MLP) for binary classification; empty <paramref name="hiddenLayers"/> is logistic regression.</summary>
    /// <param name="catalog">The binary trainers catalog.</param>
    /// <param name="hiddenLayers">Widths of the hidden layers, e.g. <c>[64, 32]</c>.</param>
    /// <param name="optimizer">The optimizer; null for the default, <see cref="TrainerDefaults.Optimizer"/>.</param>
    /// <param name="labelColumnName">Boolean label column.</param>
    /// <param name="featureColumnName">Known-size Single vector feature column.</param>
    /// <param name="epochs">The most passes over the data; training stops earlier once the loss has converged.</param>
    /// <param name="batchSize">Rows per mini-batch; null for the default, <see cref="TrainerDefaults.BatchSize"/>.</param>
    public static NeuralNetworkBinaryTrainer NeuralNetwork(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog,
        int[] hiddenLayers, IOptimizer? optimizer = null, string labelColumnName = "Label", string featureColumnName = "Features",
        int epochs = TrainerDefaults.Epochs, int? batchSize = null) =>
        NeuralNetwork(catalog, Simple(hiddenLayers, optimizer, labelColumnName, featureColumnName, epochs, batchSize));

    /// <summary>A binary MLP with all options.</summary>
    public static NeuralNetworkBinaryTrainer NeuralNetwork(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog,
        GradientTrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new NeuralNetworkBinaryTrainer(options);
    }

    /// <summary>Softmax (multinomial logistic) regression trained by mini-batch gradient descent with a pluggable optimizer.</summary>
    /// <param name="catalog">The multiclass trainers catalog.</param>
    /// <param name="optimizer">The optimizer; null for the default, <see cref="TrainerDefaults.Optimizer"/>.</param>
    /// <param name="labelColumnName">Key-typed label column.</param>
    /// <param name="featureColumnName">Known-size Single vector feature column.</param>
    /// <param name="epochs">The most passes over the data; training stops earlier once the loss has converged.</param>
    /// <param name="batchSize">Rows per mini-batch; null for the default, <see cref="TrainerDefaults.BatchSize"/>.</param>
    public static NeuralNetworkMulticlassTrainer SoftmaxRegression(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        IOptimizer? optimizer = null, string labelColumnName = "Label", string featureColumnName = "Features",
        int epochs = TrainerDefaults.Epochs, int? batchSize = null) =>
        SoftmaxRegression(catalog, Simple([], optimizer, labelColumnName, featureColumnName, epochs, batchSize));

    /// <summary>Softmax regression with all options; <see cref="GradientTrainerOptions.HiddenLayers"/> must be empty.</summary>
    public static NeuralNetworkMulticlassTrainer SoftmaxRegression(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        GradientTrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new NeuralNetworkMulticlassTrainer(Linear(options, nameof(NeuralNetwork)));
    }

    /// <summary>A fully connected network (MLP) for multiclass classification; empty <paramref name="hiddenLayers"/> is softmax regression.</summary>
    /// <param name="catalog">The multiclass trainers catalog.</param>
    /// <param name="hiddenLayers">Widths of the hidden layers, e.g. <c>[128]</c>.</param>
    /// <param name="optimizer">The optimizer; null for the default, <see cref="TrainerDefaults.Optimizer"/>.</param>
    /// <param name="labelColumnName">Key-typed label column.</param>
    /// <param name="featureColumnName">Known-size Single vector feature column.</param>
    /// <param name="epochs">The most passes over the data; training stops earlier once the loss has converged.</param>
    /// <param name="batchSize">Rows per mini-batch; null for the default, <see cref="TrainerDefaults.BatchSize"/>.</param>
    public static NeuralNetworkMulticlassTrainer NeuralNetwork(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        int[] hiddenLayers, IOptimizer? optimizer = null, string labelColumnName = "Label", string featureColumnName = "Features",
        int epochs = TrainerDefaults.Epochs, int? batchSize = null) =>
        NeuralNetwork(catalog, Simple(hiddenLayers, optimizer, labelColumnName, featureColumnName, epochs, batchSize));

    /// <summary>A multiclass MLP with all options.</summary>
    public static NeuralNetworkMulticlassTrainer NeuralNetwork(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        GradientTrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new NeuralNetworkMulticlassTrainer(options);
    }

    /// <summary>
    /// Linear regression trained by mini-batch gradient descent with a pluggable optimizer, on the squared error of the
    /// standardized label (ridge regression with the default L2; the model predicts the label's units).
    /// </summary>
    /// <param name="catalog">The regression trainers catalog.</param>
    /// <param name="optimizer">The optimizer; null for the default, <see cref="TrainerDefaults.Optimizer"/>.</param>
    /// <param name="labelColumnName">Single label column.</param>
    /// <param name="featureColumnName">Known-size Single vector feature column.</param>
    /// <param name="epochs">The most passes over the data; training stops earlier once the loss has converged.</param>
    /// <param name="batchSize">Rows per mini-batch; null for the default, <see cref="TrainerDefaults.BatchSize"/>.</param>
    public static NeuralNetworkRegressionTrainer LinearRegression(this RegressionCatalog.RegressionTrainers catalog,
        IOptimizer? optimizer = null, string labelColumnName = "Label", string featureColumnName = "Features",
        int epochs = TrainerDefaults.Epochs, int? batchSize = null) =>
        LinearRegression(catalog, Simple([], optimizer, labelColumnName, featureColumnName, epochs, batchSize));

    /// <summary>Linear regression with all options; <see cref="GradientTrainerOptions.HiddenLayers"/> must be empty.</summary>
    public static NeuralNetworkRegressionTrainer LinearRegression(this RegressionCatalog.RegressionTrainers catalog,
        GradientTrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new NeuralNetworkRegressionTrainer(Linear(options, nameof(NeuralNetwork)));
    }

    /// <summary>A fully connected network (MLP) for regression; empty <paramref name="hiddenLayers"/> is linear regression.</summary>
    /// <param name="catalog">The regression trainers catalog.</param>
    /// <param name="hiddenLayers">Widths of the hidden layers, e.g. <c>[100]</c>.</param>
    /// <param name="optimizer">The optimizer; null for the default, <see cref="TrainerDefaults.Optimizer"/>.</param>
    /// <param name="labelColumnName">Single label column.</param>
    /// <param name="featureColumnName">Known-size Single vector feature column.</param>
    /// <param name="epochs">The most passes over the data; training stops earlier once the loss has converged.</param>
    /// <param name="batchSize">Rows per mini-batch; null for the default, <see cref="TrainerDefaults.BatchSize"/>.</param>
    public static NeuralNetworkRegressionTrainer NeuralNetwork(this RegressionCatalog.RegressionTrainers catalog,
        int[] hiddenLayers, IOptimizer? optimizer = null, string labelColumnName = "Label", string featureColumnName = "Features",
        int epochs = TrainerDefaults.Epochs, int? batchSize = null) =>
        NeuralNetwork(catalog, Simple(hiddenLayers, optimizer, labelColumnName, featureColumnName, epochs, batchSize));

    /// <summary>A regression MLP with all options.</summary>
    public static NeuralNetworkRegressionTrainer NeuralNetwork(this RegressionCatalog.RegressionTrainers catalog,
        GradientTrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new NeuralNetworkRegressionTrainer(options);
    }

    private static GradientTrainerOptions Simple(int[] hiddenLayers, IOptimizer? optimizer, string label, string features,
        int epochs, int? batchSize)
    {
        ArgumentNullException.ThrowIfNull(hiddenLayers);
        return new GradientTrainerOptions
        {
            HiddenLayers = hiddenLayers,
            Optimizer = optimizer,
            LabelColumnName = label,
            FeatureColumnName = features,
            Epochs = epochs,
            BatchSize = batchSize,
        };
    }

    private static GradientTrainerOptions Linear(GradientTrainerOptions options, string alternative)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.HiddenLayers is { Length: > 0 })
        {
            throw new ArgumentException(
                $"HiddenLayers is set ({string.Join("-", options.HiddenLayers)}); a linear model has none. Use {alternative} for a network.",
                nameof(options));
        }
        return options;
    }
}
