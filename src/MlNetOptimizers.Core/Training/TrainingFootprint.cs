using MlNetOptimizers.Kernels;

namespace MlNetOptimizers.Training;

/// <summary>
/// What a training run will allocate, worked out from the layer sizes in 64-bit arithmetic before anything is allocated,
/// so that an absurd size is refused with a clear message instead of an OverflowException or OutOfMemoryException.
/// </summary>
/// <param name="Parameters">Weights and biases of the network.</param>
/// <param name="LargestArray">Elements of the largest single array (the parameters, or one layer's batch activations).</param>
/// <param name="Bytes">All the loop's buffers: parameters, gradients (one per worker), optimizer state, the best epoch's
/// copy, each worker's activations, deltas and scratch, and the batch.</param>
internal readonly record struct TrainingFootprint(long Parameters, long LargestArray, long Bytes)
{
    /// <summary>Buffers of parameter size held outside the workers: the parameters and the loop's aligned copy, the summed gradient, up to three buffers of optimizer state (AMSGrad), the best epoch's copy.</summary>
    private const int ParameterSizedBuffers = 7;

    /// <summary>Buffers of parameter size per worker: its gradient and its transposed-weights scratch.</summary>
    private const int ParameterSizedBuffersPerWorker = 2;

    /// <summary>
    /// What a run allocates; with <paramref name="sparseInput"/>, rows of <paramref name="nonZerosPerRow"/> non-zeros on
    /// average: no dense input buffers (a batch of sparse rows instead, 8 bytes per non-zero) and no separate summed
    /// gradient (the first worker's is the sum).
    /// </summary>
    public static TrainingFootprint Of(IReadOnlyList<int> layerSizes, int batch, int threads, bool sparseInput = false, double nonZerosPerRow = 0)
    {
        long parameters = 0, widths = 0, widest = 0;
        for (int l = 0; l + 1 < layerSizes.Count; l++)
        {
            parameters += ((long)layerSizes[l] + 1) * layerSizes[l + 1];
        }
        for (int l = sparseInput ? 1 : 0; l < layerSizes.Count; l++)
        {
            widths += layerSizes[l];
            widest = Math.Max(widest, layerSizes[l]);
        }
        threads = Math.Clamp(threads, 1, Math.Max(batch, 1));
        long rowsPerWorker = (batch + threads - 1L) / threads;
        long narrowScratch = 0, widestScratch = 0; // the kernels of layers with few outputs pad them to 16 lanes
        for (int l = 0; l + 1 < layerSizes.Count; l++)
        {
            if (layerSizes[l + 1] <= NarrowOutput.MaxWidth)
            {
                long scratch = NarrowOutput.ScratchSize(layerSizes[l], rowsPerWorker);
                narrowScratch += scratch;
                widestScratch = Math.Max(widestScratch, scratch);
            }
        }
        long perWorker = ParameterSizedBuffersPerWorker * parameters + 2 * rowsPerWorker * widths + narrowScratch;
        long batchInput = sparseInput ? (long)Math.Ceiling(batch * nonZerosPerRow * 2) + batch + 1 : (long)batch * layerSizes[0];
        long floats = (ParameterSizedBuffers - (sparseInput ? 1 : 0)) * parameters + threads * perWorker + batchInput + 2L * batch;
        long largest = Math.Max(Math.Max(parameters, widestScratch), Math.Max(rowsPerWorker * widest, sparseInput ? 0 : batchInput));
        return new(parameters, largest, floats * sizeof(float));
    }
}
