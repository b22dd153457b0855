namespace MlNetOptimizers.Lab;

/// <summary>Rosenbrock's banana valley f = (a − x)² + b·(y − x²)², minimum (a, a²); classic a = 1, b = 100.</summary>
public sealed class Rosenbrock(double a = 1, double b = 100) : TestFunction
{
    /// <inheritdoc />
    public override string Name => "rosenbrock";

    /// <inheritdoc />
    public override string Formula => $"({a} - x)^2 + {b}*(y - x^2)^2";

    /// <inheritdoc />
    public override double Value(double x, double y) => (a - x) * (a - x) + b * (y - x * x) * (y - x * x);

    /// <inheritdoc />
    public override (double Dx, double Dy) Gradient(double x, double y) =>
        (-2 * (a - x) - 4 * b * x * (y - x * x), 2 * b * (y - x * x));

    /// <inheritdoc />
    public override Point2 GlobalMinimum => new(a, a * a);

    /// <inheritdoc />
    public override Point2 DefaultStart => new(-1.5, 2);

    /// <inheritdoc />
    public override (double XMin, double XMax, double YMin, double YMax) PlotBounds => (-2, 2, -1, 3);
}
