using MlNetOptimizers.Tasks;

namespace MlNetOptimizers;

/// <summary>
/// Regressor trained by mini-batch gradient descent on the squared error (or another <see cref="RegressionLoss"/>) of a
/// standardized label: linear regression without hidden layers, an MLP with them. Create it with
/// <c>mlContext.Regression.Trainers.LinearRegression(...)</c> or <c>.NeuralNetwork(...)</c>. The label must be Single.
/// </summary>
public sealed class NeuralNetworkRegressionTrainer : NeuralNetworkTrainerBase
{
    internal NeuralNetworkRegressionTrainer(GradientTrainerOptions options) : base(options, MlNetTask.Regression)
    {
    }
}
