namespace MlNetOptimizers.Trainers;

/// <summary>Checks <see cref="GradientTrainerOptions"/> before any data is read, naming the option at fault.</summary>
internal static class TrainerOptionsValidator
{
    public static void Validate(GradientTrainerOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        Require(o.Epochs > 0, nameof(o.Epochs), o.Epochs, "must be > 0");
        Require(o.BatchSize is null or > 0, nameof(o.BatchSize), o.BatchSize, "must be > 0 (or null for the default)");
        Require(double.IsFinite(o.ConvergenceTolerance) && o.ConvergenceTolerance >= 0, nameof(o.ConvergenceTolerance), o.ConvergenceTolerance,
            "must be finite and >= 0 (0 trains all epochs)");
        Require(o.ConvergencePatience >= 1, nameof(o.ConvergencePatience), o.ConvergencePatience, "must be >= 1");
        Require(o.HiddenLayers is not null, nameof(o.HiddenLayers), o.HiddenLayers, "must not be null (use an empty array for a linear model)");
        for (int i = 0; i < o.HiddenLayers!.Length; i++)
        {
            Require(o.HiddenLayers[i] > 0, nameof(o.HiddenLayers), o.HiddenLayers[i], $"has size {o.HiddenLayers[i]} at layer {i}; every hidden layer size must be > 0");
        }
        long hiddenParameters = 0;
        for (int i = 0; i + 1 < o.HiddenLayers.Length; i++)
        {
            hiddenParameters += ((long)o.HiddenLayers[i] + 1) * o.HiddenLayers[i + 1];
        }
        Require(hiddenParameters <= Array.MaxLength, nameof(o.HiddenLayers), $"[{string.Join(", ", o.HiddenLayers)}]",
            $"makes {hiddenParameters:N0} parameters between the hidden layers alone; at most {Array.MaxLength:N0} fit in one array");
        Require(Enum.IsDefined(o.Activation), nameof(o.Activation), o.Activation, "is not a known activation");
        Require(o.L2Regularization is null || (float.IsFinite(o.L2Regularization.Value) && o.L2Regularization >= 0), nameof(o.L2Regularization),
            o.L2Regularization, "must be finite and >= 0 (or null for the default)");
        Require(o.L2Candidates is null || o.L2Candidates.Length > 0, nameof(o.L2Candidates), "[]", "must hold at least one value (or be null for the default)");
        for (int i = 0; i < (o.L2Candidates?.Length ?? 0); i++)
        {
            Require(float.IsFinite(o.L2Candidates![i]) && o.L2Candidates[i] >= 0, nameof(o.L2Candidates), o.L2Candidates[i],
                $"has {o.L2Candidates[i]} at index {i}; every candidate must be finite and >= 0");
        }
        Require(float.IsFinite(o.GradientClipNorm) && o.GradientClipNorm >= 0, nameof(o.GradientClipNorm), o.GradientClipNorm, "must be finite and >= 0 (0 turns clipping off)");
        Require(o.ValidationFraction >= 0 && o.ValidationFraction < 1, nameof(o.ValidationFraction), o.ValidationFraction, "must be in [0, 1)");
        Require(o.EarlyStoppingPatience >= 0, nameof(o.EarlyStoppingPatience), o.EarlyStoppingPatience, "must be >= 0");
        Require(o.NumberOfThreads > 0, nameof(o.NumberOfThreads), o.NumberOfThreads, "must be > 0");
        Require(o.MaxInMemoryBytes > 0, nameof(o.MaxInMemoryBytes), o.MaxInMemoryBytes, "must be > 0");
        Require(o.StreamingShufflePoolRows > 0, nameof(o.StreamingShufflePoolRows), o.StreamingShufflePoolRows, "must be > 0");
    }

    private static void Require(bool condition, string option, object? value, string rule)
    {
        if (!condition)
        {
            throw new ArgumentOutOfRangeException(option, value, $"{option} {rule}.");
        }
    }
}
