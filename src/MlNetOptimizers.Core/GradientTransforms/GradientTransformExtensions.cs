namespace MlNetOptimizers.Optimization;

/// <summary>Composition helpers that put gradient transforms in front of an optimizer.</summary>
public static class GradientTransformExtensions
{
    /// <summary>
    /// Returns an optimizer that passes each gradient through <paramref name="transforms"/> before
    /// <paramref name="optimizer"/> steps, e.g. <c>new Adam().WithGradientTransforms(new ClipByGlobalNorm(1f))</c>.
    /// </summary>
    public static IOptimizer WithGradientTransforms(this IOptimizer optimizer, params IGradientTransform[] transforms) =>
        transforms is { Length: 0 } ? optimizer : new TransformedGradientOptimizer(optimizer, transforms);
}
