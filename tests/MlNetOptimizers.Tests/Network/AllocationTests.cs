namespace MlNetOptimizers.Tests.Network;

/// <summary>The per-step and per-batch paths allocate nothing once warmed up.</summary>
public class AllocationTests
{
    public static TheoryData<string> Optimizers => new() { "sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "amsgrad", "adamw" };

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void An_optimizer_step_allocates_nothing(string key)
    {
        var optimizer = MlNetOptimizers.Lab.LabOptimizer.Named(key, 0.01f).Create(0.01f);
        var parameters = new float[10_000];
        var gradient = Enumerable.Range(0, parameters.Length).Select(i => (i % 5 - 2) * 0.1f).ToArray();
        var state = optimizer.CreateState(parameters.Length);
        optimizer.Step(parameters, gradient, state);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++)
        {
            optimizer.Step(parameters, gradient, state);
        }
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0);
    }

    [Theory]
    [InlineData(ModelKind.Binary, new int[0])]
    [InlineData(ModelKind.Multiclass, new[] { 64, 32 })]
    public void A_forward_and_backward_pass_over_a_batch_allocates_nothing(ModelKind kind, int[] hidden)
    {
        var architecture = new NetworkArchitecture(40, hidden, kind == ModelKind.Binary ? 1 : 10, Activation.Relu);
        var parameters = WeightInitializer.Initialize(architecture, seed: 1);
        var workspace = new BatchWorkspace(architecture, 128);
        var random = new Random(2);
        for (int i = 0; i < workspace.Input.Length; i++)
        {
            workspace.Input[i] = (float)random.NextDouble();
        }
        var labels = Enumerable.Range(0, 128).Select(r => (float)(r % (kind == ModelKind.Binary ? 2 : 10))).ToArray();
        var weights = Enumerable.Repeat(1f, 128).ToArray();
        workspace.ComputeGradient(parameters, 128, ModelTask.For(kind), labels, weights, 128);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++)
        {
            workspace.ComputeGradient(parameters, 128, ModelTask.For(kind), labels, weights, 128);
        }
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0);
    }

    [Fact]
    public void Scoring_a_row_allocates_nothing()
    {
        var architecture = new NetworkArchitecture(30, [20], 5, Activation.Tanh);
        var model = new NeuralNetworkModel(architecture, ModelKind.Multiclass, WeightInitializer.Initialize(architecture, 3));
        var predictor = model.CreatePredictor();
        var features = Enumerable.Range(0, 30).Select(i => i * 0.1f).ToArray();
        var probabilities = new float[5];
        predictor.Predict(features, probabilities);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            predictor.Predict(features, probabilities);
        }
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0);
        probabilities.Sum().Should().BeApproximately(1f, 1e-5f);
    }
}
