namespace MlNetOptimizers.Network;

/// <summary>
/// When the first layer runs on the non-zeros of its input instead of every slot: for inputs this wide (text after
/// FeaturizeText, wide one-hot encodings), training when the rows are this sparse, and scoring always, so that a model's
/// Transform and PredictionEngine sum its first layer in one order. Narrower data keeps the dense kernels, whatever its
/// zeros (MNIST's 784 pixels, 80% zero, stay dense).
/// </summary>
internal static class SparseInput
{
    /// <summary>The narrowest input read sparse.</summary>
    public const int MinWidth = 4096;

    /// <summary>The largest share of non-zero slots at which training data is held and read sparse.</summary>
    public const double MaxDensity = 0.25;

    /// <summary>Whether an input of <paramref name="width"/> slots is wide enough to be read sparse.</summary>
    public static bool Wide(int width) => width >= MinWidth;

    /// <summary>Whether a model of <paramref name="architecture"/> scores its rows as their non-zeros: wide, one member.</summary>
    public static bool Reads(NetworkArchitecture architecture) => Wide(architecture.InputSize) && architecture.Members == 1;

    /// <summary>Whether <paramref name="rows"/> rows of <paramref name="width"/> slots with <paramref name="nonZeros"/> non-zeros train sparse.</summary>
    public static bool Trains(int width, long rows, long nonZeros) => Wide(width) && nonZeros <= MaxDensity * width * Math.Max(rows, 1);
}
