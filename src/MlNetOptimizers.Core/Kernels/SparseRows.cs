namespace MlNetOptimizers.Kernels;

/// <summary>
/// Rows of a sparse feature matrix in compressed-row form: row r's non-zero slots are
/// <c>Indices[Starts[r]..Starts[r + 1]]</c> with their values at the same places of <c>Values</c>. A batch buffer that
/// grows to the largest batch it has held, then allocates nothing.
/// </summary>
internal sealed class SparseRows
{
    private int[] _starts;
    private int[] _indices;
    private float[] _values;

    public SparseRows(int rows, int nonZeros)
    {
        _starts = new int[rows + 1];
        _indices = new int[Math.Max(nonZeros, 1)];
        _values = new float[Math.Max(nonZeros, 1)];
    }

    /// <summary>Rows held.</summary>
    public int Count { get; private set; }

    /// <summary>Non-zero entries held.</summary>
    public int NonZeros => _starts[Count];

    /// <summary>Where each row starts in <see cref="Indices"/> (Count + 1 entries).</summary>
    public ReadOnlySpan<int> Starts => _starts.AsSpan(0, Count + 1);

    /// <summary>The slots of every row's non-zeros, row after row.</summary>
    public ReadOnlySpan<int> Indices => _indices.AsSpan(0, NonZeros);

    /// <summary>The values of every row's non-zeros, row after row.</summary>
    public Span<float> Values => _values.AsSpan(0, NonZeros);

    public void Clear() => Count = 0;

    /// <summary>Appends a row of <paramref name="indices"/> (ascending) and <paramref name="values"/>.</summary>
    public void Add(ReadOnlySpan<int> indices, ReadOnlySpan<float> values)
    {
        int start = Append(indices.Length);
        indices.CopyTo(_indices.AsSpan(start));
        values.CopyTo(_values.AsSpan(start));
    }

    /// <summary>
    /// Appends a row of <paramref name="nonZeros"/> entries and returns where they start; write them through
    /// <see cref="WritableIndices"/> and <see cref="WritableValues"/>.
    /// </summary>
    public int Append(int nonZeros)
    {
        if (Count + 2 > _starts.Length)
        {
            Array.Resize(ref _starts, Math.Max(_starts.Length * 2, Count + 2));
        }
        int start = _starts[Count], end = checked(start + nonZeros);
        if (end > _indices.Length)
        {
            int capacity = (int)Math.Min(Array.MaxLength, Math.Max((long)_indices.Length * 2, end));
            Array.Resize(ref _indices, capacity);
            Array.Resize(ref _values, capacity);
        }
        Count++;
        _starts[Count] = end;
        return start;
    }

    /// <summary>The slots of the entries <paramref name="start"/>..+<paramref name="length"/>, to write.</summary>
    public Span<int> WritableIndices(int start, int length) => _indices.AsSpan(start, length);

    /// <summary>The values of the entries <paramref name="start"/>..+<paramref name="length"/>, to write.</summary>
    public Span<float> WritableValues(int start, int length) => _values.AsSpan(start, length);

    /// <summary>Row <paramref name="row"/>'s slots.</summary>
    public ReadOnlySpan<int> RowIndices(int row) => _indices.AsSpan(_starts[row], _starts[row + 1] - _starts[row]);

    /// <summary>Row <paramref name="row"/>'s values.</summary>
    public ReadOnlySpan<float> RowValues(int row) => _values.AsSpan(_starts[row], _starts[row + 1] - _starts[row]);
}
