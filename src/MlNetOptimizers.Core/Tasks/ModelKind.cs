namespace MlNetOptimizers;

/// <summary>What the network's outputs mean, and so which loss trains it.</summary>
public enum ModelKind
{
    /// <summary>One logit z; P(true) = σ(z); trained on the logistic loss.</summary>
    Binary,

    /// <summary>K logits; P(class k) = softmax(z)_k; trained on the cross-entropy loss.</summary>
    Multiclass,

    /// <summary>One output, the prediction itself; trained on a <see cref="RegressionLoss"/> (squared error by default).</summary>
    Regression,
}
