namespace MlNetOptimizers.Kernels;

/// <summary>
/// The distinct input slots a sparse batch touched (whose rows of the first layer's weights its gradient changes), in the
/// order first touched; cleared in time proportional to the slots it holds, not to the layer's width.
/// </summary>
internal sealed class TouchedRows(int slots)
{
    private readonly bool[] _marked = new bool[slots];
    private int[] _list = new int[Math.Min(slots, 1024)];

    /// <summary>Distinct slots held.</summary>
    public int Count { get; private set; }

    /// <summary>The slots held.</summary>
    public ReadOnlySpan<int> Slots => _list.AsSpan(0, Count);

    /// <summary>Whether <paramref name="slot"/> is held.</summary>
    public bool Contains(int slot) => _marked[slot];

    /// <summary>Adds <paramref name="slot"/> unless held; true when it was not.</summary>
    public bool Add(int slot)
    {
        if (_marked[slot])
        {
            return false;
        }
        _marked[slot] = true;
        if (Count == _list.Length)
        {
            Array.Resize(ref _list, Math.Min(_marked.Length, _list.Length * 2));
        }
        _list[Count++] = slot;
        return true;
    }

    public void Clear()
    {
        foreach (int slot in Slots)
        {
            _marked[slot] = false;
        }
        Count = 0;
    }
}
