namespace MlNetOptimizers;

/// <summary>
/// Chooses λ of the L2 penalty among candidates by the loss on rows the training did not see (glmnet's and scikit-learn's
/// <c>LogisticRegressionCV</c> idea, with one held-out split): each candidate trains from the same initial parameters,
/// exactly as the model itself will train, and the lowest held-out loss wins (the first listed on a tie). A candidate whose
/// training diverges loses.
/// </summary>
internal static class L2Selection
{
    /// <summary>The fraction of each class's training rows held out to judge the candidates when there is no validation data.</summary>
    public const double HoldoutFraction = 0.2;

    /// <summary>
    /// Without validation data: trains each candidate on <paramref name="fit"/> and judges it on <paramref name="holdout"/>;
    /// returns the path and the chosen λ, with which the caller then trains on all the rows.
    /// </summary>
    public static (float Chosen, L2Candidate[] Path) OnHoldout(IReadOnlyList<float> candidates, Func<float, TrainingLoop> loopFor,
        float[] initialParameters, IBatchSource fit, IBatchSource holdout)
    {
        var path = new L2Candidate[candidates.Count];
        for (int i = 0; i < candidates.Count; i++)
        {
            var loop = loopFor(candidates[i]);
            var parameters = (float[])initialParameters.Clone();
            path[i] = Judge(candidates[i], () => loop.Run(parameters, fit, validation: null), () => loop.Evaluate(parameters, holdout).Loss).Candidate;
        }
        return (candidates[Best(path)], path);
    }

    /// <summary>
    /// With validation data: each candidate trains on <paramref name="train"/> watching <paramref name="validation"/> (as the
    /// model's own training does), and the best run is the model: its parameters, history and the path are returned.
    /// </summary>
    public static (float[] Parameters, TrainingHistory History, L2Candidate[] Path) OnValidation(IReadOnlyList<float> candidates,
        Func<float, TrainingLoop> loopFor, float[] initialParameters, IBatchSource train, IBatchSource validation)
    {
        var path = new L2Candidate[candidates.Count];
        float[]? bestParameters = null;
        TrainingHistory? bestHistory = null;
        TrainingDivergedException? diverged = null;
        for (int i = 0; i < candidates.Count; i++)
        {
            var loop = loopFor(candidates[i]);
            var parameters = (float[])initialParameters.Clone();
            var (candidate, history, failure) = Judge(candidates[i], () => loop.Run(parameters, train, validation),
                () => loop.Evaluate(parameters, validation).Loss);
            path[i] = candidate;
            diverged ??= failure;
            if (history is not null && Best(path.AsSpan(0, i + 1)) == i)
            {
                (bestParameters, bestHistory) = (parameters, history);
            }
        }
        if (bestHistory is null)
        {
            throw diverged!;
        }
        return (bestParameters!, bestHistory, path);
    }

    private static (L2Candidate Candidate, TrainingHistory? History, TrainingDivergedException? Failure) Judge(float l2,
        Func<TrainingHistory> train, Func<double> loss)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            var history = train();
            return (new L2Candidate(l2, loss(), history.Epochs.Count, clock.Elapsed.TotalSeconds), history, null);
        }
        catch (TrainingDivergedException e)
        {
            return (new L2Candidate(l2, double.PositiveInfinity, e.Epoch, clock.Elapsed.TotalSeconds), null, e);
        }
    }

    /// <summary>The candidate with the lowest loss, the first on a tie; with every loss infinite, the first.</summary>
    private static int Best(ReadOnlySpan<L2Candidate> path)
    {
        int best = 0;
        for (int i = 1; i < path.Length; i++)
        {
            if (path[i].ValidationLoss < path[best].ValidationLoss)
            {
                best = i;
            }
        }
        return best;
    }
}
