using MlNetOptimizers;

namespace MlNetOptimizers.Tests.Schedules;

public class ScheduleTests
{
    [Fact]
    public void Step_decay_multiplies_by_gamma_every_step_size_steps()
    {
        var s = new StepDecaySchedule(stepSize: 3, gamma: 0.5f);
        Enumerable.Range(0, 7).Select(t => s.Factor(t)).Should().Equal(1f, 1f, 1f, 0.5f, 0.5f, 0.5f, 0.25f);
    }

    [Fact]
    public void Exponential_decay_is_gamma_to_the_step()
    {
        var s = new ExponentialSchedule(0.9f);
        s.Factor(0).Should().Be(1f);
        s.Factor(2).Should().BeApproximately(0.81f, 1e-6f);
    }

    [Fact]
    public void Cosine_runs_from_one_to_the_minimum_through_the_midpoint()
    {
        var s = new CosineSchedule(totalSteps: 10, minimumFactor: 0.2f);
        s.Factor(0).Should().Be(1f);
        s.Factor(5).Should().BeApproximately(0.6f, 1e-6f);   // .2 + .8·(1 + cos π/2)/2
        s.Factor(10).Should().BeApproximately(0.2f, 1e-6f);
        s.Factor(50).Should().BeApproximately(0.2f, 1e-6f);
    }

    [Fact]
    public void Warmup_rises_linearly_then_hands_over_to_the_next_schedule()
    {
        var s = new WarmupSchedule(4, new CosineSchedule(2));
        Enumerable.Range(0, 7).Select(t => s.Factor(t)).Should()
            .Equal(new[] { 0.25f, 0.5f, 0.75f, 1f, 1f, 0.5f, 0f }, (a, b) => Math.Abs(a - b) < 1e-6f);
    }

    [Fact]
    public void A_scheduled_optimizer_sets_the_factor_before_each_step()
    {
        var optimizer = new Sgd(1f).WithSchedule(new ExponentialSchedule(0.5f));
        var theta = new float[] { 0f };
        var state = optimizer.CreateState(1);
        optimizer.Step(theta, [1f], state);   // η = 1
        optimizer.Step(theta, [1f], state);   // η = .5
        optimizer.Step(theta, [1f], state);   // η = .25
        theta[0].Should().BeApproximately(-1.75f, 1e-6f);
    }

    [Fact]
    public void Invalid_schedule_arguments_throw()
    {
        FluentActions.Invoking(() => new StepDecaySchedule(0)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => new ExponentialSchedule(0f)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("gamma");
        FluentActions.Invoking(() => new CosineSchedule(10, 1.5f)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("minimumFactor");
        FluentActions.Invoking(() => new WarmupSchedule(0)).Should().Throw<ArgumentOutOfRangeException>();
    }
}
