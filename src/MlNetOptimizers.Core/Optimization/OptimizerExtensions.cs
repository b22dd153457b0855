using MlNetOptimizers.Optimization;

namespace MlNetOptimizers;

/// <summary>Composition helpers for optimizers.</summary>
public static class OptimizerExtensions
{
    /// <summary>Returns <paramref name="optimizer"/> with its learning rate following <paramref name="schedule"/> per step.</summary>
    public static IOptimizer WithSchedule(this IOptimizer optimizer, ILearningRateSchedule schedule) =>
        new ScheduledOptimizer(optimizer, schedule);
}
