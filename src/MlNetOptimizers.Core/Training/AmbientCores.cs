namespace MlNetOptimizers.Training;

/// <summary>
/// How many processor cores a training may keep busy, handed down like <see cref="AmbientCancellation"/>: the ensemble,
/// which trains several members at once, gives each its share, so that a member does not start parallel work of its own
/// (the trial runs that choose λ) on cores the other members use. Outside an ensemble, every core of the machine.
/// </summary>
internal static class AmbientCores
{
    private static readonly AsyncLocal<int?> Current = new();

    /// <summary>The cores available here: the share given by an enclosing <see cref="Run{T}"/>, else the processor count.</summary>
    public static int Available => Current.Value ?? Environment.ProcessorCount;

    /// <summary>Runs <paramref name="action"/> with <paramref name="cores"/> (at least 1) as the cores available.</summary>
    public static T Run<T>(int cores, Func<T> action)
    {
        var outer = Current.Value;
        Current.Value = Math.Max(1, cores);
        try
        {
            return action();
        }
        finally
        {
            Current.Value = outer;
        }
    }
}
