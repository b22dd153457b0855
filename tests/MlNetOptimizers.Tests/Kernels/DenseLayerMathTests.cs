namespace MlNetOptimizers.Tests.Kernels;

/// <summary>A dense layer's products for every width regime (one output, narrow class-major, blocked) against naive loops.</summary>
public class DenseLayerMathTests
{
    [Theory]
    [InlineData(7, 19, 1)]
    [InlineData(9, 33, 2)]
    [InlineData(4, 16, 3)]
    [InlineData(13, 128, 10)]
    [InlineData(5, 20, 15)]
    [InlineData(6, 17, 16)]
    [InlineData(3, 40, 33)]
    [InlineData(1, 50, 10)]
    [InlineData(30, 50, 10)]
    [InlineData(25, 7, 3)]
    [InlineData(40, 13, 1)]
    public void Forward_and_weight_gradient_match_naive_loops(int rows, int inWidth, int outWidth)
    {
        var random = new Random(rows * 100 + inWidth * 10 + outWidth);
        float[] Random(int length) => Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var x = Random(rows * inWidth);
        var w = Random(inWidth * outWidth);
        var b = Random(outWidth);
        var delta = Random(rows * outWidth);
        var scratch = new float[NarrowOutput.ScratchSize(inWidth, rows)];

        var y = new float[rows * outWidth];
        DenseLayerMath.Forward(x, rows, inWidth, w, b, y, scratch);
        var dw = Random(inWidth * outWidth);
        var db = Random(outWidth);
        var dwStart = (float[])dw.Clone();
        var dbStart = (float[])db.Clone();
        DenseLayerMath.AccumulateParameterGradient(x, delta, rows, inWidth, outWidth, dw, db, scratch);

        for (int r = 0; r < rows; r++)
        {
            for (int o = 0; o < outWidth; o++)
            {
                double expected = b[o];
                for (int i = 0; i < inWidth; i++)
                {
                    expected += (double)x[r * inWidth + i] * w[i * outWidth + o];
                }
                y[r * outWidth + o].Should().BeApproximately((float)expected, 1e-4f, $"y[{r},{o}]");
            }
        }
        for (int i = 0; i < inWidth; i++)
        {
            for (int o = 0; o < outWidth; o++)
            {
                double expected = dwStart[i * outWidth + o];
                for (int r = 0; r < rows; r++)
                {
                    expected += (double)x[r * inWidth + i] * delta[r * outWidth + o];
                }
                dw[i * outWidth + o].Should().BeApproximately((float)expected, 1e-4f, $"dW[{i},{o}]");
            }
        }
        for (int o = 0; o < outWidth; o++)
        {
            db[o].Should().BeApproximately(dbStart[o] + Enumerable.Range(0, rows).Sum(r => delta[r * outWidth + o]), 1e-4f);
        }
    }
}
