namespace MlNetOptimizers.Lab;

/// <summary>
/// Beale's function f = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)², minimum (3, 0.5) with f = 0;
/// flat plateaus and steep walls make the step size matter.
/// </summary>
public sealed class Beale : TestFunction
{
    /// <inheritdoc />
    public override string Name => "beale";

    /// <inheritdoc />
    public override string Formula => "(1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2";

    /// <inheritdoc />
    public override double Value(double x, double y)
    {
        double a = 1.5 - x + x * y, b = 2.25 - x + x * y * y, c = 2.625 - x + x * y * y * y;
        return a * a + b * b + c * c;
    }

    /// <inheritdoc />
    public override (double Dx, double Dy) Gradient(double x, double y)
    {
        double a = 1.5 - x + x * y, b = 2.25 - x + x * y * y, c = 2.625 - x + x * y * y * y;
        double dx = 2 * a * (y - 1) + 2 * b * (y * y - 1) + 2 * c * (y * y * y - 1);
        double dy = 2 * a * x + 2 * b * 2 * x * y + 2 * c * 3 * x * y * y;
        return (dx, dy);
    }

    /// <inheritdoc />
    public override Point2 GlobalMinimum => new(3, 0.5);

    /// <inheritdoc />
    public override Point2 DefaultStart => new(1, 1.5);

    /// <inheritdoc />
    public override (double XMin, double XMax, double YMin, double YMax) PlotBounds => (-0.5, 4, -1.5, 2);
}
