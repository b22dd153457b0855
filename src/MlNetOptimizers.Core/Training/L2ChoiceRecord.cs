namespace MlNetOptimizers.Training;

/// <summary>
/// The trial runs of a checkpointed run's choice of λ that have finished, kept beside its checkpoint
/// (<see cref="PathFor"/>), so that a run killed during the choice or after it resumes without training them again: a
/// resumed run trains only the candidates missing here, and once all are here it goes straight to the model's own run
/// (and its checkpoint). A fingerprint of the choice (the run's configuration, data and candidates) refuses a record of
/// another run. Diverged trials are not recorded: they run again.
/// </summary>
/// <remarks>
/// File layout (<see cref="CheckpointEncoding"/>): "MLNL", Int32 version 1, fingerprint, Int32 trial count and per trial
/// Single λ, Double held-out or validation loss, Int32 epochs, Double seconds; then the hash.
/// </remarks>
internal sealed class L2ChoiceRecord
{
    private const uint Magic = 0x4C4E4C4D; // "MLNL" read little-endian
    private const int Version = 1;

    private readonly string _path;
    private readonly string _fingerprint;
    private readonly Dictionary<float, L2Candidate> _trials;
    private readonly object _gate = new();

    private L2ChoiceRecord(string path, string fingerprint, Dictionary<float, L2Candidate> trials) =>
        (_path, _fingerprint, _trials) = (path, fingerprint, trials);

    /// <summary>The record's file beside checkpoint <paramref name="checkpointPath"/>: the same path with ".l2" appended.</summary>
    public static string PathFor(string checkpointPath) => checkpointPath + ".l2";

    /// <summary>The record beside <paramref name="checkpointPath"/> (empty when there is none yet).</summary>
    /// <exception cref="InvalidOperationException">The record there belongs to another run.</exception>
    /// <exception cref="InvalidDataException">The record there is damaged.</exception>
    public static L2ChoiceRecord Open(string checkpointPath, string fingerprint)
    {
        string path = PathFor(checkpointPath);
        var trials = new Dictionary<float, L2Candidate>();
        if (!File.Exists(path))
        {
            return new L2ChoiceRecord(path, fingerprint, trials);
        }
        var body = CheckpointEncoding.ReadChecked(path, Magic, "record of a choice of λ");
        string saved;
        try
        {
            var r = new CheckpointEncoding.Reader(body);
            r.UInt();
            int version = r.Int();
            if (version != Version)
            {
                throw new InvalidDataException($"The record of a choice of λ '{path}' has format version {version}; this library reads version {Version}.");
            }
            saved = r.String();
            int count = r.Int();
            for (int i = 0; i < count; i++)
            {
                var trial = new L2Candidate(r.Float(), r.Double(), r.Int(), r.Double());
                trials[trial.L2Regularization] = trial;
            }
        }
        catch (Exception e) when (e is ArgumentException or ArgumentOutOfRangeException or OverflowException)
        {
            throw new InvalidDataException($"The record of a choice of λ '{path}' is damaged or truncated: {e.Message}", e);
        }
        if (saved != fingerprint)
        {
            throw new InvalidOperationException(
                $"The record of a choice of λ '{path}' (beside the checkpoint) belongs to another run. Delete it and the checkpoint to start again, or set CheckpointPath to another file.");
        }
        return new L2ChoiceRecord(path, fingerprint, trials);
    }

    /// <summary>The finished trial of candidate <paramref name="l2"/>, if recorded.</summary>
    public L2Candidate? Finished(float l2)
    {
        lock (_gate)
        {
            return _trials.GetValueOrDefault(l2);
        }
    }

    /// <summary>Records a finished trial and rewrites the file (trials running at once record one at a time).</summary>
    public void Add(L2Candidate trial)
    {
        lock (_gate)
        {
            _trials[trial.L2Regularization] = trial;
            var w = new CheckpointEncoding.Writer();
            w.UInt(Magic);
            w.Int(Version);
            w.String(_fingerprint);
            w.Int(_trials.Count);
            foreach (var t in _trials.Values.OrderBy(t => t.L2Regularization))
            {
                w.Float(t.L2Regularization);
                w.Double(t.ValidationLoss);
                w.Int(t.Epochs);
                w.Double(t.Seconds);
            }
            CheckpointEncoding.WriteAtomically(_path, w.Finish());
        }
    }
}
