namespace MlNetOptimizers.Optimization;

/// <summary>
/// One stage of an optimizer, after optax's <c>GradientTransformation</c>: it turns the update vector it is given
/// (the gradient, for the first stage) into another one, keeping whatever state it needs between steps.
/// </summary>
/// <remarks>
/// Stages compose in a <see cref="GradientTransformChain"/>, e.g. clip, add L2 decay, precondition with Adam's
/// moments, scale by the learning rate: <c>new GradientTransformChain(new ClipByGlobalNorm(1), new AddDecayedWeights(1e-4f),
/// new ScaleByAdam(), new ScaleByLearningRate(1e-3f))</c>. The chain adds the final update to the parameters. Where a
/// stage sits decides what it means: weight decay before the preconditioner is coupled L2 (PyTorch's Adam), after it is
/// decoupled (AdamW).
/// </remarks>
public interface IGradientTransform
{
    /// <summary>The state this stage keeps for a parameter vector with this layout, or null when it keeps none.</summary>
    TransformState? CreateState(ParameterLayout layout);

    /// <summary>Transforms <paramref name="updates"/> in place.</summary>
    /// <param name="updates">The incoming update; replaced by the outgoing one.</param>
    /// <param name="parameters">The current parameters, before this step's update.</param>
    /// <param name="state">What <see cref="CreateState"/> returned for this vector.</param>
    /// <param name="step">The step number and the learning-rate factor of this step.</param>
    void Update(Span<float> updates, ReadOnlySpan<float> parameters, TransformState? state, StepContext step);
}
