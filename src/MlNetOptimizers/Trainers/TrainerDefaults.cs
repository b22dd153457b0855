namespace MlNetOptimizers.Trainers;

/// <summary>
/// The defaults behind the options left null, chosen by measurement on the quality suite (bench --sections quality;
/// figures in README): a default wins across the suite, not on one data set.
/// </summary>
internal static class TrainerDefaults
{
    /// <summary>Adam for both model kinds; a larger step for the convex linear models, whose features are standardized.</summary>
    public static IOptimizer Optimizer(bool linear) => linear ? new Adam(0.05f) : new Adam(0.003f);

    /// <summary>
    /// Linear models: 1/n for n training rows — the regularization of scikit-learn's LogisticRegression (C = 1) and ML.NET's
    /// L-BFGS trainers (L2 = 1) on unweighted data, which also makes the optimum finite on separable data — but no less
    /// than <see cref="LinearL2Floor"/>, so that many features and many rows (where 1/n vanishes) do not overfit; counted
    /// in rows rather than total example weight, so that scaling every weight changes nothing. Networks: 0.01.
    /// </summary>
    public static float L2(bool linear, long rows) => linear ? Math.Max((float)(1.0 / Math.Max(rows, 1)), LinearL2Floor) : 0.01f;

    /// <summary>
    /// The λ a network chooses among when L2Regularization is left null (linear models: none, they take <see cref="L2"/>):
    /// no single λ suits every data set — on the quality suite one set gains 4 points at 0.001 that others lose at it — and
    /// the choice by held-out loss beat every fixed λ across the suite and on sets it was not chosen on. A grid of three
    /// that keeps 0.01 (the best fixed value) measured as well as finer grids of five or six.
    /// </summary>
    public static float[]? L2Candidates(bool linear) => linear ? null : [0.03f, 0.01f, 0.001f];

    /// <summary>
    /// Without standardization, the largest feature magnitude accepted: its square (the scale of Adam's, RMSProp's and
    /// AdaGrad's gradient statistics) stays well inside single precision (which ends at 3.4e38).
    /// </summary>
    public const float LargestUnstandardizedFeature = 1e18f;

    /// <summary>Without standardization, the smallest non-zero feature magnitude accepted: its square stays a normal single (≥ 1.2e-38).</summary>
    public const float SmallestUnstandardizedFeature = 1e-18f;

    /// <summary>The smallest default L2 of a linear model (MNIST's 784 pixels on 8,000 rows: 0.881 accuracy at 1/n, 0.912 here).</summary>
    public const float LinearL2Floor = 0.003f;

    /// <summary>
    /// rows/32 within [32, 256]: at least 32 steps per epoch, so that small data sets get enough steps to converge,
    /// and batches no larger than 256 on large ones (scikit-learn's min(200, rows) gives 120-row data one step per epoch).
    /// </summary>
    public static int BatchSize(long rows) => (int)Math.Clamp(rows / 32, 32, 256);
}
