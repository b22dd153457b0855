namespace MlNetOptimizers.Lab;

/// <summary>The path of one optimizer on one <see cref="TestFunction"/>: the start and the point after every step.</summary>
public sealed class Trajectory
{
    internal Trajectory(string label, TestFunction function, IReadOnlyList<Point2> points)
    {
        Label = label;
        Function = function;
        Points = points;
        Values = points.Select(p => function.Value(p.X, p.Y)).ToArray();
    }

    /// <summary>Name of the optimizer that drew it.</summary>
    public string Label { get; }

    /// <summary>The function it ran on.</summary>
    public TestFunction Function { get; }

    /// <summary>Points[0] is the start; Points[t] the iterate after step t.</summary>
    public IReadOnlyList<Point2> Points { get; }

    /// <summary>f at each point.</summary>
    public IReadOnlyList<double> Values { get; }

    /// <summary>The last iterate.</summary>
    public Point2 Final => Points[^1];

    /// <summary>Number of steps taken.</summary>
    public int Steps => Points.Count - 1;

    /// <summary>
    /// The first step t after which f − f* stays below <paramref name="tolerance"/>, or null when it never does
    /// within the run.
    /// </summary>
    public int? StepsToReach(double tolerance)
    {
        double target = Function.MinimumValue + tolerance;
        int? first = null;
        for (int t = 0; t < Values.Count; t++)
        {
            if (Values[t] <= target)
            {
                first ??= t;
            }
            else
            {
                first = null;
            }
        }
        return first;
    }

    /// <summary>Length of each step, ‖x_t − x_{t−1}‖ for t = 1..Steps.</summary>
    public double[] StepLengths() =>
        Enumerable.Range(1, Steps).Select(t => Points[t].DistanceTo(Points[t - 1])).ToArray();
}
