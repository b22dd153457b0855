using Microsoft.ML;
using MlNetOptimizers.Data;
using MlNetOptimizers.Network;
using MlNetOptimizers.Tasks;
using MlNetOptimizers.Training;

namespace MlNetOptimizers.Trainers;

/// <summary>
/// Everything between an IDataView and a trained <see cref="NeuralNetworkModel"/>, in steps: read and check the data
/// (<see cref="TrainingInputs"/>); size the run and build the network (<see cref="SizeChecks"/>, initial or
/// <see cref="WarmStart"/> parameters); standardize; train, choosing λ where it is to be chosen (<see cref="L2Choice"/>,
/// the loops from <see cref="LoopFactory"/>); fold the standardization into the first layer. The options were checked
/// when the trainer was created; the checks that need the data are made here.
/// </summary>
internal static class NetworkTrainer
{
    /// <summary>What a training run produced.</summary>
    public sealed record Result(NeuralNetworkModel Model, TrainingColumns Columns, TrainingHistory History);

    public static Result Train(MLContext ml, IDataView trainData, IDataView? validationData, GradientTrainerOptions options, MlNetTask task,
        NeuralNetworkModel? initialModel = null)
    {
        ArgumentNullException.ThrowIfNull(trainData);
        var cancellation = AmbientCancellation.Combine(options.CancellationToken, out var linked);
        using var linkedDisposal = linked;
        var inputs = TrainingInputs.Read(ml, trainData, validationData, options, task, cancellation);
        var columns = inputs.Columns;

        int outputs = task.Core.Outputs(columns.ClassCount);
        if (options.Members > 1 && inputs.Train.IsSparse)
        {
            throw new ArgumentOutOfRangeException(nameof(GradientTrainerOptions.Members), options.Members,
                $"Members = {options.Members} trains on dense rows; the feature column '{options.FeatureColumnName}' has {columns.FeatureCount:N0} " +
                "slots, few of them non-zero, and is trained sparse (text after FeaturizeText, wide one-hot encodings). Use Members = 1.");
        }
        int[] layerSizes = [columns.FeatureCount, .. options.HiddenLayers, outputs];
        var footprint = SizeChecks.Footprint(layerSizes, LoopFactory.BatchSize(options, inputs.Summary.Rows),
            LoopFactory.ShardCount(options, layerSizes, options.Members, inputs.Summary.Rows, inputs.Train.IsSparse), inputs.Train.IsSparse,
            inputs.Summary.NonZerosPerRow(columns.FeatureCount), options.Members);
        var architecture = new NetworkArchitecture(columns.FeatureCount, options.HiddenLayers, outputs, options.Activation, options.Members);
        var parameters = initialModel is null ? WeightInitializer.Initialize(architecture, options.Seed) : WarmStart.Parameters(initialModel, architecture, task);
        var standardization = inputs.Summary.Standardization;
        var (core, labelScale) = task.Core.ForTraining(inputs.Summary.Labels);
        if (initialModel is not null)
        {
            // training runs on standardized inputs (and labels)
            standardization?.UnfoldFrom(architecture, parameters);
            if (labelScale is not null)
            {
                TargetStandardization.UnfoldFrom(labelScale, architecture, parameters);
            }
        }
        var trainRows = Standardized(inputs.Train, standardization, labelScale);
        var validationRows = inputs.Validation is null ? null : Standardized(inputs.Validation, standardization, labelScale);

        var loops = new LoopFactory(options, core, architecture, inputs, initialModel, cancellation);
        (parameters, var history) = L2Choice.Train(options, loops, core, task.DefaultL2Candidates(architecture.LayerCount == 1), inputs,
            parameters, trainRows, validationRows, footprint.Bytes);
        standardization?.FoldInto(architecture, parameters);
        if (labelScale is not null)
        {
            TargetStandardization.FoldInto(labelScale, architecture, parameters);
        }
        return new Result(new NeuralNetworkModel(architecture, task.Kind, parameters), columns, history);
    }

    /// <summary>The rows as training sees them: features standardized, and labels when the task scales them; in place in memory.</summary>
    private static IBatchSource Standardized(IBatchSource source, FeatureStandardization? features, LabelScale? labels)
    {
        if (source is InMemoryDataset memory)
        {
            if (features is not null)
            {
                memory.Standardize(features);
            }
            if (labels is not null)
            {
                memory.StandardizeLabels(labels);
            }
            return memory;
        }
        return features is null && labels is null ? source : new StandardizedBatchSource(source, features, labels);
    }
}
