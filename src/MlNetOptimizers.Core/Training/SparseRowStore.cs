namespace MlNetOptimizers.Training;

/// <summary>
/// The non-zeros of many sparse rows, appended in one pass over data whose size is not known beforehand: slots and values
/// in pages that are never copied (the first small, doubling up to <see cref="MaxPageEntries"/>), a row never split
/// between two pages, so that memory is 8 bytes per non-zero and 12 per row with no transient copy, and no single array
/// bounds the total.
/// </summary>
internal sealed class SparseRowStore
{
    /// <summary>Entries of the largest page (8 MB of slots and values); a longer row gets a page of its own.</summary>
    public const int MaxPageEntries = 1 << 20;

    private const int FirstPageEntries = 1 << 12;

    private readonly List<int[]> _indexPages = [];
    private readonly List<float[]> _valuePages = [];
    private readonly List<int> _pageUsed = [];
    private long[] _locations; // page << 32 | offset in the page
    private int[] _lengths;

    public SparseRowStore(int expectedRows = 0)
    {
        _locations = new long[Math.Max(expectedRows, 16)];
        _lengths = new int[_locations.Length];
    }

    public int RowCount { get; private set; }

    public long NonZeros { get; private set; }

    public int PageCount => _indexPages.Count;

    /// <summary>What the store holds in memory, in bytes.</summary>
    public long Bytes => 12L * _locations.Length + _indexPages.Sum(p => 8L * p.Length);

    /// <summary>Appends a row of <paramref name="indices"/> (ascending) and their <paramref name="values"/>.</summary>
    public void Add(ReadOnlySpan<int> indices, ReadOnlySpan<float> values)
    {
        if (RowCount == _locations.Length)
        {
            int capacity = (int)Math.Min(Array.MaxLength, 2L * _locations.Length);
            if (capacity == RowCount)
            {
                throw new InvalidOperationException($"Sparse training data has more than {Array.MaxLength:N0} rows: at most that many can be held in memory.");
            }
            Array.Resize(ref _locations, capacity);
            Array.Resize(ref _lengths, capacity);
        }
        int page = _indexPages.Count - 1;
        if (page < 0 || _pageUsed[page] + indices.Length > _indexPages[page].Length)
        {
            int entries = page < 0 ? FirstPageEntries : Math.Min(MaxPageEntries, 2 * _indexPages[page].Length);
            _indexPages.Add(new int[Math.Max(entries, indices.Length)]);
            _valuePages.Add(new float[Math.Max(entries, indices.Length)]);
            _pageUsed.Add(0);
            page++;
        }
        int offset = _pageUsed[page];
        indices.CopyTo(_indexPages[page].AsSpan(offset));
        values.CopyTo(_valuePages[page].AsSpan(offset));
        _pageUsed[page] = offset + indices.Length;
        _locations[RowCount] = (long)page << 32 | (uint)offset;
        _lengths[RowCount] = indices.Length;
        RowCount++;
        NonZeros += indices.Length;
    }

    /// <summary>Gives back the room reserved for rows and entries not added (after the last row).</summary>
    public void TrimExcess()
    {
        Array.Resize(ref _locations, RowCount);
        Array.Resize(ref _lengths, RowCount);
        int last = _indexPages.Count - 1;
        if (last >= 0 && _pageUsed[last] < _indexPages[last].Length)
        {
            _indexPages[last] = _indexPages[last][.._pageUsed[last]];
            _valuePages[last] = _valuePages[last][.._pageUsed[last]];
        }
    }

    /// <summary>Row <paramref name="row"/>'s slots, ascending.</summary>
    public ReadOnlySpan<int> RowIndices(int row) =>
        _indexPages[(int)(_locations[row] >> 32)].AsSpan((int)_locations[row], _lengths[row]);

    /// <summary>Row <paramref name="row"/>'s values.</summary>
    public Span<float> RowValues(int row) =>
        _valuePages[(int)(_locations[row] >> 32)].AsSpan((int)_locations[row], _lengths[row]);

    /// <summary>The number of non-zeros of each row.</summary>
    public ReadOnlySpan<int> RowLengths => _lengths.AsSpan(0, RowCount);

    /// <summary>The slots of page <paramref name="page"/>'s entries, rows after rows.</summary>
    public ReadOnlySpan<int> PageIndices(int page) => _indexPages[page].AsSpan(0, _pageUsed[page]);

    /// <summary>The values of page <paramref name="page"/>'s entries, to read or scale in place.</summary>
    public Span<float> PageValues(int page) => _valuePages[page].AsSpan(0, _pageUsed[page]);
}
