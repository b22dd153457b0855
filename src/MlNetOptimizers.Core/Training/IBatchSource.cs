using MlNetOptimizers.Kernels;

namespace MlNetOptimizers.Training;

/// <summary>Where the training loop gets its mini-batches from: a dense in-memory buffer or a streamed IDataView.</summary>
internal interface IBatchSource
{
    /// <summary>Width of each feature row.</summary>
    int FeatureCount { get; }

    /// <summary>Whether its cursors are <see cref="ISparseBatchCursor"/>s, whose rows a training pass reads sparse.</summary>
    bool IsSparse => false;

    /// <summary>Opens one pass over the rows, shuffled with <paramref name="shuffle"/> or in order when it is null.</summary>
    IBatchCursor Open(Random? shuffle);
}

/// <summary>One pass over a <see cref="IBatchSource"/>.</summary>
internal interface IBatchCursor : IDisposable
{
    /// <summary>
    /// Copies up to <paramref name="maxRows"/> next rows into the buffers (features row-major, label, weight 1 when
    /// unweighted) and returns how many it copied; 0 at the end of the pass.
    /// </summary>
    int Fill(Span<float> features, Span<float> labels, Span<float> weights, int maxRows);
}

/// <summary>
/// A cursor over rows held in memory, whose batch can be taken in two steps so that the workers of a data-parallel step
/// each gather their own share of the feature rows, instead of the calling thread gathering them all.
/// </summary>
internal interface ISplitBatchCursor : IBatchCursor
{
    /// <summary>Takes up to <paramref name="maxRows"/> next rows: fills their labels and weights, returns how many.</summary>
    int Take(Span<float> labels, Span<float> weights, int maxRows);

    /// <summary>
    /// Copies the features of rows <paramref name="first"/>..+<paramref name="count"/> of the last <see cref="Take"/>
    /// into <paramref name="destination"/>; safe to call from several threads for disjoint ranges.
    /// </summary>
    void CopyFeatures(int first, int count, Span<float> destination);
}

/// <summary>
/// A cursor over sparse rows: <see cref="FillSparse"/> is how training reads them (memory and work in proportion to the
/// non-zeros); the dense <see cref="IBatchCursor.Fill"/> spreads them out, for readers that want every slot.
/// </summary>
internal interface ISparseBatchCursor : IBatchCursor
{
    /// <summary>
    /// Appends up to <paramref name="maxRows"/> next rows to <paramref name="rows"/> (cleared first), with their labels and
    /// weights, and returns how many it read; 0 at the end of the pass.
    /// </summary>
    int FillSparse(SparseRows rows, Span<float> labels, Span<float> weights, int maxRows);
}
