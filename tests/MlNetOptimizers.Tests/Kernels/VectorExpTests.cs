namespace MlNetOptimizers.Tests.Kernels;

/// <summary>The vector exponential of training's softmax against double-precision e^x.</summary>
public class VectorExpTests
{
    [Fact]
    public void Is_within_2_5e_7_relative_error_of_exp_over_the_normal_range()
    {
        // Every 1/64 from −87 to 88, plus the points around each multiple of ln 2 / 2 where the range reduction turns.
        var xs = Enumerable.Range(0, (88 + 87) * 64 + 1).Select(i => -87f + i / 64f)
            .Concat(Enumerable.Range(-250, 500).SelectMany(j => new[] { j * 0.34657359f - 1e-6f, j * 0.34657359f + 1e-6f }))
            .Where(x => x is >= -87f and <= 88f)
            .ToArray();
        var values = xs.ToArray();
        VectorExp.ExpInPlace(values);
        for (int i = 0; i < xs.Length; i++)
        {
            double expected = Math.Exp(xs[i]);
            Math.Abs(values[i] - expected).Should().BeLessThanOrEqualTo(2.5e-7 * expected, $"e^{xs[i]}");
        }
    }

    [Fact]
    public void Gives_one_at_zero_and_clamps_outside_the_normal_range_without_infinities_or_NaNs()
    {
        var values = new[] { 0f, -1000f, -88f, 1000f, float.NegativeInfinity };
        VectorExp.ExpInPlace(values);
        values[0].Should().Be(1f);
        values[1].Should().BeApproximately(MathF.Exp(-87.3365448f), 1e-44f).And.BeGreaterThan(0);
        values[2].Should().BeApproximately(MathF.Exp(-87.3365448f), 1e-44f);
        float.IsFinite(values[3]).Should().BeTrue();
        values[3].Should().BeApproximately(MathF.Exp(88.3762626647949f), 1e32f);
        values[4].Should().BeGreaterThan(0).And.BeLessThan(1e-37f);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(33)]
    public void Handles_every_length_including_a_partial_last_vector(int length)
    {
        var xs = Enumerable.Range(0, length).Select(i => -i * 0.37f).ToArray();
        var values = xs.ToArray();
        VectorExp.ExpInPlace(values);
        for (int i = 0; i < length; i++)
        {
            values[i].Should().BeApproximately(MathF.Exp(xs[i]), 2.5e-7f * MathF.Exp(xs[i]), $"element {i}");
        }
    }
}
