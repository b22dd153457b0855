namespace MlNetOptimizers.Tests.Training;

public class DenseDatasetTests
{
    private static DenseDataset Dataset(int rows, int width) => new(
        Enumerable.Range(0, rows * width).Select(i => (float)i).ToArray(),
        Enumerable.Range(0, rows).Select(i => (float)(i % 3)).ToArray(),
        Enumerable.Range(0, rows).Select(i => 1f + i).ToArray(),
        width);

    [Fact]
    public void Taking_a_batch_and_copying_its_features_in_parts_gives_what_one_fill_gives()
    {
        var data = Dataset(rows: 50, width: 7);
        using var whole = data.Open(new Random(5));
        using var split = (ISplitBatchCursor)data.Open(new Random(5));
        var (features, labels, weights) = (new float[20 * 7], new float[20], new float[20]);
        var (parts, partLabels, partWeights) = (new float[20 * 7], new float[20], new float[20]);

        for (int batch = 0; batch < 3; batch++)
        {
            int rows = whole.Fill(features, labels, weights, 20);
            split.Take(partLabels, partWeights, 20).Should().Be(rows);
            split.CopyFeatures(rows / 2, rows - rows / 2, parts.AsSpan(rows / 2 * 7)); // second half first, as a helper thread might
            split.CopyFeatures(0, rows / 2, parts);

            rows.Should().Be(batch < 2 ? 20 : 10);
            parts[..(rows * 7)].Should().Equal(features[..(rows * 7)]);
            partLabels[..rows].Should().Equal(labels[..rows]);
            partWeights[..rows].Should().Equal(weights[..rows]);
        }
    }
}
