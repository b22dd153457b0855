using MlNetOptimizers.Tasks;

namespace MlNetOptimizers;

/// <summary>
/// Multiclass classifier trained by mini-batch gradient descent on the cross-entropy loss: softmax regression without
/// hidden layers, an MLP with them. Create it with <c>mlContext.MulticlassClassification.Trainers.SoftmaxRegression(...)</c>
/// or <c>.NeuralNetwork(...)</c>. The label must be a key type (<c>MapValueToKey</c>).
/// </summary>
public sealed class NeuralNetworkMulticlassTrainer : NeuralNetworkTrainerBase
{
    internal NeuralNetworkMulticlassTrainer(GradientTrainerOptions options) : base(options, MlNetTask.Multiclass)
    {
    }
}
