namespace MlNetOptimizers;

// The model: its shape.
public sealed partial class GradientTrainerOptions
{
    /// <summary>Hidden layer widths; empty for the linear model (logistic, softmax or linear regression).</summary>
    public int[] HiddenLayers { get; set; } = [];

    /// <summary>Activation after each hidden layer.</summary>
    public Activation Activation { get; set; } = Activation.Relu;

    /// <summary>
    /// The loss a regression model trains on; null for <see cref="RegressionLoss.SquaredError"/>. Classifiers train on the
    /// log-loss and refuse one.
    /// </summary>
    public RegressionLoss? Loss { get; set; }

    private void ValidateModel()
    {
        Require(HiddenLayers is not null, nameof(HiddenLayers), HiddenLayers, "must not be null (use an empty array for a linear model)");
        for (int i = 0; i < HiddenLayers!.Length; i++)
        {
            Require(HiddenLayers[i] > 0, nameof(HiddenLayers), HiddenLayers[i], $"has size {HiddenLayers[i]} at layer {i}; every hidden layer size must be > 0");
        }
        long hiddenParameters = 0;
        for (int i = 0; i + 1 < HiddenLayers.Length; i++)
        {
            hiddenParameters += ((long)HiddenLayers[i] + 1) * HiddenLayers[i + 1];
        }
        Require(hiddenParameters <= Array.MaxLength, nameof(HiddenLayers), $"[{string.Join(", ", HiddenLayers)}]",
            $"makes {hiddenParameters:N0} parameters between the hidden layers alone; at most {Array.MaxLength:N0} fit in one array");
        Require(Enum.IsDefined(Activation), nameof(Activation), Activation, "is not a known activation");
    }
}
