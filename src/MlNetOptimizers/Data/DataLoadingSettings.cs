namespace MlNetOptimizers.Data;

/// <summary>How a trainer reads its data: the part of its options the data layer needs.</summary>
/// <param name="Mode">In memory, streaming, or chosen by size.</param>
/// <param name="MaxInMemoryBytes">With <see cref="DataLoadingMode.Auto"/>, the largest dense matrix read into memory.</param>
/// <param name="StreamingShufflePoolRows">Rows in the shuffle pool of the streaming mode.</param>
internal sealed record DataLoadingSettings(DataLoadingMode Mode, long MaxInMemoryBytes, int StreamingShufflePoolRows);
