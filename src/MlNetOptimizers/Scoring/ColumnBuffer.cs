using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetOptimizers.Scoring;

/// <summary>
/// The values of one input column for the rows a read-ahead cursor has already moved past, so that the rows can be
/// served one by one after the cursor scored them as a batch. Vector values are copied, because a source may reuse
/// its buffers on the next row.
/// </summary>
internal abstract class ColumnBuffer
{
    /// <summary>A buffer of <paramref name="capacity"/> values of <paramref name="column"/>, read from <paramref name="input"/>.</summary>
    public static ColumnBuffer For(DataViewRow input, DataViewSchema.Column column, int capacity)
    {
        var type = column.Type is VectorDataViewType vector
            ? typeof(VectorColumnBuffer<>).MakeGenericType(vector.ItemType.RawType)
            : typeof(ValueColumnBuffer<>).MakeGenericType(column.Type.RawType);
        return (ColumnBuffer)Activator.CreateInstance(type, input, column, capacity)!;
    }

    /// <summary>Stores the input's current value in <paramref name="slot"/>.</summary>
    public abstract void Read(int slot);

    /// <summary>A getter of the value in the slot that <paramref name="slot"/> names when it is called.</summary>
    public abstract Delegate Getter(Func<int> slot);

    private sealed class ValueColumnBuffer<T>(DataViewRow input, DataViewSchema.Column column, int capacity) : ColumnBuffer
    {
        private readonly ValueGetter<T> _getter = input.GetGetter<T>(column);
        private readonly T[] _values = new T[capacity];

        public override void Read(int slot) => _getter(ref _values[slot]);

        public override Delegate Getter(Func<int> slot) => (ValueGetter<T>)((ref T value) => value = _values[slot()]);
    }

    private sealed class VectorColumnBuffer<T>(DataViewRow input, DataViewSchema.Column column, int capacity) : ColumnBuffer
    {
        private readonly ValueGetter<VBuffer<T>> _getter = input.GetGetter<VBuffer<T>>(column);
        private readonly VBuffer<T>[] _values = new VBuffer<T>[capacity];
        private VBuffer<T> _current;

        public override void Read(int slot)
        {
            _getter(ref _current);
            _current.CopyTo(ref _values[slot]);
        }

        public override Delegate Getter(Func<int> slot) => (ValueGetter<VBuffer<T>>)((ref VBuffer<T> value) => _values[slot()].CopyTo(ref value));
    }
}
