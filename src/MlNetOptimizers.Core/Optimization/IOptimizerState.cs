using MlNetOptimizers.Optimization;

namespace MlNetOptimizers;

/// <summary>The mutable state of one optimizer over one parameter vector.</summary>
public interface IOptimizerState
{
    /// <summary>Length of the parameter vector this state serves.</summary>
    int ParameterCount { get; }

    /// <summary>Number of steps taken so far; the step being taken is <c>StepCount + 1</c> (PyTorch's <c>t</c>).</summary>
    long StepCount { get; }

    /// <summary>
    /// Multiplier applied to the optimizer's learning rate on the next step (1 by default). It has one writer: whoever
    /// drives the optimizer (the trainer sets it from its per-epoch schedule, <see cref="ScheduledOptimizer"/> from its
    /// per-step schedule times the factor it was given); the optimizer only reads it. The effective rate is
    /// <c>learningRate * LearningRateFactor</c>.
    /// </summary>
    float LearningRateFactor { get; set; }

    /// <summary>The state as data (PyTorch's <c>state_dict</c>), e.g. to write a checkpoint.</summary>
    /// <exception cref="NotSupportedException">The state does not say how (states derived from <see cref="OptimizerState"/> do).</exception>
    OptimizerStateDict ExportState() =>
        throw new NotSupportedException($"{GetType().Name} cannot export its state; derive it from OptimizerState and register its buffers.");

    /// <summary>Restores a state exported by a state of the same optimizer and length (PyTorch's <c>load_state_dict</c>).</summary>
    /// <exception cref="ArgumentException">The dict is of another optimizer or length.</exception>
    /// <exception cref="NotSupportedException">The state does not say how.</exception>
    void ImportState(OptimizerStateDict state) =>
        throw new NotSupportedException($"{GetType().Name} cannot import a state; derive it from OptimizerState and register its buffers.");
}
