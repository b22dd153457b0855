namespace MlNetOptimizers.Lab;

/// <summary>One classic picture of optimization: a function, a start, a step budget and the optimizers to compare.</summary>
/// <param name="Name">Short name used on the command line and in file names.</param>
/// <param name="Title">What the picture shows.</param>
/// <param name="Function">The function minimized.</param>
/// <param name="Start">The common starting point.</param>
/// <param name="Steps">Steps each optimizer takes.</param>
/// <param name="Tolerance">f − f* that counts as converged, for the steps-to-tolerance table.</param>
/// <param name="Optimizers">The optimizers compared, with their default learning rates.</param>
public sealed record LabScenario(
    string Name, string Title, TestFunction Function, Point2 Start, int Steps, double Tolerance,
    IReadOnlyList<LabOptimizer> Optimizers)
{
    /// <summary>Runs every optimizer from <see cref="Start"/> for <see cref="Steps"/> steps.</summary>
    public IReadOnlyList<Trajectory> Run() =>
        Optimizers.Select(o => TrajectoryRunner.Run(Function, o.Create(o.LearningRate), Start, Steps, o.Label)).ToArray();
}
