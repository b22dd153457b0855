namespace MlNetOptimizers.Tests.Training;

/// <summary>
/// The board the λ trials share with the model trained beside the last of them: the model never trains an epoch its
/// trial did not run, the favourite is the lowest loss so far, the cores are shared among the runs computing, and the
/// model's records reach the user only once it is the model.
/// </summary>
public class TrialBoardTests
{
    private static EpochRecord Record(int epoch, double validationLoss) => new(epoch, 1, validationLoss, null, 1, 0);

    [Fact]
    public void The_model_trains_an_epoch_only_once_its_trial_has_run_it_and_stops_where_the_trial_stopped()
    {
        var board = new TrialBoard(count: 2, cores: 2);
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var model = new Thread(() =>
        {
            for (int epoch = 1; ; epoch++)
            {
                bool train = board.MayTrainEpoch(0, epoch, CancellationToken.None);
                log.Enqueue($"model {epoch} {train}");
                if (!train)
                {
                    return;
                }
            }
        });
        model.Start();
        for (int epoch = 1; epoch <= 3; epoch++)
        {
            Thread.Sleep(30);
            log.Enqueue($"trial {epoch}");
            board.Epoch(0, Record(epoch, 1.0 / epoch));
        }
        Thread.Sleep(30);
        log.Enqueue("trial ends");
        board.Finished(0, new L2Candidate(0.01f, 0.3, Epochs: 3, Seconds: 0));
        model.Join();

        var entries = log.ToList();
        entries.Where(e => e.StartsWith("model")).Should().Equal("model 1 True", "model 2 True", "model 3 True", "model 4 False");
        entries.IndexOf("model 4 False").Should().BeGreaterThan(entries.IndexOf("trial ends"), "epoch 4 waits until the trial has ended at 3");
        for (int epoch = 1; epoch <= 3; epoch++)
        {
            entries.IndexOf($"model {epoch} True").Should().BeGreaterThan(entries.IndexOf($"trial {epoch}"), $"epoch {epoch} waits for the trial's");
        }
    }

    [Fact]
    public void Waiting_for_a_trial_ends_when_the_run_is_stopped()
    {
        var board = new TrialBoard(count: 1, cores: 2);
        using var stop = new CancellationTokenSource(50);
        var wait = () => board.MayTrainEpoch(0, 1, stop.Token);
        wait.Should().Throw<OperationCanceledException>();
    }

    [Fact]
    public void The_favourite_is_the_lowest_loss_so_far_once_every_trial_has_one()
    {
        var board = new TrialBoard(count: 3, cores: 2);
        board.Epoch(0, Record(1, 0.5));
        board.Epoch(1, Record(1, 0.4));
        board.Favourite().Should().BeNull("trial 2 has no loss yet");
        board.Epoch(2, Record(1, 0.45));
        board.Favourite().Should().Be(1);
        board.Finished(1, new L2Candidate(0.01f, 0.6, 5, 0)).Should().BeFalse("two trials still run");
        board.Favourite().Should().Be(2, "a finished trial counts with its judged loss");
        board.Epoch(0, Record(2, 0.45));
        board.Favourite().Should().Be(0, "on a tie the first listed");
    }

    [Fact]
    public void The_cores_are_shared_among_the_runs_computing()
    {
        var board = new TrialBoard(count: 3, cores: 2);
        board.Started();
        board.Started();
        board.Started();
        board.CoresNow().Should().Be(1, "three runs on two cores: one each");
        board.Stopped();
        board.Stopped();
        board.CoresNow().Should().Be(2, "the last run takes over the cores of those that ended");
    }

    [Fact]
    public void A_speculative_models_records_are_held_until_it_is_the_model_then_delivered_in_order()
    {
        var delivered = new List<int>();
        var reports = new DeferredReports();
        var report = reports.Wrap(r => delivered.Add(r.Epoch));
        report(Record(1, 0.5));
        report(Record(2, 0.4));
        delivered.Should().BeEmpty();
        reports.Release();
        delivered.Should().Equal(1, 2);
        report(Record(3, 0.3));
        delivered.Should().Equal(1, 2, 3);

        var thrownAway = new List<int>();
        var discarded = new DeferredReports();
        var discardedReport = discarded.Wrap(r => thrownAway.Add(r.Epoch));
        discardedReport(Record(1, 0.5));
        discarded.Discard();
        discardedReport(Record(2, 0.4));
        thrownAway.Should().BeEmpty("a run that is not the model reports nothing");
    }
}
