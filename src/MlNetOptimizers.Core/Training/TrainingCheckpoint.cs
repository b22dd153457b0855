using MlNetOptimizers.Optimization;

namespace MlNetOptimizers.Training;

/// <summary>
/// Everything a training run carries from one epoch to the next, so that a run killed after epoch e resumes at epoch
/// e + 1 and ends bit-identical to one that was never interrupted: the parameters, the optimizer's state dict, the
/// plateau and convergence rules' counters, early stopping's best epoch and parameters, and the learning curve. The
/// shuffling needs no state: each epoch's order comes from (seed, epoch). A fingerprint of the run's configuration and
/// data refuses a checkpoint of another run.
/// </summary>
/// <remarks>
/// File layout (little-endian; strings as Int32 byte count + UTF-8; float arrays as Int32 count + values): "MLNC", Int32
/// version 1, fingerprint, Int32 stop reason (−1 while running), Int32 epochs done, parameters, Int64 optimizer steps,
/// Int32 buffer count and per buffer its name and values, plateau (Byte present, Single factor, Double best, Int32 bad),
/// convergence (Double best, Int32 stale), early stopping (Double best loss, Int32 best epoch or −1, Int32 epochs without
/// improvement, best parameters or an empty array), Int32 epoch records and per record Int32 epoch, Double train loss,
/// Double validation loss and accuracy (NaN when absent), Single factor, Double seconds, and since version 2 Double
/// validation RMSE and R² (NaN when absent); then an FNV-1a 64 hash of all the bytes before it. Written to a temporary
/// file, flushed to disk, then renamed over the old one. Versions 1 and 2 are read.
/// </remarks>
internal sealed class TrainingCheckpoint
{
    private const uint Magic = 0x434E4C4D; // "MLNC" read little-endian
    private const int Version = 2;

    public required string Fingerprint { get; init; }

    public StopReason? Finished { get; init; }

    public required int Epoch { get; init; }

    public required float[] Parameters { get; init; }

    public required OptimizerStateDict Optimizer { get; init; }

    public (float Factor, double Best, int Bad)? Plateau { get; init; }

    public required (double Best, int Stale) Convergence { get; init; }

    public required double BestLoss { get; init; }

    public required int? BestEpoch { get; init; }

    public required int EpochsWithoutImprovement { get; init; }

    public float[]? BestParameters { get; init; }

    public required IReadOnlyList<EpochRecord> Records { get; init; }

    /// <summary>Writes the checkpoint so that the file at <paramref name="path"/> is always either the old one or the new one.</summary>
    public void Write(string path)
    {
        var w = new CheckpointEncoding.Writer();
        w.UInt(Magic);
        w.Int(Version);
        w.String(Fingerprint);
        w.Int(Finished is { } reason ? (int)reason : -1);
        w.Int(Epoch);
        w.Floats(Parameters);
        w.Long(Optimizer.StepCount);
        w.Int(Optimizer.Buffers.Count);
        foreach (var (name, values) in Optimizer.Buffers.OrderBy(b => b.Key, StringComparer.Ordinal))
        {
            w.String(name);
            w.Floats(values);
        }
        w.Byte(Plateau is null ? (byte)0 : (byte)1);
        var (factor, plateauBest, bad) = Plateau ?? (1f, 0, 0);
        w.Float(factor);
        w.Double(plateauBest);
        w.Int(bad);
        w.Double(Convergence.Best);
        w.Int(Convergence.Stale);
        w.Double(BestLoss);
        w.Int(BestEpoch ?? -1);
        w.Int(EpochsWithoutImprovement);
        w.Floats(BestParameters ?? []);
        w.Int(Records.Count);
        foreach (var r in Records)
        {
            w.Int(r.Epoch);
            w.Double(r.TrainLoss);
            w.Double(r.ValidationLoss ?? double.NaN);
            w.Double(r.ValidationAccuracy ?? double.NaN);
            w.Float(r.LearningRateFactor);
            w.Double(r.Seconds);
            w.Double(r.ValidationRmse ?? double.NaN);
            w.Double(r.ValidationRSquared ?? double.NaN);
        }
        CheckpointEncoding.WriteAtomically(path, w.Finish());
    }

    /// <exception cref="InvalidDataException">The file is not a whole, undamaged checkpoint of this version.</exception>
    public static TrainingCheckpoint Read(string path)
    {
        var body = CheckpointEncoding.ReadChecked(path, Magic, "checkpoint");
        string damaged = $"The checkpoint '{path}' is damaged or truncated";
        try
        {
            var r = new CheckpointEncoding.Reader(body);
            r.UInt();
            int version = r.Int();
            if (version is < 1 or > Version)
            {
                throw new InvalidDataException($"The checkpoint '{path}' has format version {version}; this library reads versions 1 to {Version}.");
            }
            string fingerprint = r.String();
            int finished = r.Int();
            int epoch = r.Int();
            var parameters = r.Floats();
            long steps = r.Long();
            int bufferCount = r.Int();
            var buffers = new Dictionary<string, float[]>();
            for (int i = 0; i < bufferCount; i++)
            {
                buffers.Add(r.String(), r.Floats());
            }
            bool hasPlateau = r.Byte() == 1;
            var plateau = (r.Float(), r.Double(), r.Int());
            var convergence = (r.Double(), r.Int());
            double bestLoss = r.Double();
            int bestEpoch = r.Int();
            int without = r.Int();
            var best = r.Floats();
            int recordCount = r.Int();
            var records = new List<EpochRecord>();
            for (int i = 0; i < recordCount; i++)
            {
                int e = r.Int();
                double train = r.Double(), validationLoss = r.Double(), validationAccuracy = r.Double();
                var record = new EpochRecord(e, train, Present(validationLoss), Present(validationAccuracy), r.Float(), r.Double());
                records.Add(version < 2 ? record : record with { ValidationRmse = Present(r.Double()), ValidationRSquared = Present(r.Double()) });
            }
            return new TrainingCheckpoint
            {
                Fingerprint = fingerprint,
                Finished = finished < 0 ? null : (StopReason)finished,
                Epoch = epoch,
                Parameters = parameters,
                Optimizer = new OptimizerStateDict(steps, buffers),
                Plateau = hasPlateau ? plateau : null,
                Convergence = convergence,
                BestLoss = bestLoss,
                BestEpoch = bestEpoch < 0 ? null : bestEpoch,
                EpochsWithoutImprovement = without,
                BestParameters = best.Length == 0 ? null : best,
                Records = records,
            };
        }
        catch (Exception e) when (e is ArgumentException or ArgumentOutOfRangeException or OverflowException)
        {
            throw new InvalidDataException($"{damaged}: {e.Message}", e);
        }
    }

    private static double? Present(double value) => double.IsNaN(value) ? null : value;
}
