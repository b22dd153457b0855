using Microsoft.ML;

namespace MlNetOptimizers.Tests.Kernels;

/// <summary>Subnormal parameters are flushed to zero, in every vector width and tail, and training leaves none behind.</summary>
public class SubnormalsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(16)]
    [InlineData(37)]
    [InlineData(100)]
    public void Subnormal_values_become_zero_and_every_other_value_stays_as_it_was(int length)
    {
        float[] pattern = [1e-39f, -1e-40f, float.Epsilon, -float.Epsilon, 1.17549435e-38f, -1.2e-38f, 0f, -0f, 1f, -3.5f,
            float.NaN, float.PositiveInfinity, float.NegativeInfinity, 1e-30f, 1.1754942e-38f];
        var values = Enumerable.Range(0, length).Select(i => pattern[(i * 7) % pattern.Length]).ToArray();
        var expected = values.Select(v => v != 0 && float.IsSubnormal(v) ? 0f : v).ToArray();

        Subnormals.FlushToZero(values);

        for (int i = 0; i < length; i++)
        {
            BitConverter.SingleToInt32Bits(values[i]).Should().Be(BitConverter.SingleToInt32Bits(expected[i]),
                $"slot {i} ({expected[i]:R}): subnormals become +0, the rest keep their bits");
        }
    }

    [Theory]
    [InlineData(3, -1)]
    [InlineData(37, -1)]
    [InlineData(37, 5)]
    [InlineData(37, 35)]
    [InlineData(100, 70)]
    public void The_same_pass_reports_whether_every_value_is_finite(int length, int bad)
    {
        foreach (float special in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity })
        {
            // Finite values near the largest float, whose sum would overflow: still finite.
            var values = Enumerable.Range(0, length).Select(i => i % 2 == 0 ? 3e38f : 1e-39f).ToArray();
            if (bad >= 0)
            {
                values[bad] = special;
            }
            Subnormals.FlushToZero(values).Should().Be(bad < 0, $"length {length}, {special} at {bad} (in a vector or in the tail)");
        }
    }

    [Fact]
    public void A_network_whose_relu_units_die_holds_no_subnormal_weight()
    {
        // A ReLU unit that no longer fires gets no gradient from the data: its weights move only by the L2 penalty, which
        // under Adam shrinks them towards 0 without end. A large learning rate kills many units.
        var ml = new MLContext(seed: 1);
        var random = new Random(3);
        var rows = Enumerable.Range(0, 1000).Select(_ =>
        {
            float a = (float)random.NextDouble(), b = (float)random.NextDouble();
            return new Row { Features = [a, b, (float)random.NextDouble()], Label = a + b > 1 };
        }).ToList();
        var model = ml.BinaryClassification.Trainers.NeuralNetwork(new GradientTrainerOptions
        {
            HiddenLayers = [64], Optimizer = new Adam(0.03f), L2Regularization = 0.01f, Epochs = 150, ConvergenceTolerance = 0,
        }).Fit(ml.Data.LoadFromEnumerable(rows));

        model.Model.Parameters.ToArray().Should().NotContain(v => float.IsSubnormal(v));
    }

    private sealed class Row
    {
        [Microsoft.ML.Data.VectorType(3)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }
}
