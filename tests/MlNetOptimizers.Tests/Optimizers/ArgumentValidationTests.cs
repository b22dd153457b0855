using MlNetOptimizers;

namespace MlNetOptimizers.Tests.Optimizers;

public class ArgumentValidationTests
{
    public static TheoryData<string, Action> InvalidArguments => new()
    {
        { "learningRate", () => new Sgd(0f) },
        { "learningRate", () => new Sgd(-1f) },
        { "learningRate", () => new Sgd(float.NaN) },
        { "learningRate", () => new Sgd(float.PositiveInfinity) },
        { "weightDecay", () => new Sgd(0.1f, -0.1f) },
        { "momentum", () => new Momentum(0.1f, 1f) },
        { "momentum", () => new Momentum(0.1f, -0.1f) },
        { "momentum", () => new Momentum(0.1f, float.NaN) },
        { "dampening", () => new Momentum(0.1f, 0.9f, dampening: 1f) },
        { "nesterov", () => new Momentum(0.1f, 0.9f, nesterov: true, dampening: 0.1f) },
        { "nesterov", () => new Momentum(0.1f, 0f, nesterov: true) },
        { "learningRate", () => new AdaGrad(0f) },
        { "epsilon", () => new AdaGrad(epsilon: -1e-10f) },
        { "initialAccumulator", () => new AdaGrad(initialAccumulator: float.NaN) },
        { "decay", () => new RmsProp(decay: 1f) },
        { "epsilon", () => new RmsProp(epsilon: float.NaN) },
        { "momentum", () => new RmsProp(momentum: 1.5f) },
        { "learningRate", () => new Adam(-1e-3f) },
        { "beta1", () => new Adam(beta1: 1f) },
        { "beta1", () => new Adam(beta1: -0.1f) },
        { "beta2", () => new Adam(beta2: 1f) },
        { "beta2", () => new Adam(beta2: float.NaN) },
        { "epsilon", () => new Adam(epsilon: -1f) },
        { "weightDecay", () => new Adam(weightDecay: float.NegativeInfinity) },
        { "beta1", () => new AdamW(beta1: 1.1f) },
        { "weightDecay", () => new AdamW(weightDecay: -0.01f) },
    };

    [Theory]
    [MemberData(nameof(InvalidArguments))]
    public void Invalid_arguments_throw_naming_the_argument(string argument, Action create)
    {
        create.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be(argument);
    }

    [Fact]
    public void A_state_of_another_optimizer_is_rejected()
    {
        var state = new Sgd(0.1f).CreateState(2);
        var act = () => new Adam().Step(new float[2], new float[2], state);
        act.Should().Throw<ArgumentException>().WithMessage("*Adam*SgdState*");
    }

    [Fact]
    public void Lengths_that_do_not_match_the_state_are_rejected()
    {
        var optimizer = new Momentum(0.1f);
        var state = optimizer.CreateState(3);
        optimizer.Invoking(o => o.Step(new float[2], new float[2], state))
            .Should().Throw<ArgumentException>().WithMessage("*2 elements*created for 3*");
        optimizer.Invoking(o => o.Step(new float[3], new float[2], state))
            .Should().Throw<ArgumentException>().WithMessage("*gradients has 2*");
    }

    [Fact]
    public void A_non_positive_parameter_count_is_rejected()
    {
        new Adam().Invoking(a => a.CreateState(0)).Should().Throw<ArgumentOutOfRangeException>();
    }
}
