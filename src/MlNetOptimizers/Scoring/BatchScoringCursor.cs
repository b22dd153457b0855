using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetOptimizers.Data;
using MlNetOptimizers.Network;
using MlNetOptimizers.Tasks;

namespace MlNetOptimizers.Scoring;

/// <summary>
/// The cursor of a scored view when any model output is requested: it reads up to <see cref="BatchRows"/> rows ahead
/// from its input (the feature vectors into one matrix, the requested input columns into <see cref="ColumnBuffer"/>s),
/// scores them with one matrix product per layer, and serves them one by one. The scores equal the row-at-a-time
/// scorer's (<see cref="BatchPredictor"/>), and the rows come in the input's order with the input's row ids.
/// </summary>
internal sealed class BatchScoringCursor : DataViewRowCursor
{
    /// <summary>Rows scored together: enough for the products to run near the kernels' peak, few enough for the activations to stay in cache.</summary>
    public const int BatchRows = 128;

    private readonly DataViewRowCursor _input;
    private readonly ScoringOutputs _outputs;
    private readonly HashSet<int> _active;
    private readonly int _inputColumns;
    private readonly int _width;
    private readonly int _k;
    private readonly BatchPredictor _predictor;
    private readonly ValueGetter<VBuffer<float>> _features;
    private readonly ValueGetter<DataViewRowId> _inputId;
    private readonly ColumnBuffer?[] _passThrough;
    private readonly DataViewRowId[] _ids = new DataViewRowId[BatchRows];
    private readonly float[] _logits;
    private readonly float[] _probabilities;
    private readonly int[] _predicted = new int[BatchRows];
    private VBuffer<float> _row;
    private readonly VBuffer<float>[]? _rowBuffers; // a linear model: VBuffers over the predictor's row arrays
    private int _count;
    private int _slot = -1;
    private long _position = -1;
    private bool _inputEnded;

    public BatchScoringCursor(DataViewRowCursor input, ScoringOutputs outputs, DataViewSchema schema, HashSet<int> active)
    {
        _input = input;
        _outputs = outputs;
        Schema = schema;
        _active = active;
        _inputColumns = input.Schema.Count;
        var architecture = outputs.Model.Architecture;
        _width = architecture.InputSize;
        _k = architecture.OutputSize;
        _predictor = new BatchPredictor(outputs.Model, BatchRows);
        _features = input.GetGetter<VBuffer<float>>(input.Schema[outputs.FeatureColumn]);
        _inputId = input.GetIdGetter();
        _passThrough = new ColumnBuffer?[_inputColumns];
        foreach (int index in active.Where(i => i < _inputColumns))
        {
            _passThrough[index] = ColumnBuffer.For(input, input.Schema[index], BatchRows);
        }
        if (_predictor.InputArrays is { } arrays)
        {
            _rowBuffers = [.. arrays.Select(array => new VBuffer<float>(_width, array))];
        }
        _logits = new float[BatchRows * _k];
        _probabilities = new float[BatchRows * _k];
    }

    public override DataViewSchema Schema { get; }

    public override long Position => _position;

    public override long Batch => _input.Batch;

    public override ValueGetter<DataViewRowId> GetIdGetter() => (ref DataViewRowId id) => id = _ids[Current()];

    public override bool IsColumnActive(DataViewSchema.Column column) => _active.Contains(column.Index);

    public override bool MoveNext()
    {
        if (_slot + 1 >= _count && !ReadAndScore())
        {
            _slot = _count;
            return false;
        }
        _slot++;
        _position++;
        return true;
    }

    /// <summary>Reads the next batch from the input and scores it; false when the input has no more rows.</summary>
    private bool ReadAndScore()
    {
        _count = 0;
        _slot = -1;
        _predictor.Rows?.Clear();
        while (!_inputEnded && _count < BatchRows)
        {
            if (!_input.MoveNext())
            {
                _inputEnded = true;
                break;
            }
            if (_rowBuffers is not null)
            {
                ReadIntoRowArray(_count);
            }
            else
            {
                ReadRow();
            }
            _inputId(ref _ids[_count]);
            foreach (var column in _passThrough)
            {
                column?.Read(_count);
            }
            _count++;
        }
        if (_count == 0)
        {
            return false;
        }
        _predictor.Predict(_count, _logits, _probabilities, _predicted);
        return true;
    }

    /// <summary>The current input row into the predictor's batch: its non-zeros for a wide model, else its values.</summary>
    private void ReadRow()
    {
        _features(ref _row);
        CheckSize(_row.Length);
        if (_predictor.Rows is { } sparse)
        {
            _row.AsFeatures().AppendNonZerosTo(sparse);
        }
        else
        {
            _row.CopyDenseTo(_predictor.InputRow(_count));
        }
    }

    /// <summary>
    /// The current input row straight into the predictor's array for <paramref name="slot"/> (a dense source's getter
    /// writes into the array it is given), or copied there when the source gave other storage or a sparse row.
    /// </summary>
    private void ReadIntoRowArray(int slot)
    {
        ref var buffer = ref _rowBuffers![slot];
        _features(ref buffer);
        CheckSize(buffer.Length);
        var array = _predictor.InputArrays![slot];
        bool inArray = Unsafe.AreSame(ref MemoryMarshal.GetReference(buffer.GetValues()), ref MemoryMarshal.GetArrayDataReference(array));
        if (buffer.IsDense && inArray)
        {
            return;
        }
        buffer.CopyTo(ref _row); // a sparse row's values may sit in the array it is to be spread into
        _row.CopyDenseTo(array);
        if (!inArray)
        {
            buffer = new VBuffer<float>(_width, array); // the next row's getter writes into the array again
        }
        // A sparse row in the array keeps the buffer (and its indices' storage) for the next row's getter.
    }

    private void CheckSize(int length)
    {
        if (length != _width)
        {
            throw FeatureColumnRule.WrongRowSize(_input.Position, _outputs.FeatureColumn, length, _width);
        }
    }

    private int Current() => _slot >= 0 && _slot < _count
        ? _slot
        : throw new InvalidOperationException("The cursor is not on a row: call MoveNext first.");

    public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
    {
        if (!_active.Contains(column.Index))
        {
            throw new InvalidOperationException($"Column '{column.Name}' was not requested when the cursor was created.");
        }
        var getter = column.Index < _inputColumns
            ? _passThrough[column.Index]!.Getter(Current)
            : _outputs.Getter(column, () =>
            {
                int slot = Current();
                return new RowScores(_logits[slot * _k], _probabilities.AsMemory(slot * _k, _k), _predicted[slot]);
            });
        return ScoringOutputs.Typed<TValue>(getter, column);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _input.Dispose();
        }
        base.Dispose(disposing);
    }
}
