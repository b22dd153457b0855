namespace MlNetOptimizers;

// The model: its shape.
public sealed partial class GradientTrainerOptions
{
    /// <summary>Hidden layer widths; empty for the linear model (logistic, softmax or linear regression).</summary>
    public int[] HiddenLayers { get; set; } = [];

    /// <summary>
    /// k, the networks trained as one (TabM-mini, Gorishniy et al. 2025): every member scales the features by its own
    /// input scales (starting as random signs ±1), shares the hidden layers, and has its own output layer; training
    /// minimises the mean of the members' losses, and the model's prediction is the mean of their probabilities (of their
    /// predictions for regression), which early stopping and the choice of λ judge. 1 (<see cref="TrainerDefaults.Members"/>)
    /// is one plain network; more needs <see cref="HiddenLayers"/> and dense features (at most
    /// <see cref="NetworkArchitecture.MaxMembers"/>). A k-member network costs about k times one member's arithmetic per epoch.
    /// </summary>
    public int Members { get; set; } = TrainerDefaults.Members;

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
        Require(Members >= 1 && Members <= NetworkArchitecture.MaxMembers, nameof(Members), Members,
            $"must be between 1 (one network) and {NetworkArchitecture.MaxMembers}");
        Require(Members == 1 || HiddenLayers.Length > 0, nameof(Members), Members,
            "needs HiddenLayers: the members share the hidden layers, and k linear models that share nothing are one linear model (use Members = 1, or an Ensemble)");
    }
}
