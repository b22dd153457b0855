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

    [Theory]
    [InlineData(ModelKind.Binary, Activation.Tanh, new[] { 12 })]
    [InlineData(ModelKind.Multiclass, Activation.Tanh, new[] { 10, 9 })]
    [InlineData(ModelKind.Multiclass, Activation.Relu, new[] { 20 })]
    [InlineData(ModelKind.Regression, Activation.Sigmoid, new[] { 11, 6 })]
    public void A_k_member_networks_gradient_of_the_mean_of_its_members_losses_matches_finite_differences(
        ModelKind kind, Activation activation, int[] hidden)
    {
        const int inputs = 13, rows = 5, members = 3;
        int outputs = kind == ModelKind.Multiclass ? 4 : 1;
        var architecture = new NetworkArchitecture(inputs, hidden, outputs, activation, members);
        var parameters = WeightInitializer.Initialize(architecture, seed: 4);
        var random = new Random(6);
        for (int i = 0; i < parameters.Length; i++)
        {
            parameters[i] += (float)(random.NextDouble() - 0.5) * 0.2f;
        }
        var x = Enumerable.Range(0, rows * inputs).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var labels = Enumerable.Range(0, rows).Select(r => kind switch
        {
            ModelKind.Binary => (float)(r % 2),
            ModelKind.Multiclass => (float)(r % outputs),
            _ => (float)(random.NextDouble() * 2 - 1),
        }).ToArray();
        var weights = Enumerable.Range(0, rows).Select(r => 0.5f + r * 0.25f).ToArray();
        double weightTotal = weights.Sum();
        var task = ModelTask.For(kind);
        var workspace = new BatchWorkspace(architecture, rows, task: task);

        // The loss as its definition states it: each member alone (its scales, its first-layer biases, its head; the shared
        // layers), the mean of the members' weighted mean losses.
        double Loss(float[] p)
        {
            double total = 0;
            for (int m = 0; m < members; m++)
            {
                var single = new NetworkArchitecture(inputs, hidden, outputs, activation);
                var q = new float[single.ParameterCount];
                for (int l = 0; l < single.LayerCount; l++)
                {
                    int w = single.LayerSizes[l] * single.LayerSizes[l + 1], b = single.LayerSizes[l + 1];
                    p.AsSpan(architecture.WeightOffset(l, m), w).CopyTo(q.AsSpan(single.WeightOffset(l)));
                    p.AsSpan(architecture.BiasOffset(l, m), b).CopyTo(q.AsSpan(single.BiasOffset(l)));
                }
                var scaled = new float[rows * inputs];
                for (int i = 0; i < scaled.Length; i++)
                {
                    scaled[i] = x[i] * p[architecture.InputScaleOffset + m * inputs + i % inputs];
                }
                var one = new BatchWorkspace(single, rows);
                scaled.CopyTo(one.Input);
                total += one.ComputeGradient(q, rows, task, labels, weights, weightTotal) / weightTotal;
            }
            return total / members;
        }

        x.CopyTo(workspace.Input);
        double loss = workspace.ComputeGradient(parameters, rows, task, labels, weights, weightTotal) / weightTotal;
        loss.Should().BeApproximately(Loss(parameters), 1e-5, "the loss is the mean of the members' losses");
        var analytic = workspace.Gradient.ToArray();
        var checkedSegments = new HashSet<string>();
        foreach (var segment in architecture.Layout.Segments)
        {
            for (int i = segment.Offset; i < segment.Offset + segment.Length; i += 5)
            {
                float saved = parameters[i];
                float h = activation == Activation.Relu ? 1e-3f : 1e-2f;
                parameters[i] = saved + h;
                double plus = Loss(parameters);
                parameters[i] = saved - h;
                double minus = Loss(parameters);
                parameters[i] = saved;
                analytic[i].Should().BeApproximately((float)((plus - minus) / (2 * h)), 2e-3f, $"{segment.Name} [{i - segment.Offset}] of {architecture}");
                checkedSegments.Add(segment.Name);
            }
        }
        checkedSegments.Should().Contain("members.inputScales");
    }
}
