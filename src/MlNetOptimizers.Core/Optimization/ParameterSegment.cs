namespace MlNetOptimizers.Optimization;

/// <summary>One named, contiguous range of a flat parameter vector, e.g. layer 0's weights.</summary>
/// <param name="Name">A name unique in its layout, e.g. <c>"layer0.weights"</c>.</param>
/// <param name="Role">Whether the range holds weights or biases.</param>
/// <param name="Offset">Index of its first element.</param>
/// <param name="Length">Number of elements.</param>
public sealed record ParameterSegment(string Name, ParameterRole Role, int Offset, int Length);
