namespace MlNetOptimizers.Lab;

/// <summary>A point in the plane.</summary>
public readonly record struct Point2(double X, double Y)
{
    /// <summary>Euclidean distance to <paramref name="other"/>.</summary>
    public double DistanceTo(Point2 other) => Math.Sqrt((X - other.X) * (X - other.X) + (Y - other.Y) * (Y - other.Y));
}
