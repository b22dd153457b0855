namespace MlNetOptimizers;

/// <summary>The non-linearity applied after each hidden layer. The output layer is always linear (logits).</summary>
public enum Activation
{
    /// <summary>max(0, z); weights start from He (Kaiming) uniform initialisation.</summary>
    Relu,

    /// <summary>tanh(z); weights start from Glorot (Xavier) uniform initialisation.</summary>
    Tanh,

    /// <summary>1 / (1 + e^−z); weights start from Glorot (Xavier) uniform initialisation.</summary>
    Sigmoid,
}
