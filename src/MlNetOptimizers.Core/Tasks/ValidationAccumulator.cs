namespace MlNetOptimizers.Tasks;

/// <summary>Sums a task's validation loss and metrics over rows, in order (<see cref="ModelTask.CreateValidation"/>).</summary>
internal abstract class ValidationAccumulator
{
    /// <summary>Adds one row: its outputs, its label as the loop holds it, and its example weight.</summary>
    public abstract void Add(ReadOnlySpan<float> outputs, float label, float weight);

    /// <summary>The total example weight added so far.</summary>
    public abstract double Weight { get; }

    /// <summary>The mean loss and the task's metrics over the rows added.</summary>
    public abstract ValidationResult Result();
}

/// <summary>What a pass over validation rows measured: the mean loss, and the metrics of the task (null where they do not apply).</summary>
internal sealed record ValidationResult(double Loss)
{
    /// <summary>Weighted accuracy (classification).</summary>
    public double? Accuracy { get; init; }

    /// <summary>Root mean squared error, in the label's units (regression).</summary>
    public double? Rmse { get; init; }

    /// <summary>The coefficient of determination R² (regression); null when the validation labels are all alike.</summary>
    public double? RSquared { get; init; }
}
