using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetOptimizers.Persistence;

/// <summary>
/// The values behind a multiclass label's keys (its <c>KeyValues</c> annotation, in key order), and how to rebuild a
/// PredictedLabel key column that carries them: class index → value (<c>MapValue</c>) → key (<c>MapValueToKey</c> with the
/// values as key data, which keeps their order).
/// </summary>
internal abstract class LabelKeyValues
{
    private const string KeyValuesKind = "KeyValues";

    public abstract int Count { get; }

    /// <summary>Whether a key column carries these classes, in this order.</summary>
    public bool SameClasses(DataViewSchema.Column column)
    {
        if (column.Type is not KeyDataViewType key || (int)key.Count != Count)
        {
            return false;
        }
        try
        {
            return From(column).Describe().SequenceEqual(Describe());
        }
        catch (NotSupportedException)
        {
            return false;
        }
    }

    /// <summary>The class values as text, for comparisons.</summary>
    public abstract IEnumerable<string> Describe();

    /// <summary>Adds PredictedLabel from the class index in <c>ScoringColumns.PredictedIndex</c>: index → value → key.</summary>
    public abstract void AppendPredictedLabel(ChainBuilder chain);

    /// <summary>Reads the label column's key values; without a KeyValues annotation the classes are named 0..K−1.</summary>
    public static LabelKeyValues From(DataViewSchema.Column label)
    {
        if (label.Type is not KeyDataViewType key)
        {
            throw new ArgumentException($"Label column '{label.Name}' is not a key type.");
        }
        int count = checked((int)key.Count);
        var annotations = label.Annotations;
        var valuesColumn = annotations.Schema.GetColumnOrNull(KeyValuesKind);
        if (valuesColumn is null)
        {
            return new Typed<uint>(Enumerable.Range(0, count).Select(i => (uint)i).ToArray());
        }
        var itemType = ((VectorDataViewType)valuesColumn.Value.Type).ItemType.RawType;
        return itemType switch
        {
            _ when itemType == typeof(ReadOnlyMemory<char>) => new Typed<string>(Read<ReadOnlyMemory<char>>(annotations).Select(v => v.ToString()).ToArray()),
            _ when itemType == typeof(float) => new Typed<float>(Read<float>(annotations)),
            _ when itemType == typeof(double) => new Typed<double>(Read<double>(annotations)),
            _ when itemType == typeof(int) => new Typed<int>(Read<int>(annotations)),
            _ when itemType == typeof(uint) => new Typed<uint>(Read<uint>(annotations)),
            _ when itemType == typeof(long) => new Typed<long>(Read<long>(annotations)),
            _ when itemType == typeof(bool) => new Typed<bool>(Read<bool>(annotations)),
            _ => throw new NotSupportedException(
                $"Label column '{label.Name}' has key values of type {itemType.Name}; supported: text, Single, Double, Int32, UInt32, Int64, Boolean."),
        };
    }

    private static T[] Read<T>(DataViewSchema.Annotations annotations)
    {
        VBuffer<T> buffer = default;
        annotations.GetValue(KeyValuesKind, ref buffer);
        return buffer.DenseValues().ToArray();
    }

    private sealed class Typed<T>(T[] values) : LabelKeyValues
    {
        public override int Count => values.Length;

        public override IEnumerable<string> Describe() => values.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "");

        public override void AppendPredictedLabel(ChainBuilder chain)
        {
            var ml = chain.ML;
            var lookup = values.Select((v, i) => new KeyValuePair<uint, T>((uint)i, v));
            var keyData = ml.Data.LoadFromEnumerable(values.Select(v => new ValueRow { Value = v }));
            chain.Fit(ml.Transforms.Conversion.MapValue(ScoringColumns.PredictedValue, lookup, ScoringColumns.PredictedIndex));
            chain.Fit(ml.Transforms.Conversion.MapValueToKey("PredictedLabel", ScoringColumns.PredictedValue, keyData: keyData));
        }

        private sealed class ValueRow
        {
            public T Value { get; set; } = default!;
        }
    }
}
