using System.ComponentModel;

namespace MlNetOptimizers.Persistence;

/// <summary>An output row of a bucketed multiclass scorer: the predicted class index and S probability slots (K used).</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IBucketRow
{
    /// <summary>0-based index of the most probable class.</summary>
    uint PredictedIndex { get; set; }

    /// <summary>The class probabilities in the first K slots; the rest stay 0 and are dropped by the chain.</summary>
    float[] Slots { get; }
}

/// <summary>The bucket sizes of <see cref="IBucketRow"/> rows: powers of 4, the smallest that holds K classes.</summary>
internal static class Buckets
{
    /// <summary>The most classes a saved multiclass model supports (the largest bucket).</summary>
    public const int MaxClasses = 65_536;

    public static int For(int classes)
    {
        if (classes > MaxClasses)
        {
            throw new NotSupportedException(
                $"The label has {classes} classes; saved MlNetOptimizers models support at most {MaxClasses}.");
        }
        int size = 4;
        while (size < classes)
        {
            size *= 4;
        }
        return size;
    }
}
