namespace MlNetOptimizers;

/// <summary>Where the training loop gets its mini-batches from: a dense in-memory buffer or a streamed IDataView.</summary>
internal interface IBatchSource
{
    /// <summary>Width of each feature row.</summary>
    int FeatureCount { get; }

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
