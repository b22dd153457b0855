namespace MlNetOptimizers.Lab;

/// <summary>
/// A saddle at the origin between two minima: f = x² + y⁴/4 − y²/2, minima at (0, ±1) with f = −¼.
/// Started just off the ridge y = 0, the gradient across the ridge is tiny (≈ −y), so gradient descent lingers near the
/// saddle while momentum and adaptive methods pick the escape direction up quickly.
/// </summary>
public sealed class SaddlePoint : TestFunction
{
    /// <inheritdoc />
    public override string Name => "saddle";

    /// <inheritdoc />
    public override string Formula => "x^2 + y^4/4 - y^2/2";

    /// <inheritdoc />
    public override double Value(double x, double y) => x * x + y * y * y * y / 4 - y * y / 2;

    /// <inheritdoc />
    public override (double Dx, double Dy) Gradient(double x, double y) => (2 * x, y * y * y - y);

    /// <inheritdoc />
    public override Point2 GlobalMinimum => new(0, 1);

    /// <inheritdoc />
    public override Point2 DefaultStart => new(1, 1e-3);

    /// <inheritdoc />
    public override (double XMin, double XMax, double YMin, double YMax) PlotBounds => (-1.2, 1.2, -1.5, 1.5);
}
