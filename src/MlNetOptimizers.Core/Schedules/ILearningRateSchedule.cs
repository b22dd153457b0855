using MlNetOptimizers.Optimization;

namespace MlNetOptimizers;

/// <summary>
/// A learning-rate schedule: the factor by which an optimizer's base learning rate is multiplied at a given step.
/// </summary>
/// <remarks>
/// Schedules are independent of optimizers (like PyTorch's <c>LambdaLR</c> and optax's schedules) and compose:
/// <c>new WarmupSchedule(5, new CosineSchedule(95))</c>. What a "step" is belongs to the caller: the trainer advances
/// its schedule once per epoch, <see cref="ScheduledOptimizer"/> once per optimizer step.
/// </remarks>
public interface ILearningRateSchedule
{
    /// <summary>The multiplier of the base learning rate at <paramref name="step"/> (0 for the first step).</summary>
    float Factor(long step);
}
