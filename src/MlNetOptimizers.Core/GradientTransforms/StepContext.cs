namespace MlNetOptimizers.Optimization;

/// <summary>What a gradient transform knows about the step being taken.</summary>
/// <param name="Step">The 1-based step number t (PyTorch's and the Adam paper's t).</param>
/// <param name="LearningRateFactor">The factor the optimizer's driver set for this step (see <see cref="IOptimizerState.LearningRateFactor"/>).</param>
public readonly record struct StepContext(long Step, float LearningRateFactor);
