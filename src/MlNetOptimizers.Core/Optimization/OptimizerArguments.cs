namespace MlNetOptimizers.Optimization;

/// <summary>Validation of optimizer hyper-parameters, with exceptions that name the offending argument.</summary>
internal static class OptimizerArguments
{
    public static float Positive(float value, string name)
    {
        if (!float.IsFinite(value) || value <= 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number > 0.");
        }
        return value;
    }

    public static float NonNegative(float value, string name)
    {
        if (!float.IsFinite(value) || value < 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number >= 0.");
        }
        return value;
    }

    /// <summary>A decay rate or momentum coefficient: 0 &lt;= value &lt; 1.</summary>
    public static float UnitInterval(float value, string name)
    {
        if (!(value >= 0 && value < 1))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [0, 1).");
        }
        return value;
    }
}
