using MlNetOptimizers.Optimization;

namespace MlNetOptimizers.GradientTransforms;

/// <summary>
/// A stage whose output at coordinate i depends only on coordinate i of its input, of the parameters and of its own
/// state (and on the step), so that one step can be split into disjoint ranges of coordinates that run on different
/// threads (<see cref="IPartitionableOptimizer"/>). A stage that needs the whole vector, such as
/// <see cref="ClipByGlobalNorm"/>, is not one.
/// </summary>
internal interface IElementwiseTransform : IGradientTransform
{
    /// <summary><see cref="IGradientTransform.Update"/> on the coordinates <paramref name="start"/>..+<paramref name="length"/> only.</summary>
    /// <param name="updates">The whole update vector; only the range is read and replaced.</param>
    /// <param name="parameters">The whole parameter vector, before this step's update.</param>
    /// <param name="state">What <see cref="IGradientTransform.CreateState"/> returned for this vector.</param>
    /// <param name="step">The step number and the learning-rate factor of this step.</param>
    /// <param name="start">First coordinate of the range.</param>
    /// <param name="length">Coordinates in the range.</param>
    void UpdateRange(Span<float> updates, ReadOnlySpan<float> parameters, TransformState? state, StepContext step, int start, int length);
}
