using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetOptimizers.Kernels;

namespace MlNetOptimizers.Data;

/// <summary>
/// Reads training rows from a cursor into caller buffers, rejecting any value the trainer cannot learn from with an
/// error that names the row, the column and the slot.
/// </summary>
internal sealed class RowReader : IDisposable
{
    private readonly DataViewRowCursor _cursor;
    private readonly TrainingColumns _columns;
    private readonly ValueGetter<VBuffer<float>> _features;
    private readonly LabelReader _label;
    private readonly ValueGetter<float>? _weight;
    private readonly CancellationToken _cancellation;
    private VBuffer<float> _buffer;
    private long _row = -1;

    public RowReader(IDataView data, TrainingColumns columns, ILabelRule label, CancellationToken cancellation)
    {
        _cancellation = cancellation;
        _columns = columns;
        var schema = data.Schema;
        _cursor = data.GetRowCursor(columns.All.Select(c => schema[c.Name]));
        _features = _cursor.GetGetter<VBuffer<float>>(schema[columns.Features.Name]);
        _label = label.LabelReader(_cursor, schema[columns.Label.Name], columns.ClassCount);
        if (columns.Weight is { } w)
        {
            _weight = _cursor.GetGetter<float>(schema[w.Name]);
        }
    }

    /// <summary>0-based number of the row last read, counted in the order this reader saw it.</summary>
    public long Row => _row;

    /// <summary>Reads the next row; false at the end of the data. Throws <see cref="OperationCanceledException"/> when cancelled.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Read(Span<float> features, out float label, out float weight)
    {
        if (!NextFeatures())
        {
            label = weight = 0;
            return false;
        }
        _buffer.CopyDenseTo(features);
        if (!AllFinite(features))
        {
            throw NotFinite(features[FirstNonFinite(features)], FirstNonFinite(features));
        }
        return LabelAndWeight(out label, out weight);
    }

    /// <summary>
    /// Reads the next row's non-zero entries, appended to <paramref name="rows"/> (the explicit zeros of a sparse vector
    /// and the zeros of a dense one are left out); false at the end of the data.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool ReadSparse(SparseRows rows, out float label, out float weight)
    {
        if (!NextFeatures())
        {
            label = weight = 0;
            return false;
        }
        var values = _buffer.GetValues();
        var indices = _buffer.IsDense ? default : _buffer.GetIndices();
        int nonZeros = 0;
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                throw NotFinite(values[i], _buffer.IsDense ? i : indices[i]);
            }
            nonZeros += values[i] != 0 ? 1 : 0;
        }
        int start = rows.Append(nonZeros);
        var slots = rows.WritableIndices(start, nonZeros);
        var kept = rows.WritableValues(start, nonZeros);
        for (int i = 0, k = 0; i < values.Length; i++)
        {
            if (values[i] != 0)
            {
                slots[k] = _buffer.IsDense ? i : indices[i];
                kept[k++] = values[i];
            }
        }
        return LabelAndWeight(out label, out weight);
    }

    /// <summary>Moves to the next row and reads its feature vector, checking its length; false at the end of the data.</summary>
    private bool NextFeatures()
    {
        if (!_cursor.MoveNext())
        {
            return false;
        }
        if (++_row % TrainingDataLoader.RowsBetweenCancellationChecks == 0)
        {
            _cancellation.ThrowIfCancellationRequested();
        }
        _features(ref _buffer);
        if (_buffer.Length != _columns.FeatureCount)
        {
            throw new InvalidOperationException(
                $"Row {_row}: feature column '{_columns.Features.Name}' has {_buffer.Length} values, expected {_columns.FeatureCount}.");
        }
        return true;
    }

    private InvalidOperationException NotFinite(float value, int slot) => new(
        $"Row {_row}: feature column '{_columns.Features.Name}' has {value} in slot {slot}. " +
        "Replace missing values first (e.g. mlContext.Transforms.ReplaceMissingValues) or filter the rows out.");

    /// <summary>The current row's label and example weight, checked.</summary>
    private bool LabelAndWeight(out float label, out float weight)
    {
        label = _label.Read(_row);

        weight = 1;
        if (_weight is not null)
        {
            _weight(ref weight);
            if (!float.IsFinite(weight) || weight < 0)
            {
                throw new InvalidOperationException(
                    $"Row {_row}: example weight column '{_columns.Weight!.Value.Name}' is {weight}; weights must be finite and >= 0.");
            }
        }
        return true;
    }

    /// <summary>x·0 is 0 for every finite x and NaN for NaN or ±∞: one vectorised pass screens the whole row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool AllFinite(ReadOnlySpan<float> values)
    {
        int i = 0;
        var sum = Vector256<float>.Zero;
        for (; i + 8 <= values.Length; i += 8)
        {
            sum += Vector256.Create(values.Slice(i, 8)) * Vector256<float>.Zero;
        }
        float tail = Vector256.Sum(sum);
        for (; i < values.Length; i++)
        {
            tail += values[i] * 0f;
        }
        return tail == 0f;
    }

    private static int FirstNonFinite(ReadOnlySpan<float> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                return i;
            }
        }
        return -1;
    }

    public void Dispose() => _cursor.Dispose();
}
