namespace MlNetOptimizers.Optimization;

/// <summary>
/// An optimizer whose step can be split into disjoint ranges of parameters that are updated at the same time on different
/// threads, each range exactly as the whole-vector <see cref="IOptimizer.Step"/> would update it. The training loop uses
/// it to let each worker of a data-parallel step sum its share of the gradient and step its share of the parameters, so
/// that neither runs on one thread while the others wait, and each share of the optimizer's state stays in one core's
/// cache. Optimizers that do not implement it (users' own, or chains with a stage that needs the whole vector, such as
/// global-norm clipping) step the whole vector on one thread.
/// </summary>
internal interface IPartitionableOptimizer : IOptimizer
{
    /// <summary>Whether steps can be split: false when a part of the optimizer needs the whole vector at once.</summary>
    bool CanPartition { get; }

    /// <summary>
    /// Begins a step: counts it and fixes its learning rate in <paramref name="state"/>. Call once per step, on one
    /// thread, before <see cref="StepRange"/> for each range.
    /// </summary>
    void BeginStep(IOptimizerState state);

    /// <summary>
    /// Applies the step begun by <see cref="BeginStep"/> to the parameters <paramref name="start"/>..+<paramref name="length"/>.
    /// Calls for disjoint ranges may run concurrently; together they must cover the vector once.
    /// </summary>
    /// <param name="parameters">The whole parameter vector; only the range is written.</param>
    /// <param name="gradients">The whole gradient; only the range is read.</param>
    /// <param name="state">The state given to <see cref="BeginStep"/>.</param>
    /// <param name="start">First parameter of the range.</param>
    /// <param name="length">Parameters in the range.</param>
    void StepRange(Span<float> parameters, ReadOnlySpan<float> gradients, IOptimizerState state, int start, int length);
}
