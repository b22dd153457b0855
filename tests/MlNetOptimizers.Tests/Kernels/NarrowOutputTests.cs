namespace MlNetOptimizers.Tests.Kernels;

/// <summary>
/// The narrow layers' forward product sums each output in the order its documentation states (16 lanes over the inputs,
/// then a fixed reduction, then the bias), to the bit, whichever entry point and register block computes it; and the
/// scorers' softmax equals itself row by row.
/// </summary>
public class NarrowOutputTests
{
    /// <summary>Along the outputs: from zero in input order, one fused multiply-add per input, then the bias.</summary>
    private static float AlongOutputs(ReadOnlySpan<float> row, float[] weights, int k, int o, float bias)
    {
        float sum = 0;
        for (int i = 0; i < row.Length; i++)
        {
            sum = MathF.FusedMultiplyAdd(row[i], weights[i * k + o], sum);
        }
        return bias + sum;
    }

    /// <summary>Along the inputs, the documented order, one output at a time, in scalar code.</summary>
    private static float Reference(ReadOnlySpan<float> row, float[] weights, int k, int o, float bias)
    {
        var lanes = new float[16];
        for (int i = 0; i < row.Length; i++)
        {
            lanes[i % 16] = MathF.FusedMultiplyAdd(row[i], weights[i * k + o], lanes[i % 16]);
        }
        // The last partial chunk is zero-padded: its missing lanes get 0·0 added, as the vector code adds them.
        int padded = (row.Length + 15) / 16 * 16;
        for (int i = row.Length; i < padded; i++)
        {
            lanes[i % 16] = MathF.FusedMultiplyAdd(0f, 0f, lanes[i % 16]);
        }
        var eight = new float[8];
        for (int j = 0; j < 8; j++)
        {
            eight[j] = lanes[j] + lanes[j + 8];
        }
        var four = new float[4];
        for (int j = 0; j < 4; j++)
        {
            four[j] = eight[j] + eight[j + 4];
        }
        return bias + ((four[0] + four[2]) + (four[1] + four[3]));
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(3, 7, 1)]
    [InlineData(9, 17, 1)]
    [InlineData(17, 33, 1)]
    [InlineData(1, 16, 2)]
    [InlineData(4, 16, 2)]
    [InlineData(5, 19, 3)]
    [InlineData(8, 100, 10)]
    [InlineData(13, 64, 10)]
    [InlineData(6, 40, 15)]
    [InlineData(2, 5, 8)]
    [InlineData(11, 31, 9)]
    public void Every_entry_point_sums_each_output_in_the_documented_order(int rows, int width, int k)
    {
        var random = new Random(rows * 1000 + width * 10 + k);
        float[] Random(int length) => Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var x = Random(rows * width);
        var w = Random(width * k);
        var b = Random(k);

        var expected = new float[rows * k];
        for (int r = 0; r < rows; r++)
        {
            for (int o = 0; o < k; o++)
            {
                expected[r * k + o] = Reference(x.AsSpan(r * width, width), w, k, o, b[o]);
            }
        }

        var training = new float[rows * k];
        NarrowOutput.Forward(x, rows, width, w, b, training, new float[NarrowOutput.ScratchSize(width, rows)]);
        var expectedTraining = NarrowOutput.SumsAlongInputs(width, k) ? expected
            : Enumerable.Range(0, rows * k).Select(i => AlongOutputs(x.AsSpan(i / k * width, width), w, k, i % k, b[i % k])).ToArray();
        var columns = NarrowDotProducts.Columns(w, width, k);
        var matrix = new float[rows * k];
        NarrowDotProducts.Forward(x, rows, width, columns, b, matrix);
        var arrays = Enumerable.Range(0, rows).Select(r => x.AsSpan(r * width, width).ToArray()).ToArray();
        var separate = new float[rows * k];
        NarrowDotProducts.Forward(arrays, rows, width, columns, b, separate);
        var oneByOne = new float[rows * k];
        for (int r = 0; r < rows; r++)
        {
            NarrowDotProducts.ForwardRow(x.AsSpan(r * width, width), columns, b, oneByOne.AsSpan(r * k, k));
        }

        training.Select(BitConverter.SingleToInt32Bits).Should().Equal(expectedTraining.Select(BitConverter.SingleToInt32Bits), "Forward");
        foreach (var (name, actual) in new[] { ("Forward over a matrix", matrix), ("Forward over arrays", separate), ("ForwardRow", oneByOne) })
        {
            actual.Select(BitConverter.SingleToInt32Bits).Should().Equal(expected.Select(BitConverter.SingleToInt32Bits), name);
        }
        for (int r = 0; r < rows; r++)
        {
            for (int o = 0; o < k; o++)
            {
                double exact = b[o];
                for (int i = 0; i < width; i++)
                {
                    exact += (double)x[r * width + i] * w[i * k + o];
                }
                matrix[r * k + o].Should().BeApproximately((float)exact, 1e-5f);
            }
        }
    }

    [Theory]
    [InlineData(784, 10, true)]   // MNIST's softmax regression
    [InlineData(128, 10, false)]  // an MLP's output layer
    [InlineData(8, 1, false)]
    [InlineData(9, 1, true)]      // a binary model over 9 features
    [InlineData(30, 2, true)]
    [InlineData(256, 15, false)]
    [InlineData(2000, 15, true)]
    public void A_layer_sums_along_its_inputs_when_the_dot_products_cost_less(int width, int k, bool along) =>
        NarrowOutput.SumsAlongInputs(width, k).Should().Be(along);

    [Fact]
    public void A_row_with_a_partial_last_chunk_does_not_read_the_next_row()
    {
        const int width = 19, k = 3, rows = 5;
        var random = new Random(3);
        var x = Enumerable.Range(0, rows * width).Select(_ => (float)random.NextDouble()).ToArray();
        for (int i = 0; i < width; i++)
        {
            x[width + i] = float.NaN; // row 1
        }
        var w = Enumerable.Range(0, width * k).Select(_ => (float)random.NextDouble()).ToArray();
        var b = new float[k];
        var y = new float[rows * k];
        NarrowDotProducts.Forward(x, rows, width, NarrowDotProducts.Columns(w, width, k), b, y);

        for (int r = 0; r < rows; r++)
        {
            y.AsSpan(r * k, k).ToArray().Should().OnlyContain(v => r == 1 ? float.IsNaN(v) : float.IsFinite(v), $"row {r}");
        }
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(7, 3)]
    [InlineData(20, 10)]
    [InlineData(9, 16)]
    [InlineData(5, 17)]
    [InlineData(3, 40)]
    public void The_batch_softmax_equals_the_row_softmax_and_the_exact_one(int rows, int k)
    {
        var random = new Random(rows * 100 + k);
        var logits = Enumerable.Range(0, rows * k).Select(_ => (float)(random.NextDouble() * 20 - 10)).ToArray();
        var batch = new float[rows * k];
        Losses.SoftmaxRows(logits, rows, k, batch);

        for (int r = 0; r < rows; r++)
        {
            var row = logits.AsSpan(r * k, k).ToArray();
            Losses.Softmax(row);
            batch.AsSpan(r * k, k).ToArray().Select(BitConverter.SingleToInt32Bits).Should().Equal(row.Select(BitConverter.SingleToInt32Bits), $"row {r}");
            double max = logits.Skip(r * k).Take(k).Max(v => (double)v);
            double sum = logits.Skip(r * k).Take(k).Sum(v => Math.Exp(v - max));
            for (int c = 0; c < k; c++)
            {
                double exact = Math.Exp(logits[r * k + c] - max) / sum;
                ((double)row[c]).Should().BeApproximately(exact, 1e-6 * Math.Max(exact, 1e-3), $"row {r}, class {c}");
            }
        }
    }
}
