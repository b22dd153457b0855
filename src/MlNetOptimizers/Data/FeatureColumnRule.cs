using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetOptimizers.Data;

/// <summary>
/// The one statement of what a feature column must be (a known-size vector of Single), checked with the same messages
/// wherever a column is met: a schema shape (pipeline checks), a training schema (Fit) and a scoring schema (Transform).
/// </summary>
internal static class FeatureColumnRule
{
    private const string Fix = "use mlContext.Transforms.Concatenate to build one, and ConvertType for other numeric types";

    /// <summary>Returns the size of the feature column <paramref name="column"/>, or throws naming it.</summary>
    public static int Size(DataViewSchema.Column column)
    {
        if (column.Type is not VectorDataViewType vector || vector.ItemType != NumberDataViewType.Single)
        {
            throw new ArgumentException($"Feature column '{column.Name}' has type {column.Type}; a vector of Single is needed ({Fix}).");
        }
        if (!vector.IsKnownSize)
        {
            throw new ArgumentException(
                $"Feature column '{column.Name}' is a vector of unknown size; a known size is needed (e.g. declare it with " +
                "[VectorType(n)] or a TextLoader range).");
        }
        return vector.Size;
    }

    /// <summary>Checks the feature column of a schema shape, as <see cref="Size"/> checks a schema's.</summary>
    public static void Check(SchemaShape shape, string name)
    {
        if (!shape.TryFind(name, out var column))
        {
            throw new ArgumentException($"The feature column '{name}' is not in the data.");
        }
        if (column.Kind != SchemaShape.Column.VectorKind.Vector || column.ItemType != NumberDataViewType.Single)
        {
            string kind = column.Kind == SchemaShape.Column.VectorKind.Scalar ? "a scalar" : $"a {column.Kind}";
            throw new ArgumentException(
                $"Feature column '{name}' is {kind} of {column.ItemType}; a known-size vector of Single is needed ({Fix}).");
        }
    }

    /// <summary>Checks the feature column of a scoring schema against the size the model was trained on.</summary>
    public static void CheckForScoring(DataViewSchema schema, string name, int trainedSize)
    {
        var column = schema.GetColumnOrNull(name) ?? throw new ArgumentException(
            $"The feature column '{name}' is not in the data; the model was trained on it.");
        if (column.Type is VectorDataViewType { ItemType: var item, IsKnownSize: false } && item == NumberDataViewType.Single)
        {
            throw new ArgumentException($"Feature column '{name}' has an unknown number of slots; the model was trained on {trainedSize}.");
        }
        int size = Size(column);
        if (size != trainedSize)
        {
            throw WrongSize(name, size, trainedSize);
        }
    }

    /// <summary>The error for a feature vector of the wrong size, the same from a trained transformer and a loaded chain.</summary>
    public static ArgumentException WrongSize(string name, int size, int trainedSize) =>
        new($"Feature column '{name}' has {size} slots; the model was trained on {trainedSize}.");

    /// <summary>The error for one row whose feature vector (of a column of variable size) has the wrong number of values.</summary>
    public static InvalidOperationException WrongRowSize(long row, string name, int size, int trainedSize) =>
        new($"Row {row}: feature column '{name}' has {size} values; the model expects {trainedSize}.");
}
