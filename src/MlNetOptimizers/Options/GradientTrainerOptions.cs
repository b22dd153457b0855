namespace MlNetOptimizers;

/// <summary>
/// Options of the gradient-descent trainers (logistic, softmax and linear regression, neural networks), flat as ML.NET's
/// trainer options are, and grouped by concern: the columns (here), the model (<c>GradientTrainerOptions.Model.cs</c>),
/// the optimization, the data and the run, each section with its own checks. Every default is a member of
/// <see cref="TrainerDefaults"/>. A trainer copies and checks its options once, when it is created.
/// </summary>
public sealed partial class GradientTrainerOptions
{
    /// <summary>Label column: Boolean for binary models, a key type for multiclass models, Single for regression.</summary>
    public string LabelColumnName { get; set; } = "Label";

    /// <summary>Feature column: a known-size vector of Single.</summary>
    public string FeatureColumnName { get; set; } = "Features";

    /// <summary>Optional example-weight column (Single, finite, &gt;= 0); null for unweighted training.</summary>
    public string? ExampleWeightColumnName { get; set; }

    /// <summary>
    /// A copy, so that a trainer keeps its options even if the caller changes theirs: the arrays
    /// (<see cref="HiddenLayers"/>, <see cref="L2Candidates"/>) are copied; the optimizer, schedule, callbacks and token are
    /// shared (they are not changed by training).
    /// </summary>
    public GradientTrainerOptions Clone()
    {
        var copy = (GradientTrainerOptions)MemberwiseClone();
        copy.HiddenLayers = HiddenLayers?.ToArray()!;
        copy.L2Candidates = L2Candidates?.ToArray();
        return copy;
    }

    /// <summary>Checks every section, naming the option at fault; the checks that need the data come at Fit.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of its range: the message names it and the rule.</exception>
    internal void Validate()
    {
        ValidateModel();
        ValidateOptimization();
        ValidateData();
        ValidateRun();
    }

    /// <summary>Throws naming <paramref name="option"/>, its <paramref name="value"/> and the <paramref name="rule"/> it breaks, unless <paramref name="condition"/>.</summary>
    private static void Require(bool condition, string option, object? value, string rule)
    {
        if (!condition)
        {
            throw new ArgumentOutOfRangeException(option, value, $"{option} {rule}.");
        }
    }
}
