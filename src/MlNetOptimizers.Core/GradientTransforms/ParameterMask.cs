namespace MlNetOptimizers.Optimization;

/// <summary>
/// Which segments of a <see cref="ParameterLayout"/> a transform applies to (optax's <c>mask</c>), e.g. weight decay
/// on the weights but not on the biases.
/// </summary>
public sealed class ParameterMask
{
    private readonly Func<ParameterSegment, bool> _includes;
    private readonly string _description;

    private ParameterMask(Func<ParameterSegment, bool> includes, string description)
    {
        _includes = includes;
        _description = description;
    }

    /// <summary>Every parameter (PyTorch's <c>weight_decay</c> semantics).</summary>
    public static ParameterMask All { get; } = new(_ => true, "all");

    /// <summary>Segments whose role is <see cref="ParameterRole.Weight"/>: biases are left alone.</summary>
    public static ParameterMask WeightsOnly { get; } = new(s => s.Role == ParameterRole.Weight, "weights");

    /// <summary>The segments for which <paramref name="includes"/> is true.</summary>
    public static ParameterMask Where(Func<ParameterSegment, bool> includes, string description)
    {
        ArgumentNullException.ThrowIfNull(includes);
        ArgumentException.ThrowIfNullOrEmpty(description);
        return new(includes, description);
    }

    /// <summary>Whether the mask covers <paramref name="segment"/>.</summary>
    public bool Includes(ParameterSegment segment) => _includes(segment);

    /// <summary>The covered index ranges of <paramref name="layout"/>, adjacent ones merged.</summary>
    public IReadOnlyList<Range> Resolve(ParameterLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var ranges = new List<Range>();
        foreach (var segment in layout.Segments.Where(Includes))
        {
            int end = segment.Offset + segment.Length;
            if (ranges.Count > 0 && ranges[^1].End.Value == segment.Offset)
            {
                ranges[^1] = ranges[^1].Start.Value..end;
            }
            else
            {
                ranges.Add(segment.Offset..end);
            }
        }
        return ranges;
    }

    /// <inheritdoc />
    public override string ToString() => _description;
}
