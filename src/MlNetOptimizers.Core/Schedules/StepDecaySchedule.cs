namespace MlNetOptimizers;

/// <summary>Step decay (PyTorch's <c>StepLR</c>): factor γ^⌊step / stepSize⌋.</summary>
public sealed class StepDecaySchedule : ILearningRateSchedule
{
    /// <summary>Creates a step decay.</summary>
    /// <param name="stepSize">Steps between decays; &gt; 0.</param>
    /// <param name="gamma">Multiplier applied at each decay, in (0, 1].</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public StepDecaySchedule(int stepSize, float gamma = 0.1f)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stepSize);
        if (!(gamma > 0 && gamma <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "gamma must be in (0, 1].");
        }
        StepSize = stepSize;
        Gamma = gamma;
    }

    /// <summary>Steps between decays.</summary>
    public int StepSize { get; }

    /// <summary>Multiplier applied at each decay.</summary>
    public float Gamma { get; }

    /// <inheritdoc />
    public float Factor(long step) => (float)Math.Pow(Gamma, Math.Max(0, step) / StepSize);

    /// <inheritdoc />
    public override string ToString() => $"step(every {StepSize}, x{Gamma})";
}
