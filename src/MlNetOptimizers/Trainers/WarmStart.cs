using MlNetOptimizers.Tasks;

namespace MlNetOptimizers.Trainers;

/// <summary>Warm start: the parameters of a given network to continue from, once it is known to fit this run.</summary>
internal static class WarmStart
{
    /// <summary>
    /// The parameters of <paramref name="initialModel"/> to continue from (warm start), after checking that it is a network
    /// of the architecture these options and this data make.
    /// </summary>
    public static float[] Parameters(NeuralNetworkModel initialModel, NetworkArchitecture architecture, MlNetTask task)
    {
        var given = initialModel.Architecture;
        if (initialModel.Kind != task.Kind)
        {
            throw new ArgumentException($"The initial model is a {initialModel.Kind} model; this trainer trains {task.Kind} models.", nameof(initialModel));
        }
        if (given.InputSize != architecture.InputSize)
        {
            throw new ArgumentException(
                $"The initial model takes {given.InputSize} features; the training data has {architecture.InputSize}.", nameof(initialModel));
        }
        if (given.OutputSize != architecture.OutputSize)
        {
            throw new ArgumentException(task.OutputMismatch(given.OutputSize, architecture.OutputSize), nameof(initialModel));
        }
        if (!given.LayerSizes.SequenceEqual(architecture.LayerSizes) || given.Activation != architecture.Activation
            || given.Members != architecture.Members)
        {
            throw new ArgumentException(
                $"The initial model is a {given}; the trainer's options make a {architecture} (set HiddenLayers, Activation and Members to match).",
                nameof(initialModel));
        }
        return initialModel.Parameters.ToArray();
    }
}
