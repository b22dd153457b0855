using Microsoft.ML.Data;
using MlNetOptimizers.Network;

namespace MlNetOptimizers.Data;

/// <summary>Dense views of <see cref="VBuffer{T}"/> values, which ML.NET may hand over sparse (digits' many zero pixels).</summary>
internal static class VBufferExtensions
{
    /// <summary>Writes every slot of <paramref name="vector"/> into <paramref name="destination"/>, zeros included.</summary>
    public static void CopyDenseTo(this in VBuffer<float> vector, Span<float> destination)
    {
        var values = vector.GetValues();
        if (vector.IsDense)
        {
            values.CopyTo(destination);
            return;
        }
        destination[..vector.Length].Clear();
        var indices = vector.GetIndices();
        for (int i = 0; i < indices.Length; i++)
        {
            destination[indices[i]] = values[i];
        }
    }

    /// <summary>The row as a scorer takes it, dense or sparse, without copying.</summary>
    public static FeatureVector AsFeatures(this in VBuffer<float> vector) => vector.IsDense
        ? new FeatureVector(vector.GetValues())
        : new FeatureVector(vector.Length, vector.GetIndices(), vector.GetValues());

    /// <summary>The values of <paramref name="vector"/> with every slot present: the values themselves when dense, else spread into <paramref name="scratch"/> (grown as needed).</summary>
    public static ReadOnlySpan<float> AsDense(this in VBuffer<float> vector, ref float[]? scratch)
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
        vector.CopyDenseTo(dense);
        return dense;
    }
}
