namespace MlNetOptimizers.Tests.Training;

/// <summary>
/// The rungs of a choice of λ stop a trial that is losing to an earlier candidate by the same epoch, by the documented
/// rule, and the same trials stop at the same epochs whether the trials run one after another or at once.
/// </summary>
public class TrialRungsTests
{
    /// <summary>Runs trials over given held-out losses per epoch as the loop would; returns the epochs each ran.</summary>
    private static int[] Run(double[][] losses, bool atOnce, CancellationToken cancellation = default)
    {
        var rungs = new TrialRungs(losses.Length, cancellation);
        var ran = new int[losses.Length];
        void Trial(int i)
        {
            int epoch = 1;
            for (; epoch <= losses[i].Length; epoch++)
            {
                if (!rungs.MayRun(i, epoch))
                {
                    break;
                }
                Thread.Sleep(i == 0 && atOnce ? 1 : 0); // the first candidate is the slowest: the others wait for it
                rungs.Observe(i, losses[i][epoch - 1]);
            }
            ran[i] = epoch - 1;
            rungs.End(i, rungs.BestSoFar(i));
        }
        if (atOnce)
        {
            var threads = Enumerable.Range(0, losses.Length).Select(i => new Thread(() => Trial(i))).ToArray();
            foreach (var t in threads.Reverse())
            {
                t.Start();
            }
            foreach (var t in threads)
            {
                t.Join();
            }
        }
        else
        {
            for (int i = 0; i < losses.Length; i++)
            {
                Trial(i);
            }
        }
        return ran;
    }

    private static double[] Curve(int epochs, Func<int, double> loss) => Enumerable.Range(1, epochs).Select(loss).ToArray();

    [Fact]
    public void A_trial_more_than_two_percent_behind_an_earlier_candidate_at_a_rung_stops_there()
    {
        double[][] losses =
        [
            Curve(60, e => 1.0 / e + 0.30),         // best at epoch 20: 0.35
            Curve(60, e => 1.0 / e + 0.30 * 1.019), // 1.9% behind at every rung: goes on
            Curve(80, e => e < 25 ? 0.36 : 0.2),    // 0.36 at rung 20 is 2.9% behind: stops before improving
        ];
        Run(losses, atOnce: false).Should().Equal(60, 60, 20);
    }

    [Fact]
    public void The_first_candidate_never_stops_and_an_earlier_trial_that_ended_counts_with_its_best()
    {
        double[][] losses =
        [
            Curve(12, e => 0.5),                    // ended at epoch 12, before the first rung, at 0.5
            Curve(45, e => e <= 30 ? 0.505 : 0.52), // within 2% of 0.5 at rungs 20 and 30, and at 40 (its best stays 0.505)
            Curve(45, e => 0.6),                    // behind at rung 20
        ];
        var ran = Run(losses, atOnce: false);
        ran.Should().Equal(12, 45, 20);
        Run([Curve(50, e => 9.0), Curve(50, e => 0.1)], atOnce: false).Should().Equal([50, 50], "the first candidate is never stopped");
    }

    [Fact]
    public void The_same_trials_stop_at_the_same_epochs_whether_they_run_one_after_another_or_at_once()
    {
        var random = new Random(4);
        for (int round = 0; round < 5; round++)
        {
            var losses = Enumerable.Range(0, 3).Select(_ =>
            {
                double floor = 0.2 + random.NextDouble() * 0.05;
                int epochs = 25 + random.Next(50);
                return Curve(epochs, e => floor + 1.0 / e + random.NextDouble() * 0.004);
            }).ToArray();
            Run(losses, atOnce: true).Should().Equal(Run(losses, atOnce: false), $"round {round}");
        }
    }

    [Fact]
    public async Task A_trial_waiting_for_an_earlier_one_goes_on_when_the_fit_is_cancelled()
    {
        using var cancel = new CancellationTokenSource();
        var rungs = new TrialRungs(2, cancel.Token);
        for (int epoch = 1; epoch <= 20; epoch++)
        {
            rungs.MayRun(1, epoch).Should().BeTrue();
            rungs.Observe(1, 1.0);
        }
        var waiting = Task.Run(() => rungs.MayRun(1, 21)); // trial 0 has not reached rung 20
        await Task.Delay(100);
        waiting.IsCompleted.Should().BeFalse("it waits for the earlier candidate");
        cancel.Cancel();
        (await waiting.WaitAsync(TimeSpan.FromSeconds(5))).Should().BeTrue("the run's own cancellation check ends it");
    }

    [Theory]
    [InlineData(19, false)]
    [InlineData(20, true)]
    [InlineData(25, false)]
    [InlineData(30, true)]
    [InlineData(40, true)]
    public void Rungs_are_epochs_20_30_40_and_so_on(int epoch, bool rung) => TrialRungs.IsRung(epoch).Should().Be(rung);
}
