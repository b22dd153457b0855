namespace MlNetOptimizers;

/// <summary>A constant learning rate: factor 1 at every step.</summary>
public sealed class ConstantSchedule : ILearningRateSchedule
{
    /// <summary>The shared instance.</summary>
    public static ConstantSchedule Instance { get; } = new();

    /// <inheritdoc />
    public float Factor(long step) => 1f;

    /// <inheritdoc />
    public override string ToString() => "constant";
}
