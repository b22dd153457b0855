using System.Numerics.Tensors;
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
    /// l when it is narrow (<see cref="NarrowOutput.ScratchSize"/>); a scorer passes its narrow layers' weights as
    /// <paramref name="columns"/> (<see cref="NarrowDotProducts.Columns"/>, made once) instead of having them copied per batch.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static void Run(NetworkArchitecture architecture, ReadOnlySpan<float> parameters, int rows,
        AlignedBuffer[] activations, float[][] narrow, float[]?[]? columns = null) =>
        Run(architecture, parameters, rows, activations, narrow, firstLayer: 0, columns);

    /// <summary>
    /// The same from layer <paramref name="firstLayer"/> on, <paramref name="activations"/>[firstLayer] already computed
    /// (a sparse first layer's output, before its activation).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static void Run(NetworkArchitecture architecture, ReadOnlySpan<float> parameters, int rows,
        AlignedBuffer[] activations, float[][] narrow, int firstLayer, float[]?[]? columns = null)
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
                parameters.Slice(a.WeightOffset(l), inWidth * outWidth), parameters.Slice(a.BiasOffset(l), outWidth), output, narrow[l],
                columns?[l]);
            if (l < a.LayerCount - 1)
            {
                ActivationFunctions.Apply(a.Activation, output);
            }
        }
    }

    /// <summary>
    /// The forward pass of a k-member network (<see cref="NetworkArchitecture.Members"/>) over the first
    /// <paramref name="rows"/> rows of <paramref name="input"/>: <paramref name="expanded"/> receives member m's inputs
    /// <c>x ⊙ r_m</c> as rows m·rows.., and every later layer holds k·rows rows, member after member. The first layer (its
    /// biases are the member's) and the last (the member's head) run once per member over its rows; the shared hidden
    /// layers run once over all k·rows rows. <paramref name="activations"/>[^1] holds the members' outputs.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static void RunMembers(NetworkArchitecture architecture, ReadOnlySpan<float> parameters, int rows,
        ReadOnlySpan<float> input, Span<float> expanded, AlignedBuffer[] activations, float[][] narrow)
    {
        var a = architecture;
        int k = a.Members, d = a.InputSize, all = k * rows;
        var scales = parameters.Slice(a.InputScaleOffset, k * d);
        for (int m = 0; m < k; m++)
        {
            var scale = scales.Slice(m * d, d);
            for (int r = 0; r < rows; r++)
            {
                TensorPrimitives.Multiply(input.Slice(r * d, d), scale, expanded.Slice((m * rows + r) * d, d));
            }
        }
        for (int l = 0; l < a.LayerCount; l++)
        {
            int inWidth = a.LayerSizes[l], outWidth = a.LayerSizes[l + 1];
            ReadOnlySpan<float> layerInput = l == 0 ? expanded : activations[l].Span;
            var output = activations[l + 1].Span;
            if (a.WeightCopies(l) > 1 || a.BiasCopies(l) > 1)
            {
                for (int m = 0; m < k; m++)
                {
                    DenseLayerMath.Forward(layerInput.Slice(m * rows * inWidth, rows * inWidth), rows, inWidth,
                        parameters.Slice(a.WeightOffset(l, m), inWidth * outWidth), parameters.Slice(a.BiasOffset(l, m), outWidth),
                        output.Slice(m * rows * outWidth, rows * outWidth), narrow[l]);
                }
            }
            else
            {
                DenseLayerMath.Forward(layerInput, all, inWidth, parameters.Slice(a.WeightOffset(l), inWidth * outWidth),
                    parameters.Slice(a.BiasOffset(l), outWidth), output[..(all * outWidth)], narrow[l]);
            }
            if (l < a.LayerCount - 1)
            {
                ActivationFunctions.Apply(a.Activation, output[..(all * outWidth)]);
            }
        }
    }

    /// <summary>
    /// One aligned buffer of <paramref name="capacity"/> rows per layer width (index 0: the input, none for sparse input,
    /// whose rows a <see cref="SparseRows"/> holds).
    /// </summary>
    /// <remarks>A k-member network's layers past the input hold k × <paramref name="capacity"/> rows.</remarks>
    public static AlignedBuffer[] LayerBuffers(NetworkArchitecture architecture, int capacity, bool sparseInput = false) =>
        architecture.LayerSizes.Select((width, l) => new AlignedBuffer(l == 0 && sparseInput ? 0
            : (l == 0 ? 1 : architecture.Members) * capacity * width)).ToArray();

    /// <summary>The narrow kernels' scratch per layer (empty for wide layers, and for a first layer over sparse input).</summary>
    public static float[][] NarrowScratch(NetworkArchitecture architecture, int capacity, bool sparseInput = false) =>
        Enumerable.Range(0, architecture.LayerCount)
            .Select(l => architecture.LayerSizes[l + 1] <= NarrowOutput.MaxWidth && !(l == 0 && sparseInput)
                ? new float[NarrowOutput.ScratchSize(architecture.LayerSizes[l], (long)architecture.Members * capacity)] : []).ToArray();
}
