using MlNetOptimizers;

namespace MlNetOptimizers.Tests.Optimizers;

public class BiasCorrectionTests
{
    [Theory]
    [InlineData(0.5f)]
    [InlineData(-3f)]
    [InlineData(1e-3f)]
    public void Adams_first_step_moves_each_coordinate_by_about_the_learning_rate(float gradient)
    {
        const float lr = 0.01f;
        var theta = new float[] { 2f, 2f };
        var optimizer = new Adam(lr);
        optimizer.Step(theta, [gradient, -gradient], optimizer.CreateState(2));

        // m̂ = g, v̂ = g²  ⇒  step = lr·g/(|g| + ε) ≈ lr·sign(g)
        (2f - theta[0]).Should().BeApproximately(lr * MathF.Sign(gradient), 1e-5f);
        (2f - theta[1]).Should().BeApproximately(-lr * MathF.Sign(gradient), 1e-5f);
    }

    [Fact]
    public void Without_bias_correction_the_first_step_is_lr_times_one_minus_beta1_over_root_one_minus_beta2()
    {
        const float lr = 0.01f, beta1 = 0.9f, beta2 = 0.999f;
        var theta = new float[] { 0f };
        var optimizer = new Adam(lr, beta1, beta2, biasCorrection: false);
        optimizer.Step(theta, [0.7f], optimizer.CreateState(1));

        float expected = lr * (1 - beta1) / MathF.Sqrt(1 - beta2); // ≈ 3.16·lr
        (-theta[0]).Should().BeApproximately(expected, 1e-5f);
        (-theta[0] / lr).Should().BeInRange(3.1f, 3.2f);
    }
}
