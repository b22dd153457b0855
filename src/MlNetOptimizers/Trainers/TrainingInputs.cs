using Microsoft.ML;
using MlNetOptimizers.Data;
using MlNetOptimizers.Tasks;
using MlNetOptimizers.Training;

namespace MlNetOptimizers.Trainers;

/// <summary>
/// The first step of a Fit: the data it trains on, found, split, read and checked — the columns (checked against the task),
/// the validation split, the training rows in memory or streamed, the pass that summarises them, and the validation rows.
/// </summary>
/// <param name="Columns">The training data's label, feature and weight columns.</param>
/// <param name="Train">The training rows, before standardization.</param>
/// <param name="Validation">The validation rows (given, or split off with ValidationFraction), or null.</param>
/// <param name="Summary">The pass over the training rows: labels, feature statistics.</param>
internal sealed record TrainingInputs(TrainingColumns Columns, IBatchSource Train, IBatchSource? Validation, DataSummary Summary)
{
    public static TrainingInputs Read(MLContext ml, IDataView trainData, IDataView? validationData, GradientTrainerOptions options,
        MlNetTask task, CancellationToken cancellation)
    {
        var columns = ResolveColumns(trainData.Schema, options, task);
        if (columns.ClassCount > Persistence.ClassGroupsRow.MaxClasses)
        {
            throw new ArgumentException(
                $"Label column '{columns.Label.Name}' has {columns.ClassCount} classes; a model of this library can have at most " +
                $"{Persistence.ClassGroupsRow.MaxClasses} (the largest that its saved form holds).", nameof(trainData));
        }

        string noTrainingRows = "The training data has no rows.", noValidationRows = "The validation data has no rows.";
        if (validationData is null && options.ValidationFraction > 0)
        {
            var split = ml.Data.TrainTestSplit(trainData, options.ValidationFraction, seed: options.Seed);
            (trainData, validationData) = (split.TrainSet, split.TestSet);
            noTrainingRows = $"ValidationFraction = {options.ValidationFraction} left no training rows: the split is random, and it took every row " +
                "for validation. Lower ValidationFraction, or pass a validation set to Fit.";
            noValidationRows = $"ValidationFraction = {options.ValidationFraction} left no validation rows: the split is random, and it took no row " +
                "for validation. Raise ValidationFraction, or pass a validation set to Fit.";
        }
        if (options.EarlyStoppingPatience > 0 && validationData is null)
        {
            throw new ArgumentException(
                "EarlyStoppingPatience needs validation data: set ValidationFraction or pass a validation set to Fit.",
                nameof(options));
        }

        var loading = new DataLoadingSettings(options.DataLoading, options.MaxInMemoryBytes, options.StreamingShufflePoolRows);
        var train = TrainingDataLoader.Load(ml, trainData, columns, task, loading, "training", cancellation, noTrainingRows);
        var summary = DataSummary.Of(train, task.Core, columns.ClassCount, options.StandardizeFeatures, cancellation);
        if (summary.Rows == 0)
        {
            throw new ArgumentException(noTrainingRows);
        }
        task.CheckTrainingLabels(summary.Labels, columns.Label.Name);
        SizeChecks.FeatureScales(summary, columns);
        if (train is StreamingBatchSource streamed)
        {
            streamed.LimitPoolTo(summary.Rows);
            SizeChecks.ShufflePool(options, columns, summary);
        }
        IBatchSource? validation = null;
        if (validationData is not null)
        {
            var validationColumns = ResolveColumns(validationData.Schema, options, task);
            if (validationColumns.FeatureCount != columns.FeatureCount || validationColumns.ClassCount != columns.ClassCount)
            {
                throw new ArgumentException(
                    $"The validation data has {validationColumns.FeatureCount} features and {validationColumns.ClassCount} classes; " +
                    $"the training data has {columns.FeatureCount} and {columns.ClassCount}.", nameof(validationData));
            }
            validation = TrainingDataLoader.Load(ml, validationData, validationColumns, task, loading, "validation", cancellation, noValidationRows,
                sparse: train.IsSparse);
        }
        return new TrainingInputs(columns, train, validation, summary);
    }

    private static TrainingColumns ResolveColumns(Microsoft.ML.DataViewSchema schema, GradientTrainerOptions options, MlNetTask task) =>
        TrainingColumns.Resolve(schema, options.LabelColumnName, options.FeatureColumnName, options.ExampleWeightColumnName, task);
}
