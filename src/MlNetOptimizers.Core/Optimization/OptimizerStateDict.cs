namespace MlNetOptimizers.Optimization;

/// <summary>
/// An optimizer state as data (PyTorch's <c>state_dict</c>): the step count and named buffers, e.g. Adam's
/// <c>stage1.exp_avg</c>. Checkpoints are made of it, and a user-written optimizer takes part by exporting its own.
/// </summary>
public sealed class OptimizerStateDict
{
    /// <summary>Creates a state dict.</summary>
    /// <exception cref="ArgumentException">A buffer name is empty or null.</exception>
    public OptimizerStateDict(long stepCount, IReadOnlyDictionary<string, float[]> buffers)
    {
        ArgumentNullException.ThrowIfNull(buffers);
        ArgumentOutOfRangeException.ThrowIfNegative(stepCount);
        if (buffers.Any(b => string.IsNullOrEmpty(b.Key) || b.Value is null))
        {
            throw new ArgumentException("Every buffer needs a name and values.", nameof(buffers));
        }
        StepCount = stepCount;
        Buffers = buffers;
    }

    /// <summary>Steps taken.</summary>
    public long StepCount { get; }

    /// <summary>The buffers by name (copies: changing them does not change the state they came from).</summary>
    public IReadOnlyDictionary<string, float[]> Buffers { get; }

    /// <summary>The buffer of that name, checked against the length the importing state expects.</summary>
    /// <exception cref="ArgumentException">No such buffer, or one of another length.</exception>
    public float[] Buffer(string name, int length)
    {
        if (!Buffers.TryGetValue(name, out var values))
        {
            throw new ArgumentException(
                $"The state dict has no buffer '{name}' (it has: {string.Join(", ", Buffers.Keys)}); it comes from another optimizer.");
        }
        if (values.Length != length)
        {
            throw new ArgumentException($"Buffer '{name}' has {values.Length} values; this state has {length} parameters.");
        }
        return values;
    }
}
