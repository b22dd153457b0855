namespace MlNetOptimizers;

/// <summary>Exponential decay (PyTorch's <c>ExponentialLR</c>): factor γ^step.</summary>
public sealed class ExponentialSchedule : ILearningRateSchedule
{
    /// <summary>Creates an exponential decay.</summary>
    /// <param name="gamma">Multiplier per step, in (0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="gamma"/> is out of range.</exception>
    public ExponentialSchedule(float gamma)
    {
        if (!(gamma > 0 && gamma <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "gamma must be in (0, 1].");
        }
        Gamma = gamma;
    }

    /// <summary>Multiplier per step.</summary>
    public float Gamma { get; }

    /// <inheritdoc />
    public float Factor(long step) => (float)Math.Pow(Gamma, Math.Max(0, step));

    /// <inheritdoc />
    public override string ToString() => $"exponential(x{Gamma})";
}
