using System.Numerics.Tensors;

namespace MlNetOptimizers.Optimization;

/// <summary>
/// Rescales the update to at most a given L2 norm over the whole vector: <c>u ← u·min(1, c/‖u‖₂)</c> (optax's
/// <c>clip_by_global_norm</c>, PyTorch's <c>clip_grad_norm_</c>).
/// </summary>
public sealed class ClipByGlobalNorm : IGradientTransform
{
    /// <summary>Creates the stage.</summary>
    /// <param name="maxNorm">c; finite and &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxNorm"/> is not a finite positive number.</exception>
    public ClipByGlobalNorm(float maxNorm) => MaxNorm = OptimizerArguments.Positive(maxNorm, nameof(maxNorm));

    /// <summary>c, the largest norm let through.</summary>
    public float MaxNorm { get; }

    /// <inheritdoc />
    public TransformState? CreateState(ParameterLayout layout) => null;

    /// <inheritdoc />
    public void Update(Span<float> updates, ReadOnlySpan<float> parameters, TransformState? state, StepContext step)
    {
        float norm = TensorPrimitives.Norm(updates);
        if (norm > MaxNorm)
        {
            TensorPrimitives.Multiply(updates, MaxNorm / norm, updates);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"clip_by_global_norm({MaxNorm})";
}
