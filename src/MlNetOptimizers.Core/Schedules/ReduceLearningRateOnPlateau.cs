namespace MlNetOptimizers;

/// <summary>
/// Lowers the learning rate when the monitored loss stops improving (PyTorch's and Keras' <c>ReduceLROnPlateau</c>, mode
/// "min", relative threshold): after <see cref="Patience"/> epochs in which the loss did not fall below
/// <c>best × (1 − threshold)</c>, the learning-rate factor is multiplied by <see cref="Factor"/>, no lower than
/// <see cref="MinimumLearningRate"/>, and the count starts again.
/// </summary>
/// <remarks>
/// A trainer watches the validation loss when it has validation data, else the training objective. Its factor multiplies
/// the per-epoch <c>LearningRateSchedule</c>'s and any per-step schedule's; the epoch records show the product. Each
/// reduction restarts the trainer's convergence count, so that training is declared converged only when the loss also
/// stalls at the lower rate (or at <see cref="MinimumLearningRate"/>).
/// </remarks>
public sealed class ReduceLearningRateOnPlateau
{
    /// <summary>Creates the rule.</summary>
    /// <param name="factor">Multiplier of the learning rate at each reduction, in (0, 1).</param>
    /// <param name="patience">Epochs without improvement before a reduction; &gt;= 1.</param>
    /// <param name="minimumLearningRate">
    /// The lowest learning rate it reduces to; &gt;= 0. When the optimizer does not report its base rate
    /// (<see cref="IOptimizer.BaseLearningRate"/> is null) it bounds the factor instead.
    /// </param>
    /// <param name="threshold">Relative improvement that counts, in [0, 1).</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of its range.</exception>
    public ReduceLearningRateOnPlateau(float factor = 0.1f, int patience = 10, float minimumLearningRate = 0, float threshold = 1e-4f)
    {
        if (!(factor > 0 && factor < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "factor must be in (0, 1): it multiplies the learning rate at each reduction.");
        }
        if (patience < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(patience), patience, "patience must be >= 1 epoch.");
        }
        if (!float.IsFinite(minimumLearningRate) || minimumLearningRate < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(minimumLearningRate), minimumLearningRate, "minimumLearningRate must be a finite number >= 0.");
        }
        if (!(threshold >= 0 && threshold < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "threshold must be in [0, 1).");
        }
        Factor = factor;
        Patience = patience;
        MinimumLearningRate = minimumLearningRate;
        Threshold = threshold;
    }

    /// <summary>Multiplier of the learning rate at each reduction.</summary>
    public float Factor { get; }

    /// <summary>Epochs without improvement before a reduction.</summary>
    public int Patience { get; }

    /// <summary>The lowest learning rate it reduces to.</summary>
    public float MinimumLearningRate { get; }

    /// <summary>Relative improvement that counts as one.</summary>
    public float Threshold { get; }

    /// <summary>
    /// On small data, the least number of training rows the epochs of <see cref="Patience"/> must together hold: the rule
    /// then waits ⌈<see cref="PatienceRows"/> / rows⌉ epochs if that is more, because an epoch of a few hundred rows is a
    /// handful of steps, whose change of the loss is noise rather than a stall. &gt;= 0; 0 (the default): epochs only.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative value.</exception>
    public int PatienceRows
    {
        get => _patienceRows;
        init => _patienceRows = value >= 0 ? value
            : throw new ArgumentOutOfRangeException(nameof(PatienceRows), value, "PatienceRows must be >= 0 (0: the patience counts epochs only).");
    }

    private readonly int _patienceRows;

    /// <summary>
    /// The epochs the rule waits on data of <paramref name="rows"/> training rows: <see cref="Patience"/>, or more under
    /// <see cref="PatienceRows"/>; <see cref="Patience"/> when the count is unknown (0).
    /// </summary>
    public int PatienceFor(long rows) => rows <= 0 ? Patience : (int)Math.Max(Patience, Math.Min(int.MaxValue, (PatienceRows + rows - 1) / rows));

    /// <inheritdoc />
    public override string ToString() =>
        $"reduce-on-plateau(x{Factor} after {Patience}{(PatienceRows > 0 ? $" and {PatienceRows} rows" : "")}, min {MinimumLearningRate})";

    /// <summary>
    /// The rule's state over one training run on <paramref name="rows"/> training rows of an optimizer whose base rate is
    /// <paramref name="baseLearningRate"/> (null: unknown).
    /// </summary>
    internal Tracker Create(float? baseLearningRate, long rows) => new(this, baseLearningRate, PatienceFor(rows));

    /// <summary>The rule's state over one training run.</summary>
    internal sealed class Tracker(ReduceLearningRateOnPlateau rule, float? baseLearningRate, int patience)
    {
        private double _best = double.PositiveInfinity;
        private int _bad;

        /// <summary>The current factor (1 until the first reduction).</summary>
        public float Factor { get; private set; } = 1f;

        /// <summary>What a checkpoint saves of the rule: the factor, the best loss and the epochs since it.</summary>
        public (float Factor, double Best, int Bad) Snapshot
        {
            get => (Factor, _best, _bad);
            set => (Factor, _best, _bad) = value;
        }

        /// <summary>Counts this epoch's loss and returns the factor for the next epoch.</summary>
        public float Observe(double loss)
        {
            if (loss < _best * (1 - rule.Threshold))
            {
                _best = loss;
                _bad = 0;
            }
            else if (++_bad >= patience)
            {
                float floor = baseLearningRate is > 0 ? rule.MinimumLearningRate / baseLearningRate.Value : rule.MinimumLearningRate;
                Factor = Math.Max(Factor * rule.Factor, Math.Min(floor, Factor)); // never raised by a floor above the rate
                _bad = 0;
            }
            return Factor;
        }
    }
}
