namespace MlNetOptimizers;

/// <summary>
/// Linear warm-up before another schedule: factor <c>(step + 1)/W</c> for the first W steps, then
/// <c>after.Factor(step − W)</c>. So <c>new WarmupSchedule(5, new CosineSchedule(95))</c> is cosine with warm-up.
/// </summary>
public sealed class WarmupSchedule : ILearningRateSchedule
{
    /// <summary>Creates a warm-up.</summary>
    /// <param name="warmupSteps">W, the number of warm-up steps; &gt; 0.</param>
    /// <param name="after">The schedule that follows; constant when null.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="warmupSteps"/> is not positive.</exception>
    public WarmupSchedule(int warmupSteps, ILearningRateSchedule? after = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(warmupSteps);
        WarmupSteps = warmupSteps;
        After = after ?? ConstantSchedule.Instance;
    }

    /// <summary>W, the number of warm-up steps.</summary>
    public int WarmupSteps { get; }

    /// <summary>The schedule after the warm-up.</summary>
    public ILearningRateSchedule After { get; }

    /// <inheritdoc />
    public float Factor(long step) =>
        step < WarmupSteps ? (float)((Math.Max(0, step) + 1) / (double)WarmupSteps) : After.Factor(step - WarmupSteps);

    /// <inheritdoc />
    public override string ToString() => $"warmup({WarmupSteps}) then {After}";
}
