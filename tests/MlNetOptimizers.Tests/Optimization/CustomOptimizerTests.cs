using MlNetOptimizers;

namespace MlNetOptimizers.Tests.Optimization;

/// <summary>A user-written optimizer plugs in through the public interface alone.</summary>
public class CustomOptimizerTests
{
    /// <summary>signSGD (Bernstein et al., 2018): θ ← θ − η·sign(g).</summary>
    private sealed class SignSgd(float learningRate) : IOptimizer
    {
        public IOptimizerState CreateState(int parameterCount) => new OptimizerState(parameterCount);

        public void Step(Span<float> parameters, ReadOnlySpan<float> gradients, IOptimizerState state)
        {
            var s = OptimizerState.Expect<OptimizerState>(state, parameters.Length, gradients.Length, nameof(SignSgd));
            s.BeginStep();
            float lr = learningRate * s.LearningRateFactor;
            for (int i = 0; i < parameters.Length; i++)
            {
                parameters[i] -= lr * MathF.Sign(gradients[i]);
            }
        }
    }

    [Fact]
    public void Sign_sgd_steps_by_the_learning_rate_and_follows_a_schedule()
    {
        IOptimizer optimizer = new SignSgd(0.5f).WithSchedule(new StepDecaySchedule(stepSize: 1, gamma: 0.5f));
        var theta = new float[] { 0f, 0f, 0f };
        var state = optimizer.CreateState(3);

        optimizer.Step(theta, [3f, -0.1f, 0f], state);   // factor 1:  η = .5
        theta.Should().Equal(-0.5f, 0.5f, 0f);
        optimizer.Step(theta, [3f, -0.1f, 0f], state);   // factor .5: η = .25
        theta.Should().Equal(-0.75f, 0.75f, 0f);
        state.StepCount.Should().Be(2);
    }
}
