namespace MlNetOptimizers;

/// <summary>How the trainer reads its training data.</summary>
public enum DataLoadingMode
{
    /// <summary>In memory when the dense feature matrix fits in <see cref="GradientTrainerOptions.MaxInMemoryBytes"/>, else streaming.</summary>
    Auto,

    /// <summary>Read the data once into a dense buffer and shuffle row indices each epoch (fastest).</summary>
    InMemory,

    /// <summary>Read the IDataView again each epoch through a shuffling cursor; memory is bounded by the batch and shuffle pool.</summary>
    Streaming,
}
