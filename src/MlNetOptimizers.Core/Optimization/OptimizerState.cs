namespace MlNetOptimizers.Optimization;

/// <summary>
/// Base class for optimizer states: parameter count, step count and learning-rate factor.
/// Optimizers derive their own state from it and add their buffers.
/// </summary>
public class OptimizerState : IOptimizerState
{
    private readonly List<KeyValuePair<string, float[]>> _buffers = [];

    /// <summary>Creates a state for a parameter vector of <paramref name="parameterCount"/> elements.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="parameterCount"/> is not positive.</exception>
    public OptimizerState(int parameterCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(parameterCount);
        ParameterCount = parameterCount;
    }

    /// <inheritdoc />
    public int ParameterCount { get; }

    /// <inheritdoc />
    public long StepCount { get; private set; }

    /// <inheritdoc />
    public float LearningRateFactor { get; set; } = 1f;

    /// <summary>Counts a step and returns its number t (1 for the first step).</summary>
    public long BeginStep() => ++StepCount;

    /// <summary>
    /// Makes <paramref name="buffer"/> part of the exported state under <paramref name="name"/>, so that a derived state
    /// takes part in <see cref="ExportState"/>, <see cref="ImportState"/> and checkpoints without code of its own.
    /// </summary>
    /// <exception cref="ArgumentException">The name is taken, or the buffer is not of the parameter count.</exception>
    protected void RegisterBuffer(string name, float[] buffer)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(buffer);
        if (_buffers.Any(b => b.Key == name))
        {
            throw new ArgumentException($"A buffer named '{name}' is registered already.", nameof(name));
        }
        if (buffer.Length != ParameterCount)
        {
            throw new ArgumentException($"Buffer '{name}' has {buffer.Length} values; the state serves {ParameterCount} parameters.", nameof(buffer));
        }
        _buffers.Add(new(name, buffer));
    }

    /// <summary>The buffers to export; a derived state with buffers of its own kind (stages) adds them here.</summary>
    private protected virtual IEnumerable<KeyValuePair<string, float[]>> ExportedBuffers() => _buffers;

    /// <inheritdoc />
    public virtual OptimizerStateDict ExportState() =>
        new(StepCount, ExportedBuffers().ToDictionary(b => b.Key, b => b.Value.ToArray()));

    /// <inheritdoc />
    public virtual void ImportState(OptimizerStateDict state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var mine = ExportedBuffers().ToList();
        var extra = state.Buffers.Keys.Except(mine.Select(b => b.Key)).ToList();
        if (extra.Count > 0)
        {
            throw new ArgumentException($"The state dict has buffers this state does not: {string.Join(", ", extra)}; it comes from another optimizer.", nameof(state));
        }
        foreach (var (name, buffer) in mine)
        {
            state.Buffer(name, buffer.Length).CopyTo(buffer, 0);
        }
        StepCount = state.StepCount;
    }

    /// <summary>
    /// Checks that <paramref name="state"/> is a <typeparamref name="TState"/> for vectors of the given lengths
    /// and returns it typed; used by optimizers at the top of <see cref="IOptimizer.Step"/>.
    /// </summary>
    /// <exception cref="ArgumentException">Wrong state type, or lengths that do not match.</exception>
    public static TState Expect<TState>(IOptimizerState state, int parameterLength, int gradientLength, string optimizerName)
        where TState : IOptimizerState
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state is not TState typed)
        {
            throw new ArgumentException(
                $"{optimizerName} needs a state from its own CreateState, got {state.GetType().Name}.", nameof(state));
        }
        if (parameterLength != gradientLength)
        {
            throw new ArgumentException(
                $"parameters has {parameterLength} elements but gradients has {gradientLength}; they must match.", "gradients");
        }
        if (parameterLength != state.ParameterCount)
        {
            throw new ArgumentException(
                $"parameters has {parameterLength} elements but the state was created for {state.ParameterCount}.", "parameters");
        }
        return typed;
    }
}
