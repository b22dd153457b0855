namespace MlNetOptimizers;

/// <summary>One value of λ that the trainer tried while it chose the L2 penalty, and how the model trained with it did.</summary>
/// <param name="L2Regularization">λ of the penalty ½·λ·‖W‖².</param>
/// <param name="ValidationLoss">
/// Mean (example-weighted) loss on the rows held out for the choice, or on the validation data, after training with λ;
/// +∞ when that training diverged.
/// </param>
/// <param name="Epochs">Epochs that training took.</param>
/// <param name="Seconds">Wall-clock seconds of those epochs.</param>
public sealed record L2Candidate(float L2Regularization, double ValidationLoss, int Epochs, double Seconds);
