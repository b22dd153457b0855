using MlNetOptimizers.Kernels;

namespace MlNetOptimizers.Training;

/// <summary>
/// What a training run will allocate, worked out from the layer sizes in 64-bit arithmetic before anything is allocated,
/// so that an absurd size is refused with a clear message instead of an OverflowException or OutOfMemoryException.
/// </summary>
/// <param name="Parameters">Weights and biases of the network.</param>
/// <param name="LargestArray">Elements of the largest single array (the parameters, or one layer's batch activations).</param>
/// <param name="Bytes">All the loop's buffers: parameters, gradients (one per shard), optimizer state, the best epoch's
/// copy, each shard's activations, deltas and scratch, and the batch.</param>
internal readonly record struct TrainingFootprint(long Parameters, long LargestArray, long Bytes)
{
    /// <summary>Buffers of parameter size held outside the shards: the parameters and the loop's aligned copy, the summed gradient, up to three buffers of optimizer state (AMSGrad), the best epoch's copy.</summary>
    private const int ParameterSizedBuffers = 7;

    /// <summary>Buffers of parameter size per shard: its gradient and its transposed-weights scratch.</summary>
    private const int ParameterSizedBuffersPerShard = 2;

    /// <summary>
    /// What a run allocates; with <paramref name="sparseInput"/>, rows of <paramref name="nonZerosPerRow"/> non-zeros on
    /// average: no dense input buffers (a batch of sparse rows instead, 8 bytes per non-zero) and no separate summed
    /// gradient (the first shard's is the sum). A network of <paramref name="members"/> k members adds its copies of the
    /// first layer's biases and of the last layer, its input scales, and k rows of every layer past the input (and of the
    /// members' inputs) for each row of a batch.
    /// </summary>
    public static TrainingFootprint Of(IReadOnlyList<int> layerSizes, int batch, int shards, bool sparseInput = false, double nonZerosPerRow = 0,
        int members = 1)
    {
        long parameters = 0, widths = 0, widest = 0;
        int last = layerSizes.Count - 2;
        for (int l = 0; l + 1 < layerSizes.Count; l++)
        {
            long copies = members > 1 && l == last ? members : 1;
            parameters += ((long)layerSizes[l] + 1) * layerSizes[l + 1] * copies;
        }
        if (members > 1)
        {
            parameters += (members - 1L) * layerSizes[1] + (long)members * layerSizes[0];
        }
        for (int l = sparseInput ? 1 : 0; l < layerSizes.Count; l++)
        {
            long copies = l == 0 ? (members > 1 ? 1 + members : 1) : members; // the input, and the members' inputs
            widths += layerSizes[l] * copies;
            widest = Math.Max(widest, layerSizes[l] * copies);
        }
        shards = Math.Clamp(shards, 1, Math.Max(batch, 1));
        long rowsPerShard = (batch + shards - 1L) / shards;
        long narrowScratch = 0, widestScratch = 0; // the kernels of layers with few outputs pad them to 16 lanes
        for (int l = 0; l + 1 < layerSizes.Count; l++)
        {
            if (layerSizes[l + 1] <= NarrowOutput.MaxWidth)
            {
                long scratch = NarrowOutput.ScratchSize(layerSizes[l], members * rowsPerShard);
                narrowScratch += scratch;
                widestScratch = Math.Max(widestScratch, scratch);
            }
        }
        long perShard = ParameterSizedBuffersPerShard * parameters + 2 * rowsPerShard * widths + narrowScratch;
        long batchInput = sparseInput ? (long)Math.Ceiling(batch * nonZerosPerRow * 2) + batch + 1 : (long)batch * layerSizes[0];
        long floats = (ParameterSizedBuffers - (sparseInput ? 1 : 0)) * parameters + shards * perShard + batchInput + 2L * batch;
        long largest = Math.Max(Math.Max(parameters, widestScratch), Math.Max(rowsPerShard * widest, sparseInput ? 0 : batchInput));
        return new(parameters, largest, floats * sizeof(float));
    }
}
