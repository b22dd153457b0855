namespace MlNetOptimizers.Tests.Training;

/// <summary>The epoch-level divergence rule, on loss sequences worked out by hand.</summary>
public class DivergenceRuleTests
{
    private static int? FirstDivergedEpoch(int outputs, int lastEpoch, params double[] losses)
    {
        var rule = new DivergenceRule(Math.Log(outputs == 1 ? 2 : outputs));
        for (int e = 0; e < losses.Length; e++)
        {
            if (rule.Check(e + 1, losses[e], lastEpoch) is not null)
            {
                return e + 1;
            }
        }
        return null;
    }

    [Fact]
    public void A_loss_that_falls_or_wobbles_is_not_divergence() =>
        FirstDivergedEpoch(1, 200, 0.69, 0.40, 0.45, 0.30, 2.9, 0.2).Should().BeNull("2.9 < 100 × 0.30");

    [Fact]
    public void A_loss_that_rises_past_100_times_the_best_epoch_and_past_chance_diverges() =>
        FirstDivergedEpoch(1, 200, 0.69, 0.40, 0.30, 31).Should().Be(4, "31 > 100 × 0.30 = 30 and 31 > ln 2");

    [Fact]
    public void A_tiny_loss_that_grows_a_hundredfold_but_stays_below_chance_is_not_divergence() =>
        FirstDivergedEpoch(3, 200, 1e-5, 2e-3).Should().BeNull("2e-3 < ln 3: still a good model");

    [Fact]
    public void A_loss_still_1000_times_chance_after_five_epochs_diverges()
    {
        double tenTimesOver = 1000 * Math.Log(10) * 1.01;
        FirstDivergedEpoch(10, 200, 5e4, 4e4, 3e4, 2e4, tenTimesOver).Should().Be(5, "epochs 1-4 are grace; 2,326 > 1000 × ln 10 = 2,303");
        FirstDivergedEpoch(10, 200, 5e4, 4e4, 3e4, 2e4, 2000).Should().BeNull("2,000 < 2,303");
    }

    [Fact]
    public void A_run_shorter_than_the_grace_is_judged_at_its_last_epoch() =>
        FirstDivergedEpoch(1, 2, 900, 800).Should().Be(2, "800 > 1000 × ln 2 = 693 at the last of 2 epochs");
}
