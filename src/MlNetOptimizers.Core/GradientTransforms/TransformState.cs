namespace MlNetOptimizers.Optimization;

/// <summary>
/// The state one gradient transform keeps for one parameter vector: named buffers of the vector's length (PyTorch's
/// per-parameter <c>state</c> entries such as <c>exp_avg</c>), plus any scratch space it does not need to keep.
/// </summary>
public class TransformState
{
    private readonly List<KeyValuePair<string, float[]>> _buffers = [];

    /// <summary>Creates an empty state for a vector of <paramref name="parameterCount"/> elements.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="parameterCount"/> is not positive.</exception>
    public TransformState(int parameterCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(parameterCount);
        ParameterCount = parameterCount;
    }

    /// <summary>Length of the vector this state serves.</summary>
    public int ParameterCount { get; }

    /// <summary>The buffers that carry information from step to step, by name, in the order they were added.</summary>
    public IReadOnlyList<KeyValuePair<string, float[]>> Buffers => _buffers;

    /// <summary>Adds a buffer of the vector's length, filled with <paramref name="initialValue"/>, and returns it.</summary>
    /// <exception cref="ArgumentException">A buffer of that name exists.</exception>
    protected float[] AddBuffer(string name, float initialValue = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (_buffers.Any(b => b.Key == name))
        {
            throw new ArgumentException($"This state already has a buffer named '{name}'.", nameof(name));
        }
        var buffer = new float[ParameterCount];
        if (initialValue != 0)
        {
            Array.Fill(buffer, initialValue);
        }
        _buffers.Add(new(name, buffer));
        return buffer;
    }
}
