namespace MlNetOptimizers;

/// <summary>
/// The one home of every default of the gradient trainers: <see cref="GradientTrainerOptions"/> starts from these values,
/// and an option left null takes the rule given here. Each was chosen by measurement across the whole quality suite
/// (<c>bench --sections quality</c>; figures in the README), not on one data set.
/// </summary>
public static class TrainerDefaults
{
    /// <summary>Networks trained as one (<see cref="GradientTrainerOptions.Members"/>), 1: one plain network.</summary>
    public const int Members = 1;

    /// <summary>The most passes over the data, 200 (scikit-learn's <c>max_iter</c>): a maximum, since training stops once converged.</summary>
    public const int Epochs = 200;

    /// <summary>Relative improvement of the monitored loss that counts as progress, 1e-4 (scikit-learn's <c>tol</c>, made relative).</summary>
    public const double ConvergenceTolerance = 1e-4;

    /// <summary>Epochs without such progress before a network's training stops, 10 (scikit-learn's <c>n_iter_no_change</c>).</summary>
    public const int NetworkConvergencePatience = 10;

    /// <summary>
    /// Epochs without such progress before a linear model's training stops, 3: its loss is convex, so a stall is not a
    /// saddle to wait out. Left at the default, the count is never shorter than twice the plateau rule's patience on the
    /// data (a reduction, then a stall at the lower rate): 10 for networks, and on a linear model's small data as long as
    /// <see cref="LinearPlateauRows"/> asks.
    /// </summary>
    public const int LinearConvergencePatience = 3;

    /// <summary>Epochs without progress before training stops: <see cref="LinearConvergencePatience"/> or <see cref="NetworkConvergencePatience"/>.</summary>
    public static int ConvergencePatience(bool linear) => linear ? LinearConvergencePatience : NetworkConvergencePatience;

    /// <summary>The plateau rule halves the learning rate (factor 0.5) …</summary>
    public const float PlateauFactor = 0.5f;

    /// <summary>… after 5 epochs without improvement for a network, …</summary>
    public const int PlateauPatience = 5;

    /// <summary>
    /// … after every epoch without improvement for a linear model (convex: a stall is the noise floor of the current rate), …
    /// </summary>
    public const int LinearPlateauPatience = 1;

    /// <summary>
    /// … but over no fewer than 1,500 training rows (<see cref="ReduceLearningRateOnPlateau.PatienceRows"/>): on the quality
    /// suite's sets of 100 to 450 rows, an epoch is 3 to 14 steps and one stalled epoch is noise; halving at once there
    /// left the optimum 0.6% to 3% away (at 5 epochs it is reached within 0.5%, as the convex-optimum tests require), …
    /// </summary>
    public const int LinearPlateauRows = 1500;

    /// <summary>… down to a learning rate of 1e-4.</summary>
    public const float PlateauMinimumLearningRate = 1e-4f;

    /// <summary>
    /// The default plateau rule: ×<see cref="PlateauFactor"/> after <see cref="PlateauPatience"/> stalled epochs for
    /// networks, after <see cref="LinearPlateauPatience"/> and <see cref="LinearPlateauRows"/> rows for linear models, down
    /// to <see cref="PlateauMinimumLearningRate"/>. Measured for linear models across the quality suite and its cross-check:
    /// the same mean accuracy (0.8918, 0.8612) in 0.57× and 0.7× the fit time; the reviews' text model in 31 epochs, not 73.
    /// </summary>
    public static ReduceLearningRateOnPlateau Plateau(bool linear) => linear ? LinearPlateau : NetworkPlateau;

    private static readonly ReduceLearningRateOnPlateau NetworkPlateau = new(PlateauFactor, PlateauPatience, PlateauMinimumLearningRate);

    private static readonly ReduceLearningRateOnPlateau LinearPlateau =
        new(PlateauFactor, LinearPlateauPatience, PlateauMinimumLearningRate) { PatienceRows = LinearPlateauRows };

    /// <summary>Adam's learning rate for linear models, 0.05: their loss is convex and their features standardized, so a large step converges fastest.</summary>
    public const float LinearLearningRate = 0.05f;

    /// <summary>Adam's learning rate for networks with hidden layers, 0.003.</summary>
    public const float NetworkLearningRate = 0.003f;

    /// <summary>The default optimizer: <c>new Adam(<see cref="LinearLearningRate"/>)</c> for linear models, <c>new Adam(<see cref="NetworkLearningRate"/>)</c> for networks.</summary>
    public static IOptimizer Optimizer(bool linear) => new Adam(linear ? LinearLearningRate : NetworkLearningRate);

    /// <summary>
    /// The smallest default λ of a linear model on dense features, 0.003, so that many features and many rows (where 1/n
    /// vanishes) do not overfit (MNIST's 784 pixels on 8,000 rows: 0.881 accuracy at 1/n, 0.912 with the floor).
    /// </summary>
    public const float LinearL2Floor = 0.003f;

    /// <summary>
    /// The default λ of a linear model on <paramref name="rows"/> training rows: max(1/n, <see cref="LinearL2Floor"/>) on
    /// dense features, 1/n on sparse ones (<paramref name="sparse"/>). 1/n is the regularization of scikit-learn's
    /// LogisticRegression (C = 1) and ML.NET's L-BFGS trainers (L2 = 1) on unweighted data, which also makes the optimum
    /// finite on separable data; counted in rows rather than total example weight, so that scaling every weight changes
    /// nothing. Sparse rows (text after FeaturizeText: each row a few hundred of 10^5 slots, scaled to a mean squared norm
    /// of 1) want no floor: on the product reviews, accuracy 0.800 at 1/n, 0.764 at the floor.
    /// </summary>
    public static float LinearL2(long rows, bool sparse = false)
    {
        float perRow = (float)(1.0 / Math.Max(rows, 1));
        return sparse ? perRow : Math.Max(perRow, LinearL2Floor);
    }

    /// <summary>
    /// The λ a network takes when it cannot choose (no rows to judge the candidates on: streamed data, or too few rows), 0.01:
    /// the best single value across the suite.
    /// </summary>
    public const float NetworkL2 = 0.01f;

    /// <summary>
    /// The λ a network chooses among when <c>L2Regularization</c> is left null: 0.03, 0.01, 0.001. No single λ suits every
    /// data set (on the quality suite one set gains 4 points at 0.001 that others lose at it), and the choice by held-out
    /// loss beat every fixed λ across the suite and on sets it was not chosen on; a grid of three that keeps 0.01 measured
    /// as well as finer grids of five or six.
    /// </summary>
    public static IReadOnlyList<float> NetworkL2Candidates { get; } = [0.03f, 0.01f, 0.001f];

    /// <summary>
    /// The λ a linear regression chooses among when <c>L2Regularization</c> is left null: 0.1, 0.01, 0.001. Categorical data
    /// one-hot encoded and standardized (as ML.NET pipelines do) wants much more penalty than ridge's 1/n (Ames house prices:
    /// R² 0.736 at max(1/n, 0.003), 0.770 chosen), and the others little; on the regression suite the choice beat every
    /// fixed λ and scikit-learn's Ridge().
    /// </summary>
    public static IReadOnlyList<float> LinearRegressionL2Candidates { get; } = [0.1f, 0.01f, 0.001f];

    /// <summary>The fewest mini-batch steps per epoch the default batch size gives, 32: small data sets need the steps to converge.</summary>
    public const int StepsPerEpoch = 32;

    /// <summary>The smallest default batch, 32 rows.</summary>
    public const int MinBatchSize = 32;

    /// <summary>The largest default batch, 256 rows: efficient products on large data sets without too few steps.</summary>
    public const int MaxBatchSize = 256;

    /// <summary>
    /// The default batch size for <paramref name="rows"/> training rows: rows / <see cref="StepsPerEpoch"/>, within
    /// [<see cref="MinBatchSize"/>, <see cref="MaxBatchSize"/>] (scikit-learn's min(200, rows) gives 120-row data one step per epoch).
    /// </summary>
    public static int BatchSize(long rows) => (int)Math.Clamp(rows / StepsPerEpoch, MinBatchSize, MaxBatchSize);

    /// <summary>The most shards a mini-batch's gradient is split into when <c>NumberOfThreads</c> is left null, 2 (4 ran 8–10% slower per epoch on 2 cores).</summary>
    public const int MaxGradientShards = 2;

    /// <summary>The fewest rows of a batch in one shard, 32: fewer make the shard's products inefficient.</summary>
    public const int MinRowsPerShard = 32;

    /// <summary>
    /// The least arithmetic of one shard, 2^20 multiply-adds of the forward pass (its backward pass doubles them). Alone,
    /// an epoch on two threads gained nothing at 0.14M multiply-adds per batch, 1.1–1.7× at 0.7M and 1.8–2× at 2.6M (2
    /// cores, Zen 4); but the λ trials that share the cores compute their shards on one thread each, where a shard costs
    /// 5–7% more than one batch, and at 2^18 a quality-suite set of 0.9M per batch (mlc_churn) took 1.5× the fit time.
    /// </summary>
    public const long MinShardMultiplyAdds = 1L << 20;

    /// <summary>
    /// The shards a batch of <paramref name="batch"/> rows is split into when <c>NumberOfThreads</c> is left null: one per
    /// <see cref="MinShardMultiplyAdds"/> of its forward pass (<paramref name="multiplyAddsPerRow"/> per row) and per
    /// <see cref="MinRowsPerShard"/> rows, at most <see cref="MaxGradientShards"/>. Decided by the problem alone, not by the
    /// machine, so that a seed gives the same model on every machine; sparse input (<paramref name="sparse"/>) keeps one.
    /// </summary>
    public static int GradientShards(int batch, long multiplyAddsPerRow, bool sparse)
    {
        if (sparse)
        {
            return 1;
        }
        long byWork = batch * multiplyAddsPerRow / MinShardMultiplyAdds, byRows = batch / MinRowsPerShard;
        return (int)Math.Clamp(Math.Min(byWork, byRows), 1, MaxGradientShards);
    }

    /// <summary>
    /// Whether, on sparse input, the optimizer steps only the first-layer weight rows a mini-batch touched (and the rest of
    /// the network) — PyTorch's <c>SparseAdam</c> semantics: an untouched row keeps its weights and its moments, undecayed,
    /// until a batch touches it again — rather than its rule over every parameter: for networks with hidden layers, whose
    /// first layer is 10^5 slots × their width; a linear model's (as wide as its outputs) takes the exact rule over every
    /// parameter, which costs little there and keeps the L2 penalty's decay on every weight.
    /// </summary>
    internal static bool LazySparseSteps(bool linear) => !linear;

    /// <summary>With <c>DataLoadingMode.Auto</c>, the most memory the training rows may take in memory, 2 GiB; larger data is streamed.</summary>
    public const long MaxInMemoryBytes = 2L << 30;

    /// <summary>Rows in the shuffle pool of the streaming mode, 10,000.</summary>
    public const int StreamingShufflePoolRows = 10_000;

    /// <summary>The seed of initialisation, shuffling and the splits, 1.</summary>
    public const int Seed = 1;

    /// <summary>
    /// Without standardization, the largest feature magnitude accepted: its square (the scale of Adam's, RMSProp's and
    /// AdaGrad's gradient statistics) stays well inside single precision (which ends at 3.4e38).
    /// </summary>
    internal const float LargestUnstandardizedFeature = 1e18f;

    /// <summary>Without standardization, the smallest non-zero feature magnitude accepted: its square stays a normal single (≥ 1.2e-38).</summary>
    internal const float SmallestUnstandardizedFeature = 1e-18f;
}
