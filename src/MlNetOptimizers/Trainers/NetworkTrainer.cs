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
        var footprint = SizeChecks.Footprint([columns.FeatureCount, .. options.HiddenLayers, outputs],
            LoopFactory.BatchSize(options, inputs.Summary.Rows), options.NumberOfThreads);
        var architecture = new NetworkArchitecture(columns.FeatureCount, options.HiddenLayers, outputs, options.Activation);
        var parameters = initialModel is null ? WeightInitializer.Initialize(architecture, options.Seed) : WarmStart.Parameters(initialModel, architecture, task);
        var standardization = inputs.Summary.Standardization;
        if (initialModel is not null)
        {
            standardization?.UnfoldFrom(architecture, parameters); // training runs on standardized inputs
        }
        var trainRows = Standardized(inputs.Train, standardization);
        var validationRows = inputs.Validation is null ? null : Standardized(inputs.Validation, standardization);

        var loops = new LoopFactory(options, task, architecture, inputs, initialModel, cancellation);
        (parameters, var history) = L2Choice.Train(options, loops, task, inputs, parameters, trainRows, validationRows, footprint.Bytes);
        standardization?.FoldInto(architecture, parameters);
        return new Result(new NeuralNetworkModel(architecture, task.Kind, parameters), columns, history);
    }

    private static IBatchSource Standardized(IBatchSource source, FeatureStandardization? standardization) =>
        standardization is null ? source
        : source is DenseDataset dense ? dense.Standardize(standardization)
        : new StandardizedBatchSource(source, standardization);
}
