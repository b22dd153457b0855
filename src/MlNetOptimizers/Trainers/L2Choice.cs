using MlNetOptimizers.Kernels;
using MlNetOptimizers.Tasks;
using MlNetOptimizers.Training;

namespace MlNetOptimizers.Trainers;

/// <summary>
/// The λ of the L2 penalty a Fit trains with, and the model's own training: a fixed λ (the option, or the default), or a
/// choice among candidates by <see cref="L2Selection"/> — on validation data (the best trial is the model) or on rows held
/// out of in-memory training data (the model then trains on all rows with the winner, for the epochs the winner's trial ran).
/// </summary>
internal static class L2Choice
{
    /// <summary>
    /// Trains the model: chooses λ when it is to be chosen, then runs the model's own loop (unless the best validation trial
    /// is the model); returns its parameters (the given array, or the best trial's) and its history, with the path tried.
    /// </summary>
    public static (float[] Parameters, TrainingHistory History) Train(GradientTrainerOptions options, LoopFactory loops, ModelTask task,
        IReadOnlyList<float>? defaultCandidates, TrainingInputs inputs, float[] parameters, IBatchSource trainRows, IBatchSource? validationRows,
        long runBytes)
    {
        var (l2, candidates, holdout) = Plan(options, loops.Linear, defaultCandidates, inputs.Summary.Rows, task, inputs.Columns.ClassCount,
            trainRows, validationRows);
        int parallelism = candidates is null ? 1 : TrialParallelism(candidates.Count, runBytes);
        IReadOnlyList<L2Candidate>? path = null;
        TrainingHistory? history = null;
        int? epochs = null;
        if (candidates is not null && options.CheckpointPath is { } checkpoint)
        {
            // The finished trials are recorded beside the checkpoint, so that a resumed run does not train them again; the
            // chosen λ's model is then trained as the trials were (watching the validation data), or on all the rows for
            // the epochs the winner ran, writing its checkpoints.
            var (fit, judgedOn) = validationRows is not null ? (trainRows, validationRows) : holdout!.Value;
            var record = L2ChoiceRecord.Open(checkpoint, loops.ChoiceFingerprint(candidates));
            (var chosen, var tried, _) = L2Selection.OnHoldout(candidates, loops.Trial, parameters, fit, judgedOn, parallelism, record);
            (l2, epochs, path) = (chosen.L2Regularization, validationRows is null ? chosen.Epochs : null, tried);
        }
        else if (candidates is not null && validationRows is not null)
        {
            // The candidates train as the model would, watching the validation data: the best run is the model.
            (parameters, history, path) = L2Selection.OnValidation(candidates, loops.Trial, parameters, trainRows, validationRows, parallelism);
            l2 = history.L2Regularization;
        }
        else if (candidates is not null)
        {
            // A core the trials no longer need trains the model for the favourite beside the last trial (kept if it wins).
            var initial = parameters;
            ModelBesideTrials.Train speculate = (index, mayTrainEpoch, cores, stop, reports) =>
            {
                var model = AlignedBuffer.CopyOf(initial); // trained in place while the trials still hold theirs
                var run = loops.RunSpeculativeFinal(candidates[index], mayTrainEpoch, cores, stop, reports, model, trainRows, validationRows);
                return (model.Span.ToArray(), run);
            };
            (var chosen, var tried, var trained) = L2Selection.OnHoldout(candidates, loops.Trial, parameters, holdout!.Value.Fit,
                holdout.Value.Rows, parallelism, speculate: speculate);
            (l2, epochs, path) = (chosen.L2Regularization, chosen.Epochs, tried);
            if (trained is { } done)
            {
                (parameters, history) = done;
                history.TrainedBesideTrials = true;
            }
        }
        history ??= loops.Final(l2, epochs).Run(parameters, trainRows, validationRows);
        history.L2Selection = path;
        return (parameters, history);
    }

    /// <summary>
    /// λ of the L2 penalty, or the candidates to choose it from: the option when set; else the options' candidates or the
    /// task's default ones (<paramref name="defaultCandidates"/>), when they can be judged — on validation data, or on rows
    /// held out of in-memory training data (the split is returned) — else the default λ, or for candidates the user gave, an error.
    /// </summary>
    private static (float L2, IReadOnlyList<float>? Candidates, (IBatchSource Fit, IBatchSource Rows)? Holdout) Plan(
        GradientTrainerOptions options, bool linear, IReadOnlyList<float>? defaultCandidates, long rows, ModelTask task, int classes,
        IBatchSource train, IBatchSource? validation)
    {
        float fixedL2 = options.L2Regularization ?? (linear ? TrainerDefaults.LinearL2(rows, train.IsSparse) : TrainerDefaults.NetworkL2);
        var candidates = options.L2Regularization is null ? options.L2Candidates ?? defaultCandidates?.ToArray() : null;
        if (candidates is null || candidates.Length == 1)
        {
            return (candidates?[0] ?? fixedL2, null, null);
        }
        if (validation is not null)
        {
            return (0, candidates, null);
        }
        string? cannot = null;
        if (train is InMemoryDataset memory)
        {
            var (fit, holdout, heldOut) = memory.StratifiedSplit(L2Selection.HoldoutFraction, options.Seed, task, classes);
            if (heldOut > 0)
            {
                return (0, candidates, (fit, holdout));
            }
            cannot = "too few training rows: a fifth of the rows (of each class, rounded down) holds no row of positive weight";
        }
        cannot ??= "the training data is streamed, so none can be held out";
        if (options.L2Candidates is not null)
        {
            throw new ArgumentException(
                $"L2Candidates needs rows to judge the candidates on: {cannot}. " +
                "Pass validation data (or set ValidationFraction), load the data in memory, or set L2Regularization.",
                nameof(GradientTrainerOptions.L2Candidates));
        }
        return (fixedL2, null, null); // the default candidates cannot be judged: the default λ
    }

    /// <summary>
    /// How many trial runs choose λ at once: one per core available here (inside an ensemble, the member's share), one more
    /// from two cores on, and as many as half the memory available holds buffers of a run. Trials share nothing, so they
    /// keep cores busier than the shards of one trial's batches would; a trial takes over the cores of those that
    /// ended, and whichever cores compute a trial, its arithmetic is the same.
    /// </summary>
    private static int TrialParallelism(int candidates, long runBytes)
    {
        int byCores = Math.Max(1, AmbientCores.Available);
        if (byCores >= 2)
        {
            // One trial more than the cores: trials end at different epochs, and three trials sharing two cores beat two
            // at once and then the third alone beside an idle core (cross-check fit 12.2 -> 10.5 s on 2 cores, the same
            // models: each trial is deterministic on its own thread). Not inside an ensemble member's single core.
            byCores++;
        }
        long byMemory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2 / Math.Max(runBytes, 1);
        return (int)Math.Clamp(Math.Min(byCores, byMemory), 1, candidates);
    }
}
