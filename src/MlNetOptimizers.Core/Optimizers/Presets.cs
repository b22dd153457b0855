using MlNetOptimizers.Optimization;

namespace MlNetOptimizers.Optimizers;

/// <summary>Stages the named optimizers share.</summary>
internal static class Presets
{
    /// <summary>PyTorch's <c>weight_decay</c>: coupled L2 on every parameter, first in the chain; no stage when λ is 0.</summary>
    public static IGradientTransform[] CoupledDecay(float weightDecay) =>
        weightDecay == 0 ? [] : [new AddDecayedWeights(weightDecay)];
}
