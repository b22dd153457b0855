using Microsoft.ML.Data;
using MlNetOptimizers.Data;

namespace MlNetOptimizers.Persistence;

/// <summary>
/// Dense values of the vectors a saved scorer receives, spread into per-thread buffers so that a row allocates nothing
/// (ML.NET hands sparse vectors to a CustomMapping as they are).
/// </summary>
internal static class DenseValues
{
    [ThreadStatic] private static float[]? t_features;
    [ThreadStatic] private static float[]? t_model;

    public static ReadOnlySpan<float> Features(in VBuffer<float> vector) => vector.AsDense(ref t_features);

    public static ReadOnlySpan<float> Model(in VBuffer<float> vector) => vector.AsDense(ref t_model);
}
