namespace MlNetOptimizers;

/// <summary>Options of the gradient-descent trainers (logistic, softmax and neural-network models).</summary>
public sealed class GradientTrainerOptions
{
    /// <summary>Label column: Boolean for binary models, a key type for multiclass models.</summary>
    public string LabelColumnName { get; set; } = "Label";

    /// <summary>Feature column: a known-size vector of Single.</summary>
    public string FeatureColumnName { get; set; } = "Features";

    /// <summary>Optional example-weight column (Single, finite, &gt;= 0); null for unweighted training.</summary>
    public string? ExampleWeightColumnName { get; set; }

    /// <summary>Hidden layer widths; empty for the linear (logistic / softmax) model.</summary>
    public int[] HiddenLayers { get; set; } = [];

    /// <summary>Activation after each hidden layer.</summary>
    public Activation Activation { get; set; } = Activation.Relu;

    /// <summary>
    /// The optimizer; null for the default: <c>new Adam(0.05f)</c> for linear models and <c>new Adam(0.003f)</c> for networks
    /// with hidden layers.
    /// </summary>
    public IOptimizer? Optimizer { get; set; }

    /// <summary>Learning-rate schedule advanced once per epoch (epoch 1 is step 0); null for a constant rate.</summary>
    public ILearningRateSchedule? LearningRateSchedule { get; set; }

    /// <summary>
    /// The most passes over the training data (scikit-learn's <c>max_iter</c>); &gt; 0. Training usually ends earlier, when
    /// the loss has converged (<see cref="ConvergenceTolerance"/>).
    /// </summary>
    public int Epochs { get; set; } = 200;

    /// <summary>
    /// Rows per mini-batch; &gt; 0, or null for the default: training rows / 32, within [32, 256], so that every epoch
    /// takes at least 32 steps (small data sets need the steps to converge) and large data sets use efficient batches. A
    /// batch larger than the training rows is clipped to them (full-batch gradient descent), as in scikit-learn.
    /// </summary>
    public int? BatchSize { get; set; }

    /// <summary>
    /// Stop when the monitored loss (the validation loss when there is validation data, else the training objective: loss
    /// plus L2 penalty) has not improved by more than this fraction of its best value for <see cref="ConvergencePatience"/>
    /// epochs (scikit-learn's <c>tol</c>, but relative, so that nearly separable data, whose loss is small, still trains to
    /// its optimum); &gt;= 0, and 0 trains all <see cref="Epochs"/>.
    /// </summary>
    public double ConvergenceTolerance { get; set; } = 1e-4;

    /// <summary>Epochs without an improvement larger than <see cref="ConvergenceTolerance"/> before training stops; &gt;= 1.</summary>
    public int ConvergencePatience { get; set; } = 10;

    /// <summary>
    /// Lower the learning rate when the monitored loss stalls (PyTorch's <c>ReduceLROnPlateau</c>); its factor multiplies
    /// <see cref="LearningRateSchedule"/>'s, and each reduction restarts the <see cref="ConvergencePatience"/> count. Default:
    /// halve it after 5 epochs without improvement, down to 1e-4. Null for none.
    /// </summary>
    public ReduceLearningRateOnPlateau? ReduceLearningRateOnPlateau { get; set; } = new(factor: 0.5f, patience: 5, minimumLearningRate: 1e-4f);

    /// <summary>
    /// Center and scale every feature by its mean and standard deviation on the training rows (example-weighted) while
    /// training, and fold that map into the first layer afterwards, so that the model scores raw features and the quality
    /// does not depend on how (or whether) the features were normalized. Features that are constant in training are ignored.
    /// </summary>
    public bool StandardizeFeatures { get; set; } = true;

    /// <summary>
    /// λ of the L2 penalty ½·λ·‖W‖² on the weights (not the biases), added to the mean loss; &gt;= 0, or null for the
    /// default. Linear models: max(1/n, 0.003) with n training rows — 1/n is the regularization of scikit-learn's
    /// LogisticRegression (C = 1) and ML.NET's L-BFGS trainers (L2Regularization = 1), which also makes the optimum finite
    /// on separable data, and the floor keeps many-feature, many-row data from overfitting. Networks: chosen among
    /// <see cref="L2Candidates"/> (0.03, 0.01, 0.001 by default) by the loss on rows the training did not see — 20% of
    /// each class's training rows held out (drawn with <see cref="Seed"/>), each candidate trained on the rest as the model
    /// will be, then the model trained on all the rows with the winner — or, given validation data, by the validation loss
    /// of each candidate trained on the training rows, the best of which is the model. Without validation data, streamed
    /// training data, and data with too few rows to hold out a fifth of any class, take 0.01. <see cref="TrainingHistory.L2Regularization"/> and <see cref="TrainingHistory.L2Selection"/>
    /// say what was used and tried; the trial runs' epochs reach <see cref="OnEpoch"/> and <see cref="Progress"/> marked
    /// with <see cref="EpochRecord.SelectingL2"/>. The trials are independent: on a machine with cores to spare (outside an
    /// ensemble, which shares the cores among its members) several run at once, with the same result.
    /// </summary>
    public float? L2Regularization { get; set; }

    /// <summary>
    /// When <see cref="L2Regularization"/> is null: the values of λ to choose it from (each finite and &gt;= 0), as
    /// <see cref="L2Regularization"/> describes, for linear models too; one value fixes λ. Null for the default: 0.03,
    /// 0.01, 0.001 for networks, no choice for linear models. Choosing costs about one training on 80% of the rows per
    /// candidate on top of the model's own.
    /// </summary>
    public float[]? L2Candidates { get; set; }

    /// <summary>Rescale each mini-batch gradient to at most this global L2 norm; 0 for no clipping.</summary>
    public float GradientClipNorm { get; set; }

    /// <summary>Seed of weight initialisation, shuffling and the validation split.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Fraction of the training rows held out for validation, in [0, 1); 0 for none.</summary>
    public float ValidationFraction { get; set; }

    /// <summary>
    /// Stop after this many epochs without a lower validation loss and restore the best parameters; 0 to train all epochs.
    /// Needs validation data (<see cref="ValidationFraction"/> or a validation set given to Fit).
    /// </summary>
    public int EarlyStoppingPatience { get; set; }

    /// <summary>Threads computing each mini-batch's gradient; results are deterministic for a fixed seed and thread count.</summary>
    public int NumberOfThreads { get; set; } = 1;

    /// <summary>
    /// Called after every epoch, on the thread that trained it; the trial runs that choose λ (see <see cref="L2Regularization"/>)
    /// may run on threads of their own, and their calls come one at a time.
    /// </summary>
    public Action<EpochRecord>? OnEpoch { get; set; }

    /// <summary>Receives every epoch's record (through the progress object's own synchronisation).</summary>
    public IProgress<EpochRecord>? Progress { get; set; }

    /// <summary>
    /// Cancels training with <see cref="OperationCanceledException"/>: while the data is counted, read or summarised (within a
    /// few thousand rows) and between mini-batches; once epochs have begun, a <see cref="TrainingCanceledException"/> that
    /// carries the learning curve so far.
    /// </summary>
    public CancellationToken CancellationToken { get; set; }

    /// <summary>Whether to read the data into memory or stream it each epoch.</summary>
    public DataLoadingMode DataLoading { get; set; } = DataLoadingMode.Auto;

    /// <summary>
    /// With <see cref="DataLoadingMode.Auto"/>, the most memory (bytes) the training rows may take in memory: rows × (4 bytes per
    /// feature + 12 for the label, the example weight and the shuffle order), allocated once after the rows are counted.
    /// Data larger than this is streamed. The validation data is judged on its own.
    /// </summary>
    public long MaxInMemoryBytes { get; set; } = 2L << 30;

    /// <summary>
    /// A file to write a checkpoint to after every epoch, atomically: the parameters, the optimizer's state, the schedule's,
    /// plateau's and stopping rules' counters, the epoch and the learning curve. A Fit that finds a checkpoint of the same
    /// run there resumes from it (and one that finished returns its model at once); a checkpoint of another configuration or
    /// other data is refused. A resumed run ends bit-identical to an uninterrupted one with the same seed and thread count.
    /// Null for none.
    /// </summary>
    public string? CheckpointPath { get; set; }

    /// <summary>
    /// Rows in the shuffle pool of the streaming mode (clipped to the training rows); the pool must fit in
    /// <see cref="MaxInMemoryBytes"/>.
    /// </summary>
    public int StreamingShufflePoolRows { get; set; } = 10_000;

    /// <summary>
    /// A copy, so that a trainer keeps its options even if the caller changes theirs: <see cref="HiddenLayers"/> and
    /// <see cref="L2Candidates"/> are copied;
    /// the optimizer, schedule, callbacks and token are shared (they are not changed by training).
    /// </summary>
    public GradientTrainerOptions Clone()
    {
        var copy = (GradientTrainerOptions)MemberwiseClone();
        copy.HiddenLayers = HiddenLayers?.ToArray()!;
        copy.L2Candidates = L2Candidates?.ToArray();
        return copy;
    }
}
