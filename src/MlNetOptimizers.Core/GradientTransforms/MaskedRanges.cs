namespace MlNetOptimizers.Optimization;

/// <summary>The index ranges a <see cref="ParameterMask"/> covers in one layout: a masked transform's only state.</summary>
public sealed class MaskedRanges : TransformState
{
    internal MaskedRanges(ParameterLayout layout, ParameterMask mask) : base(layout.ParameterCount) =>
        Ranges = mask.Resolve(layout).ToArray();

    /// <summary>The covered ranges.</summary>
    public IReadOnlyList<Range> Ranges { get; }
}
