namespace MlNetOptimizers;

/// <summary>Inverse-time decay (Keras' <c>InverseTimeDecay</c>, PyTorch Adagrad's <c>lr_decay</c>): factor <c>1 / (1 + δ·step)</c>.</summary>
public sealed class InverseTimeSchedule : ILearningRateSchedule
{
    /// <summary>Creates the decay.</summary>
    /// <param name="decay">δ; finite and &gt;= 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="decay"/> is negative or not finite.</exception>
    public InverseTimeSchedule(float decay)
    {
        if (!float.IsFinite(decay) || decay < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(decay), decay, "decay must be a finite number >= 0.");
        }
        Decay = decay;
    }

    /// <summary>δ.</summary>
    public float Decay { get; }

    /// <inheritdoc />
    public float Factor(long step) => (float)(1 / (1 + Math.Max(0, step) * (double)Decay));

    /// <inheritdoc />
    public override string ToString() => $"inverse-time({Decay})";
}
