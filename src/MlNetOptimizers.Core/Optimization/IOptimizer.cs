using MlNetOptimizers.Optimization;

namespace MlNetOptimizers;

/// <summary>
/// A first-order optimizer: turns a gradient into an in-place update of a flat parameter vector.
/// </summary>
/// <remarks>
/// An optimizer object holds only its hyper-parameters and is safe to share between trainings; everything that
/// changes from step to step (moment estimates, step count) lives in the <see cref="IOptimizerState"/> that
/// <see cref="CreateState(int)"/> returns, one per parameter vector being trained.
/// Write your own optimizer by implementing this interface (derive its state from <see cref="OptimizerState"/>), or
/// compose one from gradient transforms with <see cref="GradientTransformChain"/>.
/// </remarks>
public interface IOptimizer
{
    /// <summary>Creates the per-parameter-vector state (buffers, step count) for a vector of the given length.</summary>
    /// <param name="parameterCount">Number of parameters the state will serve; must be positive.</param>
    IOptimizerState CreateState(int parameterCount);

    /// <summary>
    /// Creates the state for a parameter vector whose layout (which ranges are weights, which are biases) is known, so
    /// that parts of the optimizer that treat them differently (e.g. weight decay with a <see cref="ParameterMask"/>)
    /// can resolve their ranges. Optimizers that do not care need not implement it.
    /// </summary>
    IOptimizerState CreateState(ParameterLayout layout) => CreateState((layout ?? throw new ArgumentNullException(nameof(layout))).ParameterCount);

    /// <summary>
    /// The learning rate the optimizer applies when <see cref="IOptimizerState.LearningRateFactor"/> is 1, or null when it
    /// does not say; rules that bound the learning rate itself (a plateau schedule's minimum) read it.
    /// </summary>
    float? BaseLearningRate => null;

    /// <summary>Applies one update to <paramref name="parameters"/> in place, given their gradient.</summary>
    /// <param name="parameters">The parameters, updated in place.</param>
    /// <param name="gradients">The gradient of the loss with respect to <paramref name="parameters"/>; not modified.</param>
    /// <param name="state">A state created by this optimizer's <see cref="CreateState(int)"/> for a vector of this length.</param>
    void Step(Span<float> parameters, ReadOnlySpan<float> gradients, IOptimizerState state);
}
