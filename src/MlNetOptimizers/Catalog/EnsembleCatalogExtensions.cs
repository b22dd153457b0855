using Microsoft.ML;
using MlNetOptimizers.Tasks;

namespace MlNetOptimizers;

/// <summary>
/// <c>mlContext.BinaryClassification.Trainers.Ensemble(...)</c>, <c>mlContext.MulticlassClassification.Trainers.Ensemble(...)</c>
/// and <c>mlContext.Regression.Trainers.Ensemble(...)</c>.
/// </summary>
public static class EnsembleCatalogExtensions
{
    /// <summary>An equally weighted binary ensemble of the given members (each a trainer or a whole pipeline).</summary>
    public static EnsembleTrainer Ensemble(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog,
        params IEstimator<ITransformer>[] members)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new EnsembleTrainer(MlNetTask.Binary, members, options: null);
    }

    /// <summary>A binary ensemble of <paramref name="count"/> members built by <paramref name="memberFactory"/>(i).</summary>
    public static EnsembleTrainer Ensemble(this BinaryClassificationCatalog.BinaryClassificationTrainers catalog,
        Func<int, IEstimator<ITransformer>> memberFactory, int count, EnsembleOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new EnsembleTrainer(MlNetTask.Binary, Build(memberFactory, count), options);
    }

    /// <summary>An equally weighted multiclass ensemble of the given members; the label must already be a key.</summary>
    public static EnsembleTrainer Ensemble(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        params IEstimator<ITransformer>[] members)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new EnsembleTrainer(MlNetTask.Multiclass, members, options: null);
    }

    /// <summary>A multiclass ensemble of <paramref name="count"/> members built by <paramref name="memberFactory"/>(i).</summary>
    public static EnsembleTrainer Ensemble(this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        Func<int, IEstimator<ITransformer>> memberFactory, int count, EnsembleOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new EnsembleTrainer(MlNetTask.Multiclass, Build(memberFactory, count), options);
    }

    /// <summary>An equally weighted regression ensemble of the given members (each a regressor or a whole pipeline): the mean of their Scores.</summary>
    public static EnsembleTrainer Ensemble(this RegressionCatalog.RegressionTrainers catalog, params IEstimator<ITransformer>[] members)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new EnsembleTrainer(MlNetTask.Regression, members, options: null);
    }

    /// <summary>A regression ensemble of <paramref name="count"/> members built by <paramref name="memberFactory"/>(i).</summary>
    public static EnsembleTrainer Ensemble(this RegressionCatalog.RegressionTrainers catalog,
        Func<int, IEstimator<ITransformer>> memberFactory, int count, EnsembleOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new EnsembleTrainer(MlNetTask.Regression, Build(memberFactory, count), options);
    }

    private static IEstimator<ITransformer>[] Build(Func<int, IEstimator<ITransformer>> memberFactory, int count)
    {
        ArgumentNullException.ThrowIfNull(memberFactory);
        if (count <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "An ensemble needs at least one member (count > 0).");
        }
        return Enumerable.Range(0, count).Select(memberFactory).ToArray();
    }
}
