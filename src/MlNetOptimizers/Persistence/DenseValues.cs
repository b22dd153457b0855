using Microsoft.ML.Data;

namespace MlNetOptimizers.Persistence;

/// <summary>
/// The values of a <see cref="VBuffer{T}"/> with every slot present. ML.NET hands sparse vectors (digits' many zero
/// pixels, say) to a CustomMapping as they are; this spreads them into a per-thread buffer without allocating per row.
/// </summary>
internal static class DenseValues
{
    [ThreadStatic] private static float[]? t_features;
    [ThreadStatic] private static float[]? t_model;

    public static ReadOnlySpan<float> Features(in VBuffer<float> vector) => Of(vector, ref t_features);

    public static ReadOnlySpan<float> Model(in VBuffer<float> vector) => Of(vector, ref t_model);

    private static ReadOnlySpan<float> Of(in VBuffer<float> vector, ref float[]? scratch)
    {
        if (vector.IsDense)
        {
            return vector.GetValues();
        }
        if (scratch is null || scratch.Length < vector.Length)
        {
            scratch = new float[vector.Length];
        }
        var dense = scratch.AsSpan(0, vector.Length);
        dense.Clear();
        var values = vector.GetValues();
        var indices = vector.GetIndices();
        for (int i = 0; i < values.Length; i++)
        {
            dense[indices[i]] = values[i];
        }
        return dense;
    }
}
