using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetOptimizers;

/// <summary>
/// The label, feature and weight columns of a training set, checked against what a model kind needs, with errors that
/// name the column and the transform that would fix it.
/// </summary>
internal sealed record TrainingColumns(
    DataViewSchema.Column Label, DataViewSchema.Column Features, DataViewSchema.Column? Weight, int FeatureCount, int ClassCount)
{
    public static TrainingColumns Resolve(DataViewSchema schema, GradientTrainerOptions options, ModelKind kind)
    {
        var features = Find(schema, options.FeatureColumnName, "feature", nameof(options.FeatureColumnName));
        if (features.Type is not VectorDataViewType { ItemType: NumberDataViewType } vector || vector.ItemType != NumberDataViewType.Single)
        {
            throw new ArgumentException(
                $"Feature column '{features.Name}' has type {features.Type}; the trainer needs a vector of Single " +
                "(use mlContext.Transforms.Concatenate to build one, and ConvertType for other numeric types).");
        }
        if (!vector.IsKnownSize)
        {
            throw new ArgumentException(
                $"Feature column '{features.Name}' is a vector of unknown size; the trainer needs a known size (e.g. declare it " +
                "with [VectorType(n)] or a TextLoader range).");
        }

        var label = Find(schema, options.LabelColumnName, "label", nameof(options.LabelColumnName));
        int classCount;
        if (kind == ModelKind.Binary)
        {
            if (label.Type != BooleanDataViewType.Instance)
            {
                throw new ArgumentException(
                    $"Label column '{label.Name}' has type {label.Type}; binary classification needs a Boolean label " +
                    "(load it as bool, or map it with mlContext.Transforms.CustomMapping / Expression).");
            }
            classCount = 2;
        }
        else
        {
            if (label.Type is not KeyDataViewType key)
            {
                throw new ArgumentException(
                    $"Label column '{label.Name}' has type {label.Type}; multiclass classification needs a key type. " +
                    $"Add mlContext.Transforms.Conversion.MapValueToKey(\"{label.Name}\") before the trainer.");
            }
            if (key.Count < 2 || key.Count > int.MaxValue)
            {
                throw new ArgumentException($"Label column '{label.Name}' has {key.Count} key values; at least 2 classes are needed.");
            }
            classCount = (int)key.Count;
        }

        DataViewSchema.Column? weight = null;
        if (!string.IsNullOrEmpty(options.ExampleWeightColumnName))
        {
            var w = Find(schema, options.ExampleWeightColumnName, "example weight", nameof(options.ExampleWeightColumnName));
            if (w.Type != NumberDataViewType.Single)
            {
                throw new ArgumentException($"Example weight column '{w.Name}' has type {w.Type}; it must be Single.");
            }
            weight = w;
        }
        return new TrainingColumns(label, features, weight, vector.Size, classCount);
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
