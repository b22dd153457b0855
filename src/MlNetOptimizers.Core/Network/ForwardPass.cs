using MlNetOptimizers.Kernels;

namespace MlNetOptimizers.Network;

/// <summary>
/// The forward pass over a batch of rows, layer by layer: one matrix product per layer, then the activation on every
/// layer but the last. Training (<see cref="BatchWorkspace"/>) and batched scoring (<see cref="BatchPredictor"/>) share it.
/// </summary>
internal static class ForwardPass
{
    /// <summary>
    /// Fills <paramref name="activations"/>[l + 1] from <paramref name="activations"/>[l] for the first
    /// <paramref name="rows"/> rows; the last one holds the logits. <paramref name="narrow"/>[l] is the scratch of layer
    /// l when it is narrow (<see cref="NarrowOutput.ScratchSize"/>).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static void Run(NetworkArchitecture architecture, ReadOnlySpan<float> parameters, int rows,
        AlignedBuffer[] activations, float[][] narrow) => Run(architecture, parameters, rows, activations, narrow, firstLayer: 0);

    /// <summary>
    /// The same from layer <paramref name="firstLayer"/> on, <paramref name="activations"/>[firstLayer] already computed
    /// (a sparse first layer's output, before its activation).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static void Run(NetworkArchitecture architecture, ReadOnlySpan<float> parameters, int rows,
        AlignedBuffer[] activations, float[][] narrow, int firstLayer)
    {
        var a = architecture;
        if (firstLayer > 0 && firstLayer < a.LayerCount)
        {
            ActivationFunctions.Apply(a.Activation, activations[firstLayer].Span[..(rows * a.LayerSizes[firstLayer])]);
        }
        for (int l = firstLayer; l < a.LayerCount; l++)
        {
            int inWidth = a.LayerSizes[l], outWidth = a.LayerSizes[l + 1];
            var output = activations[l + 1].Span[..(rows * outWidth)];
            DenseLayerMath.Forward(activations[l].Span, rows, inWidth,
                parameters.Slice(a.WeightOffset(l), inWidth * outWidth), parameters.Slice(a.BiasOffset(l), outWidth), output, narrow[l]);
            if (l < a.LayerCount - 1)
            {
                ActivationFunctions.Apply(a.Activation, output);
            }
        }
    }

    /// <summary>
    /// One aligned buffer of <paramref name="capacity"/> rows per layer width (index 0: the input, none for sparse input,
    /// whose rows a <see cref="SparseRows"/> holds).
    /// </summary>
    public static AlignedBuffer[] LayerBuffers(NetworkArchitecture architecture, int capacity, bool sparseInput = false) =>
        architecture.LayerSizes.Select((width, l) => new AlignedBuffer(l == 0 && sparseInput ? 0 : capacity * width)).ToArray();

    /// <summary>The narrow kernels' scratch per layer (empty for wide layers, and for a first layer over sparse input).</summary>
    public static float[][] NarrowScratch(NetworkArchitecture architecture, int capacity, bool sparseInput = false) =>
        Enumerable.Range(0, architecture.LayerCount)
            .Select(l => architecture.LayerSizes[l + 1] <= NarrowOutput.MaxWidth && !(l == 0 && sparseInput)
                ? new float[NarrowOutput.ScratchSize(architecture.LayerSizes[l], capacity)] : []).ToArray();
}
