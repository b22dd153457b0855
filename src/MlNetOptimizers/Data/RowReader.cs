using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Microsoft.ML;
using Microsoft.ML.Data;

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
        if (!_cursor.MoveNext())
        {
            label = weight = 0;
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
        _buffer.CopyDenseTo(features);
        if (!AllFinite(features))
        {
            int slot = FirstNonFinite(features);
            throw new InvalidOperationException(
                $"Row {_row}: feature column '{_columns.Features.Name}' has {features[slot]} in slot {slot}. " +
                "Replace missing values first (e.g. mlContext.Transforms.ReplaceMissingValues) or filter the rows out.");
        }

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
