namespace MlNetOptimizers.Optimization;

/// <summary>
/// How a flat parameter vector is divided into named ranges of weights and biases (PyTorch's named parameters), so
/// that an optimizer can treat them differently without knowing the model.
/// </summary>
public sealed class ParameterLayout
{
    /// <summary>Creates a layout from segments that tile the vector: in order, without gaps or overlaps.</summary>
    /// <exception cref="ArgumentException">The segments do not tile 0..count.</exception>
    public ParameterLayout(IReadOnlyList<ParameterSegment> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        if (segments.Count == 0)
        {
            throw new ArgumentException("A parameter layout needs at least one segment.", nameof(segments));
        }
        long next = 0;
        foreach (var segment in segments)
        {
            if (segment.Offset != next || segment.Length <= 0)
            {
                throw new ArgumentException(
                    $"Segment '{segment.Name}' starts at {segment.Offset} with length {segment.Length}; segments must follow each other from 0 without gaps.",
                    nameof(segments));
            }
            next += segment.Length;
        }
        if (next > int.MaxValue)
        {
            throw new ArgumentException($"The segments hold {next} parameters; at most {int.MaxValue} are supported.", nameof(segments));
        }
        Segments = segments.ToArray();
        ParameterCount = (int)next;
    }

    /// <summary>The segments, in order.</summary>
    public IReadOnlyList<ParameterSegment> Segments { get; }

    /// <summary>Length of the whole vector.</summary>
    public int ParameterCount { get; }

    /// <summary>A vector of which nothing is known: one segment of weights named <c>"parameters"</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="parameterCount"/> is not positive.</exception>
    public static ParameterLayout Flat(int parameterCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(parameterCount);
        return new([new ParameterSegment("parameters", ParameterRole.Weight, 0, parameterCount)]);
    }
}
