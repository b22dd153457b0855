namespace MlNetOptimizers;

/// <summary>
/// Base class for optimizer states: parameter count, step count and learning-rate factor.
/// Optimizers derive their own state from it and add their buffers.
/// </summary>
public class OptimizerState : IOptimizerState
{
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
