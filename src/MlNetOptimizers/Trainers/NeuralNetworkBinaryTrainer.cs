using MlNetOptimizers.Tasks;

namespace MlNetOptimizers;

/// <summary>
/// Binary classifier trained by mini-batch gradient descent on the logistic loss: logistic regression without hidden
/// layers, an MLP with them. Create it with <c>mlContext.BinaryClassification.Trainers.LogisticRegression(...)</c> or
/// <c>.NeuralNetwork(...)</c>.
/// </summary>
public sealed class NeuralNetworkBinaryTrainer : NeuralNetworkTrainerBase
{
    internal NeuralNetworkBinaryTrainer(GradientTrainerOptions options) : base(options, MlNetTask.Binary)
    {
    }
}
