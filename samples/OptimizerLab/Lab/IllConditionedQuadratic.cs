namespace MlNetOptimizers.Lab;

/// <summary>
/// The ill-conditioned bowl f = ½(x² + κ·y²): curvature 1 along x and κ along y, so plain gradient descent must keep
/// its step below 2/κ and then crawls along x while zig-zagging across the valley in y.
/// </summary>
public sealed class IllConditionedQuadratic(double conditionNumber = 50) : TestFunction
{
    /// <summary>κ, the ratio of the largest to the smallest curvature.</summary>
    public double ConditionNumber { get; } = conditionNumber > 0 ? conditionNumber
        : throw new ArgumentOutOfRangeException(nameof(conditionNumber), conditionNumber, "conditionNumber must be > 0.");

    /// <inheritdoc />
    public override string Name => "zigzag";

    /// <inheritdoc />
    public override string Formula => $"0.5*(x^2 + {ConditionNumber}*y^2)";

    /// <inheritdoc />
    public override double Value(double x, double y) => 0.5 * (x * x + ConditionNumber * y * y);

    /// <inheritdoc />
    public override (double Dx, double Dy) Gradient(double x, double y) => (x, ConditionNumber * y);

    /// <inheritdoc />
    public override Point2 GlobalMinimum => new(0, 0);

    /// <inheritdoc />
    public override Point2 DefaultStart => new(-9, 1);

    /// <inheritdoc />
    public override (double XMin, double XMax, double YMin, double YMax) PlotBounds => (-10, 2, -1.5, 1.5);
}
