namespace MlNetOptimizers;

// The optimization: the optimizer and its schedule, the batches, the penalty, clipping and the stopping rules.
public sealed partial class GradientTrainerOptions
{
    /// <summary>The optimizer; null for the default, <see cref="TrainerDefaults.Optimizer"/> (Adam; a larger step for linear models).</summary>
    public IOptimizer? Optimizer { get; set; }

    /// <summary>Learning-rate schedule advanced once per epoch (epoch 1 is step 0); null for a constant rate.</summary>
    public ILearningRateSchedule? LearningRateSchedule { get; set; }

    /// <summary>
    /// The most passes over the training data (scikit-learn's <c>max_iter</c>; default <see cref="TrainerDefaults.Epochs"/>);
    /// &gt; 0. Training usually ends earlier, when the loss has converged (<see cref="ConvergenceTolerance"/>).
    /// </summary>
    public int Epochs { get; set; } = TrainerDefaults.Epochs;

    /// <summary>
    /// Rows per mini-batch; &gt; 0, or null for the default, <see cref="TrainerDefaults.BatchSize"/>. A batch larger than
    /// the training rows is clipped to them (full-batch gradient descent), as in scikit-learn.
    /// </summary>
    public int? BatchSize { get; set; }

    /// <summary>
    /// Stop when the monitored loss (the validation loss when there is validation data, else the training objective: loss
    /// plus L2 penalty) has not improved by more than this fraction of its best value for <see cref="ConvergencePatience"/>
    /// epochs (scikit-learn's <c>tol</c>, but relative, so that nearly separable data, whose loss is small, still trains to
    /// its optimum); &gt;= 0, and 0 trains all <see cref="Epochs"/>. Default <see cref="TrainerDefaults.ConvergenceTolerance"/>.
    /// </summary>
    public double ConvergenceTolerance { get; set; } = TrainerDefaults.ConvergenceTolerance;

    /// <summary>
    /// Epochs without an improvement larger than <see cref="ConvergenceTolerance"/> before training stops; &gt;= 1. Until
    /// set, the default of the model's family (<see cref="HiddenLayers"/> empty or not),
    /// <see cref="TrainerDefaults.ConvergencePatience(bool)"/>, which a run lengthens to twice the plateau rule's patience
    /// on its data when that is longer.
    /// </summary>
    public int ConvergencePatience
    {
        get => _convergencePatience ?? TrainerDefaults.ConvergencePatience(linear: HiddenLayers.Length == 0);
        set => _convergencePatience = value;
    }

    private int? _convergencePatience;

    /// <summary>Whether <see cref="ConvergencePatience"/> is left at its default.</summary>
    internal bool ConvergencePatienceIsDefault => _convergencePatience is null;

    /// <summary>
    /// Lower the learning rate when the monitored loss stalls (PyTorch's <c>ReduceLROnPlateau</c>); its factor multiplies
    /// <see cref="LearningRateSchedule"/>'s, and each reduction restarts the <see cref="ConvergencePatience"/> count; null
    /// for none. Until set, the default of the model's family (<see cref="HiddenLayers"/> empty or not):
    /// <see cref="TrainerDefaults.Plateau(bool)"/>.
    /// </summary>
    public ReduceLearningRateOnPlateau? ReduceLearningRateOnPlateau
    {
        get => _plateauSet ? _plateau : TrainerDefaults.Plateau(linear: HiddenLayers.Length == 0);
        set => (_plateau, _plateauSet) = (value, true);
    }

    private ReduceLearningRateOnPlateau? _plateau;
    private bool _plateauSet;

    /// <summary>
    /// λ of the L2 penalty ½·λ·‖W‖² on the weights (not the biases), added to the mean loss; &gt;= 0, or null for the
    /// default. Linear models: <see cref="TrainerDefaults.LinearL2"/>. Networks: chosen among <see cref="L2Candidates"/>
    /// (<see cref="TrainerDefaults.NetworkL2Candidates"/> by default) by the loss on rows the training did not see — 20% of
    /// each class's training rows held out (drawn with <see cref="Seed"/>), each candidate trained on the rest as the model
    /// will be, then the model trained on all the rows with the winner — or, given validation data, by the validation loss
    /// of each candidate trained on the training rows, the best of which is the model. Without validation data, streamed
    /// training data, and data with too few rows to hold out a fifth of any class, take <see cref="TrainerDefaults.NetworkL2"/>.
    /// <see cref="TrainingHistory.L2Regularization"/> and <see cref="TrainingHistory.L2Selection"/> say what was used and
    /// tried; the trial runs' epochs reach <see cref="OnEpoch"/> and <see cref="Progress"/> marked with
    /// <see cref="EpochRecord.SelectingL2"/>. The trials are independent: on a machine with cores to spare (outside an
    /// ensemble, which shares the cores among its members) several run at once, with the same result.
    /// </summary>
    public float? L2Regularization { get; set; }

    /// <summary>
    /// When <see cref="L2Regularization"/> is null: the values of λ to choose it from (each finite and &gt;= 0), as
    /// <see cref="L2Regularization"/> describes, for linear models too; one value fixes λ. Null for the default:
    /// <see cref="TrainerDefaults.NetworkL2Candidates"/> for networks, no choice for linear models. Choosing costs about one
    /// training on 80% of the rows per candidate on top of the model's own.
    /// </summary>
    public float[]? L2Candidates { get; set; }

    /// <summary>Rescale each mini-batch gradient to at most this global L2 norm; 0 for no clipping.</summary>
    public float GradientClipNorm { get; set; }

    /// <summary>
    /// Stop after this many epochs without a lower validation loss and restore the best parameters; 0 to train all epochs.
    /// Needs validation data (<see cref="ValidationFraction"/> or a validation set given to Fit).
    /// </summary>
    public int EarlyStoppingPatience { get; set; }

    private void ValidateOptimization()
    {
        Require(Epochs > 0, nameof(Epochs), Epochs, "must be > 0");
        Require(BatchSize is null or > 0, nameof(BatchSize), BatchSize, "must be > 0 (or null for the default)");
        Require(double.IsFinite(ConvergenceTolerance) && ConvergenceTolerance >= 0, nameof(ConvergenceTolerance), ConvergenceTolerance,
            "must be finite and >= 0 (0 trains all epochs)");
        Require(ConvergencePatience >= 1, nameof(ConvergencePatience), ConvergencePatience, "must be >= 1");
        Require(L2Regularization is null || (float.IsFinite(L2Regularization.Value) && L2Regularization >= 0), nameof(L2Regularization),
            L2Regularization, "must be finite and >= 0 (or null for the default)");
        Require(L2Candidates is null || L2Candidates.Length > 0, nameof(L2Candidates), "[]", "must hold at least one value (or be null for the default)");
        for (int i = 0; i < (L2Candidates?.Length ?? 0); i++)
        {
            Require(float.IsFinite(L2Candidates![i]) && L2Candidates[i] >= 0, nameof(L2Candidates), L2Candidates[i],
                $"has {L2Candidates[i]} at index {i}; every candidate must be finite and >= 0");
        }
        Require(float.IsFinite(GradientClipNorm) && GradientClipNorm >= 0, nameof(GradientClipNorm), GradientClipNorm, "must be finite and >= 0 (0 turns clipping off)");
        Require(EarlyStoppingPatience >= 0, nameof(EarlyStoppingPatience), EarlyStoppingPatience, "must be >= 0");
    }
}
