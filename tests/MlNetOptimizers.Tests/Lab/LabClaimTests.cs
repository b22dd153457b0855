using MlNetOptimizers.Lab;

namespace MlNetOptimizers.Tests.Lab;

/// <summary>The claims the lab's pictures make, asserted on the trajectories that draw them.</summary>
public class LabClaimTests
{
    private static Trajectory Of(IReadOnlyList<Trajectory> runs, string key) => runs.Single(r => r.Label.StartsWith(key + " "));

    [Fact]
    public void Zigzag_sgd_alternates_across_the_valley_and_needs_more_steps_than_momentum()
    {
        var runs = LabScenarios.ZigZag().Run();
        var sgd = Of(runs, "sgd");

        // y ← (1 − 0.035·50)·y = −0.75·y: the sign flips every step.
        for (int t = 1; t <= 10; t++)
        {
            Math.Sign(sgd.Points[t].Y).Should().Be(-Math.Sign(sgd.Points[t - 1].Y), $"step {t}");
        }
        int sgdSteps = sgd.StepsToReach(1e-3)!.Value;
        Of(runs, "momentum").StepsToReach(1e-3)!.Value.Should().BeLessThan(sgdSteps);
        Of(runs, "nesterov").StepsToReach(1e-3)!.Value.Should().BeLessThan(sgdSteps);
        runs.Should().OnlyContain(r => r.StepsToReach(1e-3) != null, "every optimizer converges within the budget");
    }

    [Fact]
    public void Zigzag_no_sgd_learning_rate_below_the_stability_limit_beats_momentum()
    {
        var scenario = LabScenarios.ZigZag();
        int momentumSteps = Of(scenario.Run(), "momentum").StepsToReach(1e-3)!.Value;
        for (float lr = 0.005f; lr < 2f / 50; lr += 0.005f)
        {
            var sgd = TrajectoryRunner.Run(scenario.Function, new Sgd(lr), scenario.Start, scenario.Steps);
            (sgd.StepsToReach(1e-3) ?? int.MaxValue).Should().BeGreaterThan(momentumSteps, $"SGD lr={lr}");
        }
    }

    [Fact]
    public void Saddle_sgd_stalls_where_momentum_and_adam_escape()
    {
        var runs = LabScenarios.Saddle().Run();
        const int t = 40;
        Math.Abs(Of(runs, "sgd").Points[t].Y).Should().BeLessThan(0.01, "SGD is still on the ridge");
        Math.Abs(Of(runs, "momentum").Points[t].Y).Should().BeGreaterThan(0.5);
        Math.Abs(Of(runs, "adam").Points[t].Y).Should().BeGreaterThan(0.5);
        Math.Abs(Of(runs, "rmsprop").Points[t].Y).Should().BeGreaterThan(0.5);
    }

    [Fact]
    public void Local_minima_sgd_gets_stuck_and_momentum_rolls_through()
    {
        var scenario = LabScenarios.LocalMinima();
        var f = (TiltedDoubleWell)scenario.Function;
        var runs = scenario.Run();
        Of(runs, "sgd").Final.DistanceTo(f.LocalMinimum).Should().BeLessThan(1e-3);
        Of(runs, "momentum").Final.DistanceTo(f.GlobalMinimum).Should().BeLessThan(1e-3);
    }

    [Fact]
    public void Rosenbrock_and_beale_adam_gets_closest_to_the_minimum()
    {
        foreach (var scenario in new[] { LabScenarios.Rosenbrock(), LabScenarios.Beale() })
        {
            var runs = scenario.Run();
            var adam = Of(runs, "adam");
            adam.Final.DistanceTo(scenario.Function.GlobalMinimum).Should().BeLessThan(1e-3, scenario.Name);
            runs.Should().OnlyContain(r => r.Steps == scenario.Steps, "no optimizer diverges");
        }
    }

    [Fact]
    public void Bias_correction_makes_the_first_step_about_lr_and_its_absence_about_three_lr()
    {
        var runs = LabScenarios.BiasCorrection().Run();
        double lr = 0.1;
        // Both coordinates move by the step size; the step length is √2 times it.
        Of(runs, "adam").StepLengths()[0].Should().BeApproximately(lr * Math.Sqrt(2), 1e-4);
        Of(runs, "adam-no-bias-correction").StepLengths()[0]
            .Should().BeApproximately(lr * 0.1 / Math.Sqrt(0.001) * Math.Sqrt(2), 1e-3);
    }

    [Fact]
    public void Steps_to_reach_counts_only_when_the_run_stays_below_the_tolerance()
    {
        var f = new IllConditionedQuadratic(1);
        var run = TrajectoryRunner.Run(f, new Sgd(0.5f), new Point2(1, 0), 10);
        // x halves each step: f = x²/2 = 0.5·4^−t, below 1e-3 from t = 5 (0.000488).
        run.StepsToReach(1e-3).Should().Be(5);
        run.StepsToReach(1e-30).Should().BeNull();
    }

    [Fact]
    public void A_diverging_run_stops_at_the_last_finite_point()
    {
        var run = TrajectoryRunner.Run(new IllConditionedQuadratic(50), new Sgd(1f), new Point2(1, 1), 1000);
        run.Steps.Should().BeLessThan(1000);
        run.Points.Should().OnlyContain(p => double.IsFinite(p.X) && double.IsFinite(p.Y));
    }

    [Fact]
    public void Unknown_optimizer_keys_are_named_in_the_error()
    {
        FluentActions.Invoking(() => LabOptimizer.Named("adamax", 0.1f))
            .Should().Throw<ArgumentException>().WithMessage("*'adamax'*sgd*");
    }
}
