using MlNetOptimizers.Optimization;

namespace MlNetOptimizers.GradientTransforms;

/// <summary>
/// A fused stage that can also take coupled L2 decay in the same pass: it runs on <c>input + λ·θ</c> (θ read before the
/// step), which is what <see cref="AddDecayedWeights"/> placed in front of it would hand it, without the copy of the
/// gradient and the pass that stage costs. <see cref="GradientTransformChain"/> uses it for
/// <c>AddDecayedWeights → this stage → ScaleByLearningRate</c>: Adam with <c>weight_decay</c>, and every default network.
/// </summary>
internal interface IFusedWithDecayAndStep : IFusedWithStep
{
    /// <summary>
    /// <see cref="IFusedWithStep.UpdateAndApply"/> on <c>input + <paramref name="decay"/>·parameters</c> (the product rounded,
    /// then the sum, as <see cref="AddDecayedWeights"/> computes it), on the coordinates <paramref name="start"/>..+<paramref name="length"/>.
    /// </summary>
    void UpdateAndApply(ReadOnlySpan<float> input, Span<float> parameters, TransformState? state, StepContext step, float scale, float decay, int start, int length);
}
