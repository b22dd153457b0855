namespace MlNetOptimizers.Tasks;

/// <summary>
/// How a task trains on standardized labels, y' = (y − <see cref="Mean"/>) / <see cref="Divisor"/>: the weighted mean
/// and standard deviation of the training labels. The map is folded into the output layer after training; a constant
/// label (deviation 0) trains on y − μ = 0, and folding with its deviation of 0 leaves the model predicting μ exactly.
/// </summary>
internal sealed record LabelScale(double Mean, double Deviation)
{
    /// <summary>What the labels are divided by while training: the deviation, or 1 for a constant label.</summary>
    public double Divisor => Deviation > 0 && double.IsFinite(1 / Deviation) ? Deviation : 1;
}
