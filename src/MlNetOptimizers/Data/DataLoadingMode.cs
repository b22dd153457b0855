namespace MlNetOptimizers;

/// <summary>How the trainer reads its training data.</summary>
public enum DataLoadingMode
{
    /// <summary>
    /// In memory when the rows fit in <see cref="GradientTrainerOptions.MaxInMemoryBytes"/> (dense rows: 4 bytes per slot;
    /// sparse rows of inputs of 4096 slots or more, as text featurizers give: 8 bytes per non-zero), else streaming.
    /// </summary>
    Auto,

    /// <summary>
    /// Read the data once into memory (a dense buffer, or the non-zeros of wide sparse rows) and shuffle row indices each
    /// epoch (fastest).
    /// </summary>
    InMemory,

    /// <summary>Read the IDataView again each epoch through a shuffling cursor; memory is bounded by the batch and shuffle pool.</summary>
    Streaming,
}
