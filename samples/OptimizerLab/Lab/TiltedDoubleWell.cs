namespace MlNetOptimizers.Lab;

/// <summary>
/// A shallow local minimum beside the global one: f = (x² − 1)² + 0.3·x + y².
/// The tilt makes the well near x ≈ −1.04 the global minimum and leaves a local one near x ≈ 0.96, separated by a
/// barrier near x ≈ 0.08. Started at x = 2, plain descent settles in the nearer, local well; enough momentum carries
/// the iterate over the barrier.
/// </summary>
public sealed class TiltedDoubleWell : TestFunction
{
    private const double Tilt = 0.3;

    /// <inheritdoc />
    public override string Name => "local-minima";

    /// <inheritdoc />
    public override string Formula => "(x^2 - 1)^2 + 0.3*x + y^2";

    /// <inheritdoc />
    public override double Value(double x, double y) => (x * x - 1) * (x * x - 1) + Tilt * x + y * y;

    /// <inheritdoc />
    public override (double Dx, double Dy) Gradient(double x, double y) => (4 * x * (x * x - 1) + Tilt, 2 * y);

    /// <inheritdoc />
    public override Point2 GlobalMinimum => new(FindWell(-1), 0);

    /// <summary>The local, non-global minimizer.</summary>
    public Point2 LocalMinimum => new(FindWell(1), 0);

    /// <inheritdoc />
    public override Point2 DefaultStart => new(2, 0.5);

    /// <inheritdoc />
    public override (double XMin, double XMax, double YMin, double YMax) PlotBounds => (-2, 2.2, -1, 1);

    // Newton's method on f'(x) = 4x³ − 4x + 0.3 from the bottom of the untilted well.
    private static double FindWell(double x)
    {
        for (int i = 0; i < 50; i++)
        {
            x -= (4 * x * (x * x - 1) + Tilt) / (12 * x * x - 4);
        }
        return x;
    }
}
