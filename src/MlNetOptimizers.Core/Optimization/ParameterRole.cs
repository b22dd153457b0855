namespace MlNetOptimizers.Optimization;

/// <summary>What a range of the parameter vector holds.</summary>
public enum ParameterRole
{
    /// <summary>Weights (connection strengths): the usual target of weight decay.</summary>
    Weight,

    /// <summary>Biases (offsets): usually left out of weight decay.</summary>
    Bias,

    /// <summary>Multiplicative scales of the inputs (a k-member network's adapters, which start at ±1): left out of weight decay.</summary>
    Scale,
}
