namespace MlNetOptimizers.Training;

/// <summary>
/// A cancellation that a caller running our trainers on its own threads (the ensemble) hands to every trainer of this
/// library that runs inside, without a parameter: it flows with the execution context, so it reaches trainers nested in
/// pipelines (an EstimatorChain ending in our trainer) too. Trainers combine it with their own options' token.
/// </summary>
internal static class AmbientCancellation
{
    private static readonly AsyncLocal<CancellationToken> Current = new();

    /// <summary>Runs <paramref name="action"/> with <paramref name="token"/> as the ambient cancellation.</summary>
    public static T Run<T>(CancellationToken token, Func<T> action)
    {
        var outer = Current.Value;
        Current.Value = token;
        try
        {
            return action();
        }
        finally
        {
            Current.Value = outer;
        }
    }

    /// <summary>
    /// A token cancelled by <paramref name="own"/> or by the ambient cancellation; dispose the returned source (null when no
    /// linking was needed) after the run.
    /// </summary>
    public static CancellationToken Combine(CancellationToken own, out CancellationTokenSource? linked)
    {
        var ambient = Current.Value;
        linked = null;
        if (!ambient.CanBeCanceled)
        {
            return own;
        }
        if (!own.CanBeCanceled)
        {
            return ambient;
        }
        linked = CancellationTokenSource.CreateLinkedTokenSource(own, ambient);
        return linked.Token;
    }
}
