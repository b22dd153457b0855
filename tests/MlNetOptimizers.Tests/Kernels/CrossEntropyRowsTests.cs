namespace MlNetOptimizers.Tests.Kernels;

/// <summary>Training's batch cross-entropy against the row-by-row formula (MathF.Exp), for every width regime.</summary>
public class CrossEntropyRowsTests
{
    [Theory]
    [InlineData(1, 2)]
    [InlineData(5, 3)]
    [InlineData(37, 10)]
    [InlineData(3, 16)]
    [InlineData(20, 17)]
    [InlineData(9, 40)]
    public void Matches_the_row_formula_with_weights(int rows, int k)
    {
        var random = new Random(rows * 100 + k);
        var logits = Enumerable.Range(0, rows * k).Select(_ => (float)(random.NextDouble() * 20 - 10)).ToArray();
        var labels = Enumerable.Range(0, rows).Select(_ => (float)random.Next(k)).ToArray();
        var weights = Enumerable.Range(0, rows).Select(_ => (float)random.NextDouble() * 2).ToArray();
        const float scale = 0.01f;
        var delta = Enumerable.Repeat(float.NaN, rows * k).ToArray(); // every entry must be written

        double loss = Losses.CrossEntropyRows(logits, rows, k, labels, weights, scale, delta);

        double expectedLoss = 0;
        var expected = new float[k];
        for (int r = 0; r < rows; r++)
        {
            int label = (int)labels[r];
            expectedLoss += weights[r] * Losses.CrossEntropy(logits.AsSpan(r * k, k), label, expected, weights[r] * scale);
            for (int o = 0; o < k; o++)
            {
                delta[r * k + o].Should().BeApproximately(expected[o], 1e-6f * scale + 1e-6f * Math.Abs(expected[o]), $"row {r}, class {o}");
            }
        }
        loss.Should().BeApproximately(expectedLoss, 1e-5 * Math.Abs(expectedLoss));
    }

    [Fact]
    public void A_non_finite_logit_gives_a_non_finite_loss_so_that_divergence_is_caught()
    {
        var logits = new[] { 1f, float.NaN, 0f, 2f, 3f, float.PositiveInfinity };
        var delta = new float[6];
        double loss = Losses.CrossEntropyRows(logits, 2, 3, [0f, 1f], [], 1f, delta);
        double.IsFinite(loss).Should().BeFalse();
    }
}
