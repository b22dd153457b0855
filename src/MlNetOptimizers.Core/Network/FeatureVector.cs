namespace MlNetOptimizers.Network;

/// <summary>
/// One row's features as a scorer receives them: every slot (dense), or the slots that hold a value with those values
/// (sparse, as ML.NET's VBuffer gives them; explicit zeros allowed), for a row of <see cref="Length"/> slots.
/// </summary>
internal readonly ref struct FeatureVector
{
    /// <summary>A dense row.</summary>
    public FeatureVector(ReadOnlySpan<float> dense)
    {
        Length = dense.Length;
        Values = dense;
        IsSparse = false;
    }

    /// <summary>A sparse row of <paramref name="length"/> slots: <paramref name="values"/> at the ascending <paramref name="indices"/>.</summary>
    public FeatureVector(int length, ReadOnlySpan<int> indices, ReadOnlySpan<float> values)
    {
        Length = length;
        Indices = indices;
        Values = values;
        IsSparse = true;
    }

    public static implicit operator FeatureVector(ReadOnlySpan<float> dense) => new(dense);

    public static implicit operator FeatureVector(float[] dense) => new(dense);

    /// <summary>Slots in the row.</summary>
    public int Length { get; }

    /// <summary>Whether only <see cref="Indices"/> hold values.</summary>
    public bool IsSparse { get; }

    /// <summary>The slots of <see cref="Values"/> when sparse.</summary>
    public ReadOnlySpan<int> Indices { get; }

    /// <summary>Every slot's value (dense), or those of <see cref="Indices"/> (sparse).</summary>
    public ReadOnlySpan<float> Values { get; }

    /// <summary>Appends the row's non-zero entries, in slot order, to <paramref name="rows"/> as one row.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void AppendNonZerosTo(Kernels.SparseRows rows)
    {
        var values = Values;
        int count = 0;
        foreach (float v in values)
        {
            count += v != 0 ? 1 : 0;
        }
        int start = rows.Append(count);
        var slots = rows.WritableIndices(start, count);
        var kept = rows.WritableValues(start, count);
        for (int i = 0, k = 0; i < values.Length; i++)
        {
            if (values[i] != 0)
            {
                slots[k] = IsSparse ? Indices[i] : i;
                kept[k++] = values[i];
            }
        }
    }

    /// <summary>Writes every slot into <paramref name="destination"/> (<see cref="Length"/> values), zeros included.</summary>
    public void CopyDenseTo(Span<float> destination)
    {
        if (!IsSparse)
        {
            Values.CopyTo(destination);
            return;
        }
        destination[..Length].Clear();
        for (int i = 0; i < Indices.Length; i++)
        {
            destination[Indices[i]] = Values[i];
        }
    }
}
