namespace MlNetOptimizers;

/// <summary>
/// The loss a regression network trains on, of the residual r = prediction − label. Both are measured in units of the
/// label's standard deviation, because the trainer standardizes the label (and folds that map into the output layer
/// afterwards): a δ of 1 is one standard deviation whatever the label's units.
/// </summary>
public abstract class RegressionLoss
{
    private protected RegressionLoss()
    {
    }

    /// <summary>½·r², the mean squared error (scikit-learn's MLPRegressor, ML.NET's SDCA): the default.</summary>
    public static RegressionLoss SquaredError { get; } = new Squared();

    /// <summary>
    /// Huber's loss: ½·r² for |r| ≤ δ, δ·(|r| − ½·δ) beyond (PyTorch's <c>HuberLoss</c>, scikit-learn's
    /// <c>SGDRegressor(loss="huber")</c>): squared error near the fit, absolute error far from it, so that a few wild labels
    /// pull the model less.
    /// </summary>
    /// <param name="delta">δ, in standard deviations of the label; finite and &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delta"/> is not finite and positive.</exception>
    public static RegressionLoss Huber(float delta = 1f)
    {
        if (!(float.IsFinite(delta) && delta > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(delta), delta, "The Huber loss needs a finite δ > 0 (in standard deviations of the label).");
        }
        return new HuberLoss(delta);
    }

    /// <summary>The loss of residual <paramref name="residual"/> and its derivative with respect to the prediction.</summary>
    internal abstract float Loss(float residual, out float derivative);

    /// <summary>The loss of a residual of one standard deviation: what predicting the mean costs a typical row.</summary>
    internal double OfOneDeviation => Loss(1f, out _);

    private sealed class Squared : RegressionLoss
    {
        internal override float Loss(float residual, out float derivative)
        {
            derivative = residual;
            return 0.5f * residual * residual;
        }

        public override string ToString() => "squared error";
    }

    private sealed class HuberLoss(float delta) : RegressionLoss
    {
        internal override float Loss(float residual, out float derivative)
        {
            float magnitude = MathF.Abs(residual);
            if (magnitude <= delta)
            {
                derivative = residual;
                return 0.5f * residual * residual;
            }
            derivative = MathF.CopySign(delta, residual);
            return delta * (magnitude - 0.5f * delta);
        }

        public override string ToString() => $"Huber(δ = {delta})";
    }
}
