namespace MlNetOptimizers;

/// <summary>State of <see cref="Sgd"/>: only the step count and a scratch buffer for weight decay.</summary>
public sealed class SgdState : OptimizerState
{
    internal SgdState(int parameterCount, float weightDecay) : base(parameterCount) =>
        Scratch = CoupledWeightDecay.ScratchFor(weightDecay, parameterCount);

    internal float[] Scratch { get; }
}
