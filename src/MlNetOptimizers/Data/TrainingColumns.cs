using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetOptimizers.Data;

/// <summary>
/// The label, feature and weight columns of a training set, checked against what a task needs, with errors that
/// name the column and the transform that would fix it.
/// </summary>
internal sealed record TrainingColumns(
    DataViewSchema.Column Label, DataViewSchema.Column Features, DataViewSchema.Column? Weight, int FeatureCount, int ClassCount)
{
    /// <summary>Finds and checks the columns named by the trainer's options.</summary>
    /// <param name="schema">The training (or validation) data's schema.</param>
    /// <param name="label">LabelColumnName.</param>
    /// <param name="featureColumn">FeatureColumnName.</param>
    /// <param name="exampleWeight">ExampleWeightColumnName, or null.</param>
    /// <param name="task">The task, which decides the label type.</param>
    public static TrainingColumns Resolve(DataViewSchema schema, string label, string featureColumn, string? exampleWeight, ILabelRule task)
    {
        var features = Find(schema, featureColumn, "feature", "FeatureColumnName");
        int featureCount = FeatureColumnRule.Size(features);

        var labelColumn = Find(schema, label, "label", "LabelColumnName");
        int classCount = task.LabelClasses(labelColumn);

        DataViewSchema.Column? weight = null;
        if (!string.IsNullOrEmpty(exampleWeight))
        {
            var w = Find(schema, exampleWeight, "example weight", "ExampleWeightColumnName");
            if (w.Type != NumberDataViewType.Single)
            {
                throw new ArgumentException($"Example weight column '{w.Name}' has type {w.Type}; it must be Single.");
            }
            weight = w;
        }
        return new TrainingColumns(labelColumn, features, weight, featureCount, classCount);
    }

    private static DataViewSchema.Column Find(DataViewSchema schema, string? name, string role, string option)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException($"{option} is empty; name the {role} column.");
        }
        return schema.GetColumnOrNull(name) ?? throw new ArgumentException(
            $"The {role} column '{name}' ({option}) is not in the data. Columns present: " +
            string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => $"'{c.Name}'")) + ".");
    }

    public IEnumerable<DataViewSchema.Column> All => Weight is { } w ? [Label, Features, w] : [Label, Features];
}
