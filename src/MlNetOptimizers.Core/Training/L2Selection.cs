using System.Runtime.ExceptionServices;

namespace MlNetOptimizers.Training;

/// <summary>
/// Chooses λ of the L2 penalty among candidates by the loss on rows the training did not see (glmnet's and scikit-learn's
/// <c>LogisticRegressionCV</c> idea, with one held-out split): each candidate trains from the same initial parameters,
/// exactly as the model itself will train, and the lowest held-out loss wins (the first listed on a tie). A candidate whose
/// training diverges loses. The trial runs are independent, so up to <c>parallelism</c> of them run at once, and the
/// choice does not depend on how many did.
/// </summary>
internal static class L2Selection
{
    /// <summary>The fraction of each class's training rows held out to judge the candidates when there is no validation data.</summary>
    public const double HoldoutFraction = 0.2;

    /// <summary>
    /// Without validation data: trains each candidate on <paramref name="fit"/> watching <paramref name="holdout"/> (its
    /// plateau and convergence rules follow the held-out loss, so a trial stops once it no longer generalizes better) and
    /// judges it there; returns the path and the chosen λ, with which the caller then trains on all the rows for as many
    /// epochs as the winner ran (on the quality suite: the same accuracy, 0.35x the fit time of running to convergence of
    /// the training objective).
    /// </summary>
    /// <remarks>
    /// With a <paramref name="record"/> (a checkpointed run), the trials it holds are not trained again and each trial that
    /// finishes is added to it; <paramref name="holdout"/> may then be the run's validation data, the trials training on
    /// <paramref name="fit"/> as the model would, and the chosen λ's model is trained again, writing its checkpoints.
    /// </remarks>
    public static (L2Candidate Chosen, L2Candidate[] Path) OnHoldout(IReadOnlyList<float> candidates, Func<float, Func<int>, TrainingLoop> loopFor,
        float[] initialParameters, IBatchSource fit, IBatchSource holdout, int parallelism, L2ChoiceRecord? record = null)
    {
        var path = new L2Candidate[candidates.Count];
        RunTrials(candidates.Count, parallelism, (i, cores) =>
        {
            if (record?.Finished(candidates[i]) is { } finished)
            {
                path[i] = finished;
                return;
            }
            var loop = loopFor(candidates[i], cores);
            var parameters = (float[])initialParameters.Clone();
            path[i] = Judge(candidates[i], () => loop.Run(parameters, fit, validation: holdout), () => loop.Evaluate(parameters, holdout).Loss).Candidate;
            if (double.IsFinite(path[i].ValidationLoss))
            {
                record?.Add(path[i]); // a diverged trial runs again when the run resumes
            }
        });
        return (path[Best(path)], path);
    }

    /// <summary>
    /// With validation data: each candidate trains on <paramref name="train"/> watching <paramref name="validation"/> (as the
    /// model's own training does), and the best run is the model: its parameters, history and the path are returned.
    /// </summary>
    public static (float[] Parameters, TrainingHistory History, L2Candidate[] Path) OnValidation(IReadOnlyList<float> candidates,
        Func<float, Func<int>, TrainingLoop> loopFor, float[] initialParameters, IBatchSource train, IBatchSource validation, int parallelism)
    {
        var path = new L2Candidate[candidates.Count];
        var gate = new object();
        (int Index, float[] Parameters, TrainingHistory History)? best = null; // only the best run so far is kept
        (int Index, TrainingDivergedException Error)? diverged = null; // thrown when every candidate diverged: the first one's
        RunTrials(candidates.Count, parallelism, (i, cores) =>
        {
            var loop = loopFor(candidates[i], cores);
            var parameters = (float[])initialParameters.Clone();
            var (candidate, history, failure) = Judge(candidates[i], () => loop.Run(parameters, train, validation),
                () => loop.Evaluate(parameters, validation).Loss);
            lock (gate)
            {
                path[i] = candidate;
                if (failure is not null && (diverged is not { } d || i < d.Index))
                {
                    diverged = (i, failure);
                }
                if (history is not null && (best is not { } b || Better(candidate, i, path[b.Index], b.Index)))
                {
                    best = (i, parameters, history);
                }
            }
        });
        if (best is not { } winner)
        {
            throw diverged!.Value.Error;
        }
        return (winner.Parameters, winner.History, path);
    }

    /// <summary>
    /// Runs <paramref name="trial"/>(0..count−1), up to <paramref name="parallelism"/> at once on threads of their own, the
    /// calling thread among them, each told how many cores it may use now (its share of those available among the trials
    /// still running, at least 1: a trial asks again every epoch, so the last takes over the cores of those that ended);
    /// when trials throw, the exception of the first of them (in candidate order) is rethrown after all have ended.
    /// </summary>
    private static void RunTrials(int count, int parallelism, Action<int, Func<int>> trial)
    {
        var failures = new ExceptionDispatchInfo?[count];
        int next = -1, running = 0, cores = AmbientCores.Available;
        int CoresNow() => Math.Max(1, cores / Math.Max(1, Volatile.Read(ref running)));
        void Work()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                Interlocked.Increment(ref running);
                try
                {
                    trial(i, CoresNow);
                }
                catch (Exception e)
                {
                    failures[i] = ExceptionDispatchInfo.Capture(e);
                }
                finally
                {
                    Interlocked.Decrement(ref running);
                }
            }
        }
        var helpers = Enumerable.Range(1, Math.Min(parallelism, count) - 1)
            .Select(h => new Thread(Work) { IsBackground = true, Name = $"L2 trial {h}" })
            .ToArray();
        foreach (var helper in helpers)
        {
            helper.Start();
        }
        Work();
        foreach (var helper in helpers)
        {
            helper.Join();
        }
        failures.FirstOrDefault(f => f is not null)?.Throw();
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

    /// <summary>Whether candidate <paramref name="i"/> beats candidate <paramref name="j"/>: a lower loss, or the same loss and listed first.</summary>
    private static bool Better(L2Candidate a, int i, L2Candidate b, int j) =>
        a.ValidationLoss < b.ValidationLoss || (a.ValidationLoss == b.ValidationLoss && i < j);

    /// <summary>The candidate with the lowest loss, the first on a tie; with every loss infinite, the first.</summary>
    private static int Best(L2Candidate[] path)
    {
        int best = 0;
        for (int i = 1; i < path.Length; i++)
        {
            if (Better(path[i], i, path[best], best))
            {
                best = i;
            }
        }
        return best;
    }
}
