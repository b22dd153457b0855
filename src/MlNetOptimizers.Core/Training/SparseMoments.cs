namespace MlNetOptimizers.Training;

/// <summary>
/// What the standardization of sparse rows needs, accumulated row by row over their non-zeros: per slot the weight of
/// the rows that hold it, the weighted sums of x and x², and the largest |x|.
/// </summary>
internal sealed class SparseMoments(int width)
{
    private readonly double[] _presence = new double[width];
    private readonly double[] _sum = new double[width];
    private readonly double[] _squares = new double[width];
    private readonly float[] _largest = new float[width];
    private double _weight;

    /// <summary>Adds one row's non-zeros with weight <paramref name="w"/> (rows of weight 0 change nothing).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Add(ReadOnlySpan<int> indices, ReadOnlySpan<float> values, double w)
    {
        if (w <= 0)
        {
            return;
        }
        _weight += w;
        for (int k = 0; k < indices.Length; k++)
        {
            int slot = indices[k];
            double x = values[k];
            _presence[slot] += w;
            _sum[slot] += w * x;
            _squares[slot] += w * x * x;
            _largest[slot] = MathF.Max(_largest[slot], MathF.Abs(values[k]));
        }
    }

    /// <summary>The standardization these rows define (<see cref="FeatureStandardization.ForSparseRows"/>).</summary>
    public FeatureStandardization ToStandardization()
    {
        var scales = new float[_sum.Length];
        for (int i = 0; i < scales.Length; i++)
        {
            if (_weight > 0 && _presence[i] >= FeatureStandardization.DenseSlotShare * _weight)
            {
                double mean = _sum[i] / _weight, variance = Math.Max(_squares[i] / _weight - mean * mean, 0);
                float scale = (float)(1 / Math.Sqrt(variance));
                scales[i] = variance > 0 && float.IsFinite(scale) ? scale : 0f;
            }
            else
            {
                scales[i] = 1f / MathF.Max(1f, _largest[i]);
            }
        }
        return FeatureStandardization.ForSparseRows(scales);
    }
}
