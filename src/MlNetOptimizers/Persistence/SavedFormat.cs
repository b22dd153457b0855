namespace MlNetOptimizers.Persistence;

/// <summary>
/// The saved format's names and numbers, in one place: the <c>CustomMapping</c> contract names that model files record
/// (a file format: never renamed, never reused for other arithmetic), and the header of the network payload.
/// </summary>
/// <remarks>
/// Formats, and what reads them (the writers of today write format 4; <c>Legacy/</c> reads the others):
/// <list type="table">
/// <item><term>1 (2026-11-24)</term><description>The network as a float vector, copied by MapValue for every row: <c>BinaryScorer.v1</c>, <c>MulticlassScorer.v1</c>.</description></item>
/// <item><term>2 (2026-11-25)</term><description>The float vector as Base64 text: <c>BinaryScorer.v2</c>, <c>MulticlassScorer.v2</c> (at most 128 classes), <c>EnsembleMulticlassCombiner.v1</c>.</description></item>
/// <item><term>4 (2026-11-28, today's)</term><description>The <see cref="SavedNetwork"/> payload (network and column names, hashed): <c>BinaryScorer.v3</c>, <c>MulticlassScorer.v4</c> and <c>EnsembleMulticlassCombiner.v3</c> (any number of classes in power-of-two groups), <c>EnsembleBinaryCombiner.v1</c>, <c>ModelKey.v1</c>; regression (since 2026-12-07) <c>RegressionScorer.v1</c> and <c>EnsembleRegressionCombiner.v1</c>. Format 3 was format 4's binary chain before the multiclass one changed; only binary models of it were released.</description></item>
/// </list>
/// </remarks>
internal static class SavedFormat
{
    public const string ModelKeyContract = "MlNetOptimizers.ModelKey.v1";
    public const string BinaryScorerContract = "MlNetOptimizers.BinaryScorer.v3";
    public const string MulticlassScorerContract = "MlNetOptimizers.MulticlassScorer.v4";
    public const string EnsembleBinaryCombinerContract = "MlNetOptimizers.EnsembleBinaryCombiner.v1";
    public const string EnsembleMulticlassCombinerContract = "MlNetOptimizers.EnsembleMulticlassCombiner.v3";
    public const string RegressionScorerContract = "MlNetOptimizers.RegressionScorer.v1";
    public const string EnsembleRegressionCombinerContract = "MlNetOptimizers.EnsembleRegressionCombiner.v1";

    public const string FormatOneBinaryScorerContract = "MlNetOptimizers.BinaryScorer.v1";
    public const string FormatOneMulticlassScorerContract = "MlNetOptimizers.MulticlassScorer.v1";
    public const string FormatTwoBinaryScorerContract = "MlNetOptimizers.BinaryScorer.v2";
    public const string FormatTwoMulticlassScorerContract = "MlNetOptimizers.MulticlassScorer.v2";
    public const string FormatTwoEnsembleMulticlassCombinerContract = "MlNetOptimizers.EnsembleMulticlassCombiner.v1";

    /// <summary>"MLNS" read little-endian: the first four bytes of a <see cref="SavedNetwork"/> payload.</summary>
    public const uint PayloadMagic = 0x534E4C4D;

    /// <summary>The payload's version (3 since format 3).</summary>
    public const int PayloadVersion = 3;

    /// <summary>The first Base64 characters of every payload of this version: its magic bytes and version.</summary>
    public static readonly string PayloadPrefix = Convert.ToBase64String([.. BitConverter.GetBytes(PayloadMagic), (byte)PayloadVersion, 0]);
}
