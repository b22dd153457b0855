using MlNetOptimizers.Optimization;

namespace MlNetOptimizers.GradientTransforms;

/// <summary>
/// A stage that can also apply its output to the parameters in the same pass: <c>θ ← θ + scale·stage(input)</c>
/// without writing the update out. <see cref="GradientTransformChain"/> uses it for a stage followed only by
/// <see cref="ScaleByLearningRate"/>, which is how Adam and momentum stay one pass over memory.
/// </summary>
internal interface IFusedWithStep : IElementwiseTransform
{
    /// <summary>
    /// Runs the stage on <paramref name="input"/> (not modified) and adds <paramref name="scale"/> times its output to
    /// <paramref name="parameters"/>, on the coordinates <paramref name="start"/>..+<paramref name="length"/> of the whole
    /// vectors given.
    /// </summary>
    void UpdateAndApply(ReadOnlySpan<float> input, Span<float> parameters, TransformState? state, StepContext step, float scale, int start, int length);
}
