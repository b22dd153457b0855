namespace MlNetOptimizers.Training;

/// <summary>
/// What the trial runs that choose λ have done so far, shared by them and by the model trained beside the last of them
/// (<see cref="L2Selection"/>): each trial's epochs and latest held-out loss, the trials that finished, the favourite
/// (the lowest loss, finished or latest), and how many cores each run may use now. A model trained speculatively for
/// the favourite asks <see cref="MayTrainEpoch"/> before each epoch, which waits until the favourite's trial has run
/// that epoch or finished, so the model never trains an epoch its trial did not.
/// </summary>
internal sealed class TrialBoard(int count, int cores)
{
    private readonly object _gate = new();
    private readonly int[] _epochs = new int[count];
    private readonly double[] _latest = Enumerable.Repeat(double.PositiveInfinity, count).ToArray();
    private readonly L2Candidate?[] _finished = new L2Candidate?[count];
    private int _running;

    /// <summary>The cores a run may use now: its share of those available among the runs computing, at least 1.</summary>
    public int CoresNow() => Math.Max(1, cores / Math.Max(1, Volatile.Read(ref _running)));

    /// <summary>A run (a trial, or the model beside them) starts computing.</summary>
    public void Started() => Interlocked.Increment(ref _running);

    /// <summary>A run stops computing.</summary>
    public void Stopped() => Interlocked.Decrement(ref _running);

    /// <summary>Trial <paramref name="trial"/> finished epoch <paramref name="record"/>.</summary>
    public void Epoch(int trial, EpochRecord record)
    {
        lock (_gate)
        {
            _epochs[trial] = record.Epoch;
            _latest[trial] = record.ValidationLoss ?? double.PositiveInfinity;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Trial <paramref name="trial"/> ended, judged as <paramref name="candidate"/>; true once every trial has.</summary>
    public bool Finished(int trial, L2Candidate candidate)
    {
        lock (_gate)
        {
            _finished[trial] = candidate;
            Monitor.PulseAll(_gate);
            return Array.TrueForAll(_finished, f => f is not null);
        }
    }

    /// <summary>
    /// The trial with the lowest loss so far (its judged loss once finished, else its latest held-out loss; the first
    /// listed on a tie), or null while one has no loss yet.
    /// </summary>
    public int? Favourite()
    {
        lock (_gate)
        {
            int best = -1;
            double bestLoss = double.PositiveInfinity;
            for (int i = 0; i < count; i++)
            {
                double loss = _finished[i]?.ValidationLoss ?? _latest[i];
                if (_finished[i] is null && _epochs[i] == 0)
                {
                    return null;
                }
                if (best < 0 || loss < bestLoss)
                {
                    (best, bestLoss) = (i, loss);
                }
            }
            return double.IsFinite(bestLoss) ? best : null;
        }
    }

    /// <summary>
    /// Whether a model trained for as many epochs as trial <paramref name="trial"/> runs trains epoch <paramref name="epoch"/>:
    /// waits until the trial has run it (true) or has ended (true if it ran that many epochs).
    /// </summary>
    public bool MayTrainEpoch(int trial, int epoch, CancellationToken cancellation)
    {
        lock (_gate)
        {
            while (_finished[trial] is null && _epochs[trial] < epoch)
            {
                cancellation.ThrowIfCancellationRequested();
                Monitor.Wait(_gate, 20);
            }
            return _finished[trial] is not { } finished || epoch <= finished.Epochs;
        }
    }
}
