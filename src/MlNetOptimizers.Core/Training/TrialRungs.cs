namespace MlNetOptimizers.Training;

/// <summary>
/// Stops the trials of a choice of λ that are losing (successive halving's idea, made deterministic): at the rungs, epochs
/// <see cref="First"/>, +<see cref="Spacing"/>, …, a trial stops when its best held-out loss so far is more than
/// <see cref="Margin"/> above the best that an earlier candidate (in the candidates' order) had reached by the same epoch,
/// or by its end if it ended before. A trial waits at a rung only for earlier candidates, which never wait for it, and
/// the decisions depend on the losses alone: the same trials stop at the same epochs whether the trials run one after
/// another or at once. Measured on the quality suite and its cross-check from the trials' recorded losses: about 0.87× the
/// wall time of a choice, the same λ chosen in 50 of 51 runs (iris, whose trials differ by noise, in the other).
/// </summary>
internal sealed class TrialRungs(int count, CancellationToken cancellation)
{
    /// <summary>The first rung, epoch 20: before it, the held-out losses of λ candidates still cross.</summary>
    public const int First = 20;

    /// <summary>Epochs between rungs, 10.</summary>
    public const int Spacing = 10;

    /// <summary>How much worse than an earlier candidate a trial may be at a rung and go on, 2% of the loss.</summary>
    public const double Margin = 0.02;

    private readonly object _gate = new();
    private readonly List<double>[] _atRungs = Enumerable.Range(0, count).Select(_ => new List<double>()).ToArray();
    private readonly double?[] _ended = new double?[count];   // a trial's best over the epochs it ran, once it ended
    private readonly double[] _best = Enumerable.Repeat(double.PositiveInfinity, count).ToArray(); // each trial's own thread

    /// <summary>Whether epoch <paramref name="epoch"/> ends at a rung.</summary>
    public static bool IsRung(int epoch) => epoch >= First && (epoch - First) % Spacing == 0;

    /// <summary>Counts trial <paramref name="trial"/>'s held-out loss of an epoch (from its own thread).</summary>
    public void Observe(int trial, double? heldOutLoss)
    {
        if (heldOutLoss is { } loss && loss < _best[trial])
        {
            _best[trial] = loss;
        }
    }

    /// <summary>
    /// Whether trial <paramref name="trial"/> may run epoch <paramref name="epoch"/>: after a rung, once every earlier
    /// candidate has passed that rung or ended, true unless it is losing (then it has ended).
    /// </summary>
    public bool MayRun(int trial, int epoch)
    {
        int done = epoch - 1;
        if (!IsRung(done))
        {
            return true;
        }
        int rung = (done - First) / Spacing;
        double mine = _best[trial];
        lock (_gate)
        {
            _atRungs[trial].Add(mine);
            Monitor.PulseAll(_gate);
        }
        double earlier = double.PositiveInfinity;
        for (int j = 0; j < trial; j++)
        {
            lock (_gate)
            {
                double? theirs;
                while ((theirs = At(j, rung)) is null)
                {
                    if (cancellation.IsCancellationRequested)
                    {
                        return true; // the run's own check throws at its next batch
                    }
                    Monitor.Wait(_gate, 50);
                }
                earlier = Math.Min(earlier, theirs.Value);
            }
        }
        if (mine > (1 + Margin) * earlier)
        {
            End(trial, mine);
            return false;
        }
        return true;
    }

    /// <summary>Marks trial <paramref name="trial"/> ended with <paramref name="best"/> (+∞ when it diverged); the first call counts.</summary>
    public void End(int trial, double best)
    {
        lock (_gate)
        {
            _ended[trial] ??= best;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Trial <paramref name="trial"/>'s best up to now, for <see cref="End"/>.</summary>
    public double BestSoFar(int trial) => _best[trial];

    /// <summary>A trial finished in an earlier run (from a checkpoint's record): its losses at the rungs it passed, and its best.</summary>
    public void Restore(int trial, IReadOnlyList<double> atRungs, double best)
    {
        lock (_gate)
        {
            _atRungs[trial].AddRange(atRungs);
            _ended[trial] = best;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Trial <paramref name="trial"/>'s losses at the rungs it passed (for the checkpoint's record).</summary>
    public IReadOnlyList<double> AtRungs(int trial)
    {
        lock (_gate)
        {
            return _atRungs[trial].ToArray();
        }
    }

    /// <summary>Trial j's best by rung <paramref name="rung"/>, or by its end if it ended before; null while it has neither.</summary>
    private double? At(int j, int rung) => _atRungs[j].Count > rung ? _atRungs[j][rung] : _ended[j];
}
