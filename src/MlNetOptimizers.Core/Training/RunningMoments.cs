namespace MlNetOptimizers.Training;

/// <summary>Weighted per-feature mean and variance accumulated row by row (West's weighted form of Welford's update).</summary>
internal sealed class RunningMoments(int width)
{
    private readonly double[] _mean = new double[width];
    private readonly double[] _m2 = new double[width];
    private double _weight;

    /// <summary>Adds one row with weight <paramref name="w"/> (rows of weight 0 change nothing).</summary>
    public void Add(ReadOnlySpan<float> row, double w)
    {
        if (w <= 0)
        {
            return;
        }
        _weight += w;
        double share = w / _weight;
        for (int i = 0; i < _mean.Length; i++)
        {
            double delta = row[i] - _mean[i];
            _mean[i] += share * delta;
            _m2[i] += w * delta * (row[i] - _mean[i]);
        }
    }

    /// <summary>The standardization these rows define.</summary>
    public FeatureStandardization ToStandardization() =>
        FeatureStandardization.FromMoments(_mean, _m2.Select(m => _weight > 0 ? m / _weight : 0).ToArray());
}
