namespace MlNetOptimizers.Tests.Network;

/// <summary>Back-propagation against central finite differences of the loss, for every kind of layer and output.</summary>
public class GradientCheckTests
{
    [Theory]
    [InlineData(ModelKind.Binary, Activation.Tanh, new int[0])]
    [InlineData(ModelKind.Binary, Activation.Sigmoid, new[] { 20 })]
    [InlineData(ModelKind.Multiclass, Activation.Tanh, new[] { 18, 17 })]
    [InlineData(ModelKind.Multiclass, Activation.Relu, new[] { 24 })]
    public void Analytic_gradient_matches_finite_differences(ModelKind kind, Activation activation, int[] hidden)
    {
        const int inputs = 19, rows = 6;
        int outputs = kind == ModelKind.Binary ? 1 : 4;
        var architecture = new NetworkArchitecture(inputs, hidden, outputs, activation);
        var parameters = WeightInitializer.Initialize(architecture, seed: 3);
        var random = new Random(5);
        for (int i = 0; i < parameters.Length; i++)
        {
            parameters[i] += (float)(random.NextDouble() - 0.5) * 0.2f; // biases away from zero, ReLU kinks unlikely
        }
        var x = Enumerable.Range(0, rows * inputs).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var labels = Enumerable.Range(0, rows).Select(r => (float)(r % outputs == 0 && kind == ModelKind.Binary ? 1 : r % Math.Max(outputs, 2))).ToArray();
        var weights = Enumerable.Range(0, rows).Select(r => 0.5f + r * 0.25f).ToArray();
        double weightTotal = weights.Sum();

        var workspace = new BatchWorkspace(architecture, rows);
        double Loss(float[] p)
        {
            x.CopyTo(workspace.Input);
            return workspace.ComputeGradient(p, rows, ModelTask.For(kind), labels, weights, weightTotal) / weightTotal;
        }

        Loss(parameters);
        var analytic = workspace.Gradient.ToArray();
        for (int i = 0; i < parameters.Length; i += 7)
        {
            float saved = parameters[i];
            float h = activation == Activation.Relu ? 1e-3f : 1e-2f; // small steps keep ReLU units on one side of their kink
            parameters[i] = saved + h;
            double plus = Loss(parameters);
            parameters[i] = saved - h;
            double minus = Loss(parameters);
            parameters[i] = saved;
            double numeric = (plus - minus) / (2 * h);
            analytic[i].Should().BeApproximately((float)numeric, 2e-3f, $"parameter {i} of {architecture}");
        }
    }
}
