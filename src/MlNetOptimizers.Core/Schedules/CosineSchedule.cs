namespace MlNetOptimizers;

/// <summary>
/// Cosine annealing without restarts (PyTorch's <c>CosineAnnealingLR</c> in closed form):
/// factor <c>m + (1 − m)·(1 + cos(π·min(step, T)/T))/2</c>, from 1 at step 0 down to m at step T and after.
/// </summary>
public sealed class CosineSchedule : ILearningRateSchedule
{
    /// <summary>Creates a cosine decay.</summary>
    /// <param name="totalSteps">T, the step at which the factor reaches <paramref name="minimumFactor"/>; &gt; 0.</param>
    /// <param name="minimumFactor">m, the final factor, in [0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public CosineSchedule(int totalSteps, float minimumFactor = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(totalSteps);
        if (!(minimumFactor >= 0 && minimumFactor <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(minimumFactor), minimumFactor, "minimumFactor must be in [0, 1].");
        }
        TotalSteps = totalSteps;
        MinimumFactor = minimumFactor;
    }

    /// <summary>T, the length of the decay.</summary>
    public int TotalSteps { get; }

    /// <summary>m, the final factor.</summary>
    public float MinimumFactor { get; }

    /// <inheritdoc />
    public float Factor(long step)
    {
        double progress = Math.Clamp(step, 0, TotalSteps) / (double)TotalSteps;
        return (float)(MinimumFactor + (1 - MinimumFactor) * (1 + Math.Cos(Math.PI * progress)) / 2);
    }

    /// <inheritdoc />
    public override string ToString() => $"cosine({TotalSteps}, min x{MinimumFactor})";
}
