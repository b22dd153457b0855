namespace MlNetOptimizers.Tests.Training;

public class SpinningWorkersTests
{
    [Fact]
    public void Every_worker_runs_once_per_round_and_the_caller_is_worker_zero()
    {
        var runs = new int[3];
        int callerThread = Environment.CurrentManagedThreadId;
        int zeroThread = -1;
        using (var workers = new SpinningWorkers(3, w =>
        {
            Interlocked.Increment(ref runs[w]);
            if (w == 0)
            {
                zeroThread = Environment.CurrentManagedThreadId;
            }
        }))
        {
            for (int round = 0; round < 50; round++)
            {
                workers.Run();
            }
        }
        runs.Should().Equal(50, 50, 50);
        zeroThread.Should().Be(callerThread);
    }

    [Fact]
    public void A_failing_helper_surfaces_on_the_calling_thread()
    {
        using var workers = new SpinningWorkers(2, w =>
        {
            if (w == 1)
            {
                throw new InvalidOperationException("helper failed");
            }
        });
        workers.Invoking(w => w.Run()).Should().Throw<AggregateException>()
            .WithInnerException<InvalidOperationException>().WithMessage("helper failed");
    }
}
