namespace MlNetOptimizers;

// The data: how the rows are read, standardized and split.
public sealed partial class GradientTrainerOptions
{
    /// <summary>
    /// Center and scale every feature by its mean and standard deviation on the training rows (example-weighted) while
    /// training, and fold that map into the first layer afterwards, so that the model scores raw features and the quality
    /// does not depend on how (or whether) the features were normalized. Features that are constant in training are ignored.
    /// </summary>
    public bool StandardizeFeatures { get; set; } = true;

    /// <summary>Fraction of the training rows held out for validation, in [0, 1); 0 for none.</summary>
    public float ValidationFraction { get; set; }

    /// <summary>Whether to read the data into memory or stream it each epoch.</summary>
    public DataLoadingMode DataLoading { get; set; } = DataLoadingMode.Auto;

    /// <summary>
    /// With <see cref="DataLoadingMode.Auto"/>, the most memory (bytes) the training rows may take in memory: rows × (4 bytes per
    /// feature + 12 for the label, the example weight and the shuffle order), allocated once after the rows are counted; for
    /// inputs of 4096 slots or more, read sparse, 8 bytes per non-zero + 24 per row instead.
    /// Data larger than this is streamed. The validation data is judged on its own. Default <see cref="TrainerDefaults.MaxInMemoryBytes"/>.
    /// </summary>
    public long MaxInMemoryBytes { get; set; } = TrainerDefaults.MaxInMemoryBytes;

    /// <summary>
    /// Rows in the shuffle pool of the streaming mode (clipped to the training rows); the pool must fit in
    /// <see cref="MaxInMemoryBytes"/>. Default <see cref="TrainerDefaults.StreamingShufflePoolRows"/>.
    /// </summary>
    public int StreamingShufflePoolRows { get; set; } = TrainerDefaults.StreamingShufflePoolRows;

    private void ValidateData()
    {
        Require(ValidationFraction >= 0 && ValidationFraction < 1, nameof(ValidationFraction), ValidationFraction, "must be in [0, 1)");
        Require(Enum.IsDefined(DataLoading), nameof(DataLoading), DataLoading, "is not a known loading mode");
        Require(MaxInMemoryBytes > 0, nameof(MaxInMemoryBytes), MaxInMemoryBytes, "must be > 0");
        Require(StreamingShufflePoolRows > 0, nameof(StreamingShufflePoolRows), StreamingShufflePoolRows, "must be > 0");
    }
}
