namespace MlNetOptimizers.Tasks;

/// <summary>A loss of one output and its label (a binary logit's, a regression prediction's) with its derivative with respect to the output.</summary>
internal interface IPointLoss
{
    float Loss(float output, float label, out float derivative);
}

/// <summary>The batch loop of the tasks with one output per row, written once; a struct loss compiles to its own loop.</summary>
internal static class PointLoss
{
    /// <summary>
    /// Writes w_r·<paramref name="scale"/>·∂ℓ/∂output_r into <paramref name="delta"/> and returns Σ_r w_r·ℓ_r over
    /// <paramref name="rows"/> rows (<see cref="ModelTask.LossAndGradient"/> for one output).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static double Batch<TLoss>(TLoss loss, ReadOnlySpan<float> outputs, int rows, ReadOnlySpan<float> labels,
        ReadOnlySpan<float> weights, float scale, Span<float> delta) where TLoss : struct, IPointLoss
    {
        double total = 0;
        for (int r = 0; r < rows; r++)
        {
            float w = weights.IsEmpty ? 1f : weights[r];
            float rowLoss = loss.Loss(outputs[r], labels[r], out float derivative);
            delta[r] = derivative * w * scale;
            total += (double)w * rowLoss;
        }
        return total;
    }
}
