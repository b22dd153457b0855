using System.Globalization;

namespace MlNetOptimizers.Tests.Options;

/// <summary>
/// The README's table of defaults states the values of <see cref="TrainerDefaults"/>, their one home (the XML docs of the
/// options cite its members instead of repeating numbers): a changed default fails here until the README says it.
/// </summary>
public class DocumentedDefaultsTests
{
    private static readonly string Readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));

    public static TheoryData<string> Statements => new(
        $"| `Epochs` | {TrainerDefaults.Epochs} |",
        $"| `ConvergenceTolerance`, `ConvergencePatience` | {Short(TrainerDefaults.ConvergenceTolerance)}, {TrainerDefaults.NetworkConvergencePatience} networks, {TrainerDefaults.LinearConvergencePatience} linear |",
        $"| `ReduceLearningRateOnPlateau` | ×{N(TrainerDefaults.PlateauFactor)} after {TrainerDefaults.PlateauPatience} stalled epochs (networks) or {TrainerDefaults.LinearPlateauPatience} (linear) over at least {TrainerDefaults.LinearPlateauRows} rows, down to {Short(TrainerDefaults.PlateauMinimumLearningRate)} |",
        $"| `BatchSize` | rows/{TrainerDefaults.StepsPerEpoch}, within [{TrainerDefaults.MinBatchSize}, {TrainerDefaults.MaxBatchSize}] |",
        $"| `Optimizer` | `Adam({N(TrainerDefaults.LinearLearningRate)})` linear, `Adam({N(TrainerDefaults.NetworkLearningRate)})` networks |",
        $"| `Members` | {TrainerDefaults.Members} |",
        $"| `NumberOfThreads` | null: a batch is split into up to {TrainerDefaults.MaxGradientShards} shards of at least 2^{Math.Log2(TrainerDefaults.MinShardMultiplyAdds)} multiply-adds and {TrainerDefaults.MinRowsPerShard} rows each |",
        $"| `L2Regularization` | max(1/n, {N(TrainerDefaults.LinearL2Floor)}) linear; networks choose among `L2Candidates` {string.Join(", ", TrainerDefaults.NetworkL2Candidates.Select(c => N(c)))} |",
        $"too small to hold out a fifth of any class take {N(TrainerDefaults.NetworkL2)}. ",
        $"Linear regression chooses too, among {string.Join(", ", TrainerDefaults.LinearRegressionL2Candidates.Select(c => N(c)))} (");

    [Theory]
    [MemberData(nameof(Statements))]
    public void The_readme_states_each_default_as_TrainerDefaults_has_it(string statement) =>
        Readme.Should().Contain(statement);

    private static string N(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    /// <summary>1e-4 as the README writes it.</summary>
    private static string Short(double value) => value.ToString("0e-0", CultureInfo.InvariantCulture);
}
