namespace MlNetOptimizers.Lab;

/// <summary>A smooth function of two variables with an analytic gradient, used to watch optimizers move.</summary>
public abstract class TestFunction
{
    /// <summary>Short name used on the command line and in file names.</summary>
    public abstract string Name { get; }

    /// <summary>The formula, for titles.</summary>
    public abstract string Formula { get; }

    /// <summary>f(x, y).</summary>
    public abstract double Value(double x, double y);

    /// <summary>(∂f/∂x, ∂f/∂y).</summary>
    public abstract (double Dx, double Dy) Gradient(double x, double y);

    /// <summary>The global minimizer.</summary>
    public abstract Point2 GlobalMinimum { get; }

    /// <summary>The classic starting point for this function.</summary>
    public abstract Point2 DefaultStart { get; }

    /// <summary>The region worth plotting: (xMin, xMax, yMin, yMax).</summary>
    public abstract (double XMin, double XMax, double YMin, double YMax) PlotBounds { get; }

    /// <summary>f at the global minimizer.</summary>
    public double MinimumValue => Value(GlobalMinimum.X, GlobalMinimum.Y);

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {Formula}";
}
