using Microsoft.ML;

namespace MlNetOptimizers.Samples.Classification;

/// <summary>One of our trainers in an experiment: a name and how to build it with a progress callback.</summary>
internal sealed record Contender(string Name, Func<Action<EpochRecord>, NeuralNetworkTrainerBase> Create);

/// <summary>ML.NET's own trainer for the same task, the yardstick.</summary>
internal sealed record Baseline(string Name, Func<MLContext, IEstimator<ITransformer>> Create);

/// <summary>A dataset, how to featurize it, and the trainers to compare on its 80/20 split.</summary>
internal sealed record Experiment(
    string Name,
    bool Binary,
    Func<MLContext, IDataView?> Load,
    string MissingDataHint,
    Func<MLContext, IEstimator<ITransformer>> Featurize,
    IReadOnlyList<Contender> Contenders,
    Baseline Baseline);
