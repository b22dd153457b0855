namespace MlNetOptimizers;

/// <summary>Why a training run ended.</summary>
public enum StopReason
{
    /// <summary>The maximum number of epochs (the <c>Epochs</c> option) ran.</summary>
    MaxEpochs,

    /// <summary>
    /// The monitored loss (validation loss when there is validation data, else the training loss) did not improve by
    /// more than <c>ConvergenceTolerance</c> for <c>ConvergencePatience</c> epochs.
    /// </summary>
    Converged,

    /// <summary>The validation loss did not improve for <c>EarlyStoppingPatience</c> epochs; the best epoch's parameters were restored.</summary>
    EarlyStopping,

    /// <summary>The cancellation token was cancelled.</summary>
    Cancelled,

    /// <summary>
    /// λ was chosen on rows held out of the training data, and the model, trained on all the rows, ran the epochs the
    /// winning trial had run before its held-out loss converged (<c>History.L2Selection</c> lists every trial's).
    /// </summary>
    ChosenTrialEpochs,
}
