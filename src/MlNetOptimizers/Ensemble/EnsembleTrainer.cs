using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Microsoft.ML;
using MlNetOptimizers.Data;
using MlNetOptimizers.Ensemble;
using MlNetOptimizers.Tasks;
using MlNetOptimizers.Training;

namespace MlNetOptimizers;

/// <summary>
/// Trains members independently (in parallel, optionally on bootstrap samples) and averages their predicted
/// probabilities (soft voting), optionally weighted. Members may be any ML.NET estimators whose output has a
/// Probability column (binary) or a Score vector of class probabilities (multiclass): ours or built-in ones.
/// </summary>
public sealed class EnsembleTrainer : IEstimator<EnsembleTransformer>
{
    private readonly IReadOnlyList<IEstimator<ITransformer>> _members;
    private readonly MLContext _ml;
    private readonly MlNetTask _task;

    internal EnsembleTrainer(MlNetTask task, IReadOnlyList<IEstimator<ITransformer>> members, EnsembleOptions? options)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count == 0)
        {
            throw new ArgumentException("An ensemble needs at least one member.", nameof(members));
        }
        for (int i = 0; i < members.Count; i++)
        {
            if (members[i] is null)
            {
                throw new ArgumentException($"Member {i} is null.", nameof(members));
            }
        }
        _task = task;
        _members = members;
        Options = options ?? new EnsembleOptions();
        Weights = NormalizedWeights(Options.Weights, members.Count);
        if (Options.MaxDegreeOfParallelism is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), Options.MaxDegreeOfParallelism, "MaxDegreeOfParallelism must be > 0.");
        }
        _ml = new MLContext(Options.Seed);
    }

    /// <summary>Binary or multiclass.</summary>
    public ModelKind Kind => _task.Kind;

    /// <summary>The options the ensemble was created with.</summary>
    public EnsembleOptions Options { get; }

    /// <summary>Number of members.</summary>
    public int Count => _members.Count;

    /// <summary>Member weights, normalised to sum to 1.</summary>
    public IReadOnlyList<float> Weights { get; }

    /// <summary>Checks every member's output schema, then trains the members and builds the averaging transformer.</summary>
    public EnsembleTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var shape = SchemaShapes.Of(input);
        var label = CheckLabel(input.Schema);
        CheckMembers(shape); // before any training starts

        var fitted = TrainMembers(input);
        var chain = EnsembleChainBuilder.Build(_ml, _task, fitted, label, input);
        return new EnsembleTransformer(Kind, fitted, chain);
    }

    /// <summary>
    /// Trains the members on worker threads of our own (at most MaxDegreeOfParallelism at once). The first member that
    /// throws, or the options' token, stops the rest: members not yet started never start, and members of this library
    /// stop at their next check (a mini-batch, or a few thousand rows while reading). Returns only after every worker has
    /// ended; then rethrows the first member's original exception, or throws <see cref="OperationCanceledException"/>.
    /// </summary>
    private EnsembleMember[] TrainMembers(IDataView input)
    {
        var fitted = new EnsembleMember[_members.Count];
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Options.CancellationToken);
        ExceptionDispatchInfo? failure = null;
        int next = -1;
        int workerCount = Math.Min(Options.MaxDegreeOfParallelism ?? Environment.ProcessorCount, _members.Count);
        int cores = Math.Max(1, AmbientCores.Available / workerCount); // each member's share of the machine
        void Work()
        {
            int i;
            while (!stop.IsCancellationRequested && (i = Interlocked.Increment(ref next)) < _members.Count)
            {
                try
                {
                    fitted[i] = AmbientCores.Run(cores, () => AmbientCancellation.Run(stop.Token, () => TrainMember(i, input)));
                }
                catch (Exception e)
                {
                    // A member cancelled because another failed (or the caller cancelled) is a consequence, not the cause.
                    if (!(e is OperationCanceledException && stop.IsCancellationRequested))
                    {
                        Interlocked.CompareExchange(ref failure, ExceptionDispatchInfo.Capture(e), null);
                    }
                    stop.Cancel();
                }
            }
        }

        var workers = Enumerable.Range(1, workerCount - 1)
            .Select(w => new Thread(Work) { IsBackground = true, Name = $"Ensemble worker {w}" })
            .ToArray();
        foreach (var worker in workers)
        {
            worker.Start();
        }
        Work(); // the calling thread is a worker too
        foreach (var worker in workers)
        {
            worker.Join();
        }
        failure?.Throw();
        Options.CancellationToken.ThrowIfCancellationRequested();
        return fitted;
    }

    private EnsembleMember TrainMember(int i, IDataView input)
    {
        var data = Options.Bootstrap ? _ml.Data.BootstrapSample(input, seed: Options.Seed + i) : input;
        var clock = Stopwatch.StartNew();
        var model = _members[i].Fit(data);
        double seconds = clock.Elapsed.TotalSeconds;
        var metrics = Options.ValidationData is { } validation ? _task.EvaluateMember(_ml, model.Transform(validation), Options.LabelColumnName) : default;
        var member = new EnsembleMember(i, model, Weights[i], seconds, metrics.Accuracy, metrics.LogLoss)
        {
            ValidationRSquared = metrics.RSquared,
            ValidationRmse = metrics.Rmse,
        };
        Options.OnMemberTrained?.Invoke(member);
        return member;
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var outputs = CheckMembers(inputSchema);
        return new SchemaShape(inputSchema.Where(c => !outputs.Any(o => o.Name == c.Name)).Concat(outputs));
    }

    private DataViewSchema.Column CheckLabel(DataViewSchema schema)
    {
        var label = schema.GetColumnOrNull(Options.LabelColumnName) ?? throw new ArgumentException(
            $"The label column '{Options.LabelColumnName}' is not in the data.");
        _task.CheckEnsembleLabel(label);
        return label;
    }

    /// <summary>Each member must be a model of this ensemble's task that keeps the shared label; returns the output columns.</summary>
    private IReadOnlyList<SchemaShape.Column> CheckMembers(SchemaShape input)
    {
        IReadOnlyList<SchemaShape.Column>? outputs = null;
        input.TryFind(Options.LabelColumnName, out var inputLabel);
        for (int i = 0; i < _members.Count; i++)
        {
            SchemaShape shape;
            try
            {
                shape = _members[i].GetOutputSchema(input);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                throw new ArgumentException($"Member {i} ({Describe(i)}) cannot run on this data: {e.Message}", e);
            }
            var columns = _task.CheckEnsembleMember(shape, i, Describe(i), inputLabel, Options.LabelColumnName);
            outputs ??= columns;
        }
        return outputs!;
    }

    private string Describe(int i) => _members[i].GetType().Name;


    private static float[] NormalizedWeights(float[]? weights, int count)
    {
        if (weights is null)
        {
            return Enumerable.Repeat(1f / count, count).ToArray();
        }
        if (weights.Length != count)
        {
            throw new ArgumentException($"EnsembleOptions.Weights has {weights.Length} values for {count} members.", "options");
        }
        for (int i = 0; i < weights.Length; i++)
        {
            if (!float.IsFinite(weights[i]) || weights[i] < 0)
            {
                throw new ArgumentOutOfRangeException("options", weights[i],
                    $"EnsembleOptions.Weights[{i}] is {weights[i]}; member weights must be finite and >= 0.");
            }
        }
        double total = weights.Sum(w => (double)w);
        if (total <= 0)
        {
            throw new ArgumentException("EnsembleOptions.Weights are all zero; at least one member needs a positive weight.", "options");
        }
        return weights.Select(w => (float)(w / total)).ToArray();
    }
}
