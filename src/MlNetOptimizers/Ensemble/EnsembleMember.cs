using Microsoft.ML;

namespace MlNetOptimizers;

/// <summary>One trained member of an ensemble, with its own metrics on the validation data when there was some.</summary>
/// <param name="Index">0-based position among the members.</param>
/// <param name="Model">The member's fitted transformer (its whole pipeline).</param>
/// <param name="Weight">Its normalised weight in the average (weights sum to 1).</param>
/// <param name="TrainingSeconds">Wall-clock seconds its Fit took.</param>
/// <param name="ValidationAccuracy">A classifier's accuracy on <see cref="EnsembleOptions.ValidationData"/>, or null.</param>
/// <param name="ValidationLogLoss">A classifier's ML.NET log-loss on <see cref="EnsembleOptions.ValidationData"/>, or null.</param>
public sealed record EnsembleMember(
    int Index, ITransformer Model, float Weight, double TrainingSeconds, double? ValidationAccuracy, double? ValidationLogLoss)
{
    /// <summary>A regressor's R² on <see cref="EnsembleOptions.ValidationData"/>, or null.</summary>
    public double? ValidationRSquared { get; init; }

    /// <summary>A regressor's root mean squared error on <see cref="EnsembleOptions.ValidationData"/> (in the label's units), or null.</summary>
    public double? ValidationRmse { get; init; }
}
