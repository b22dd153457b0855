namespace MlNetOptimizers.Tests.Kernels;

public class GemmTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(5, 10, 7)]
    [InlineData(4, 64, 3)]
    [InlineData(7, 100, 33)]
    [InlineData(33, 128, 100)]
    [InlineData(9, 17, 64)]
    [InlineData(6, 80, 300)] // more than one 128-row piece of B per 64-column panel
    [InlineData(13, 64, 129)]
    public void Matches_the_naive_triple_loop_for_both_layouts_of_A(int m, int n, int k)
    {
        var random = new Random(m * 1000 + n * 10 + k);
        float[] Random(int length) => Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var a = Random(m * k);
        var b = Random(k * n);
        var start = Random(m * n);

        foreach (bool transposedA in new[] { false, true })
        {
            // A(i, p) is a[i*k + p] (row-major) or a[p*m + i] (read as the transpose of a k × m matrix).
            int rowStride = transposedA ? 1 : k, colStride = transposedA ? m : 1;
            var c = (float[])start.Clone();
            Gemm.Multiply(m, n, k, a, rowStride, colStride, b, c, accumulate: true);
            for (int i = 0; i < m; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    double expected = start[i * n + j];
                    for (int p = 0; p < k; p++)
                    {
                        expected += (double)a[i * rowStride + p * colStride] * b[p * n + j];
                    }
                    c[i * n + j].Should().BeApproximately((float)expected, 1e-4f, $"C[{i},{j}] transposedA={transposedA}");
                }
            }

            var overwritten = (float[])start.Clone();
            Gemm.Multiply(m, n, k, a, rowStride, colStride, b, overwritten, accumulate: false);
            overwritten[0].Should().BeApproximately(c[0] - start[0], 1e-4f);
        }
    }
}
