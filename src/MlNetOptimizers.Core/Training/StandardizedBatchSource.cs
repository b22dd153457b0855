namespace MlNetOptimizers.Training;

/// <summary>A batch source whose feature rows are standardized as they are filled (for sources that are not in memory).</summary>
internal sealed class StandardizedBatchSource(IBatchSource inner, FeatureStandardization standardization) : IBatchSource
{
    public int FeatureCount => inner.FeatureCount;

    public IBatchCursor Open(Random? shuffle) => new Cursor(inner.Open(shuffle), standardization);

    private sealed class Cursor(IBatchCursor inner, FeatureStandardization standardization) : IBatchCursor
    {
        public int Fill(Span<float> features, Span<float> labels, Span<float> weights, int maxRows)
        {
            int rows = inner.Fill(features, labels, weights, maxRows);
            standardization.Apply(features, rows);
            return rows;
        }

        public void Dispose() => inner.Dispose();
    }
}
