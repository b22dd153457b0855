namespace MlNetOptimizers.Lab;

/// <summary>Runs an <see cref="IOptimizer"/> on a <see cref="TestFunction"/> with exact gradients.</summary>
public static class TrajectoryRunner
{
    /// <summary>
    /// Takes <paramref name="steps"/> steps from <paramref name="start"/> and records every iterate. A run whose iterate
    /// leaves the finite numbers stops there (the trajectory is shorter): divergence is part of the picture.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="steps"/> is negative.</exception>
    public static Trajectory Run(TestFunction function, IOptimizer optimizer, Point2 start, int steps, string? label = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);

        var parameters = new[] { (float)start.X, (float)start.Y };
        var gradient = new float[2];
        var state = optimizer.CreateState(2);
        var points = new List<Point2>(steps + 1) { start };

        for (int t = 0; t < steps; t++)
        {
            var (dx, dy) = function.Gradient(parameters[0], parameters[1]);
            gradient[0] = (float)dx;
            gradient[1] = (float)dy;
            optimizer.Step(parameters, gradient, state);
            if (!float.IsFinite(parameters[0]) || !float.IsFinite(parameters[1]))
            {
                break;
            }
            points.Add(new Point2(parameters[0], parameters[1]));
        }
        return new Trajectory(label ?? optimizer.ToString() ?? optimizer.GetType().Name, function, points);
    }
}
