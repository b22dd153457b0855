namespace MlNetOptimizers.Lab;

/// <summary>
/// The classic pictures, with learning rates chosen so that each optimizer shows its typical behaviour
/// (each is stable on its function; the claims in the titles are asserted by the test suite).
/// </summary>
public static class LabScenarios
{
    /// <summary>Zig-zag on the bowl ½(x² + 50y²): SGD near its stability limit 2/50 against momentum and adaptive methods.</summary>
    public static LabScenario ZigZag() => new(
        "zigzag", "Ill-conditioned bowl: SGD zig-zags across the valley and crawls along it; momentum arrives sooner",
        new IllConditionedQuadratic(50), new Point2(-9, 1), Steps: 300, Tolerance: 1e-3,
        [Opt("sgd", 0.035f), Opt("momentum", 0.01f), Opt("nesterov", 0.01f), Opt("rmsprop", 0.05f), Opt("adam", 0.3f)]);

    /// <summary>Escape from the saddle of x² + y⁴/4 − y²/2 started at (1, 0.001).</summary>
    public static LabScenario Saddle() => new(
        "saddle", "Saddle point: SGD lingers on the ridge, momentum and adaptive steps escape",
        new SaddlePoint(), new Point2(1, 1e-3), Steps: 150, Tolerance: 1e-3,
        [Opt("sgd", 0.05f), Opt("momentum", 0.05f), Opt("rmsprop", 0.01f), Opt("adam", 0.05f)]);

    /// <summary>A shallow local well beside the global one: (x² − 1)² + 0.3x + y² from (2, 0.5).</summary>
    public static LabScenario LocalMinima() => new(
        "local-minima", "Local minimum: SGD settles in the near well, momentum rolls through to the global one",
        new TiltedDoubleWell(), new Point2(2, 0.5), Steps: 600, Tolerance: 1e-3,
        [Opt("sgd", 0.01f), Opt("momentum", 0.01f), Opt("rmsprop", 0.01f), Opt("adam", 0.05f)]);

    /// <summary>Rosenbrock's valley from (−1.5, 2): SGD (black), momentum (blue), RMSProp (red), Adam (purple).</summary>
    public static LabScenario Rosenbrock() => new(
        "rosenbrock", "Rosenbrock: trajectories of SGD, momentum, RMSProp and Adam",
        new Rosenbrock(), new Point2(-1.5, 2), Steps: 2000, Tolerance: 1e-3,
        [Opt("sgd", 1e-3f), Opt("momentum", 2e-4f), Opt("rmsprop", 1e-2f), Opt("adam", 0.05f)]);

    /// <summary>Beale's function from (1, 1.5).</summary>
    public static LabScenario Beale() => new(
        "beale", "Beale: trajectories of SGD, momentum, RMSProp and Adam",
        new Beale(), new Point2(1, 1.5), Steps: 2000, Tolerance: 1e-3,
        [Opt("sgd", 1e-3f), Opt("momentum", 1e-3f), Opt("rmsprop", 3e-3f), Opt("adam", 0.05f)]);

    /// <summary>Adam with and without bias correction on the bowl: the size of the first steps.</summary>
    public static LabScenario BiasCorrection() => new(
        "bias-correction", "Adam's first steps: about lr with bias correction, about 3.16·lr without",
        new IllConditionedQuadratic(50), new Point2(-9, 1), Steps: 100, Tolerance: 1e-3,
        [Opt("adam", 0.1f), Opt("adam-no-bias-correction", 0.1f)]);

    /// <summary>All scenarios, in the order the lab draws them.</summary>
    public static IReadOnlyList<LabScenario> All() => [ZigZag(), Saddle(), LocalMinima(), Rosenbrock(), Beale(), BiasCorrection()];

    private static LabOptimizer Opt(string key, float learningRate) => LabOptimizer.Named(key, learningRate);
}
