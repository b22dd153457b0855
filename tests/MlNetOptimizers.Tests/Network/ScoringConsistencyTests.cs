namespace MlNetOptimizers.Tests.Network;

/// <summary>The single-row scorer and the batched training forward pass compute the same logits.</summary>
public class ScoringConsistencyTests
{
    /// <summary>Linear and hidden-layer networks of both kinds, including widths that are not multiples of 16.</summary>
    public static readonly TheoryData<ModelKind, int, int[]> Networks = new()
    {
        { ModelKind.Binary, 7, [] },
        { ModelKind.Binary, 50, [33] },
        { ModelKind.Multiclass, 64, [] },
        { ModelKind.Multiclass, 20, [16, 8] },
        { ModelKind.Multiclass, 100, [128] },
        { ModelKind.Multiclass, 30, [17] },
        { ModelKind.Regression, 9, [] },
        { ModelKind.Regression, 40, [21, 5] },
        { ModelKind.Multiclass, 200, [] },   // summed along its inputs, as MNIST's 784 → 10
        { ModelKind.Binary, 100, [] },
    };

    [Theory]
    [MemberData(nameof(Networks))]
    public void Predictor_logits_match_the_batch_forward_pass(ModelKind kind, int inputs, int[] hidden)
    {
        var (architecture, parameters, random) = PerturbedNetwork(kind, inputs, hidden);
        int outputs = architecture.OutputSize;
        const int rows = 9;
        var workspace = new BatchWorkspace(architecture, rows);
        for (int i = 0; i < rows * inputs; i++)
        {
            workspace.Input[i] = (float)(random.NextDouble() * 2 - 1);
        }
        workspace.Forward(parameters, rows);

        var predictor = new NeuralNetworkModel(architecture, kind, parameters).CreatePredictor();
        var logits = new float[outputs];
        for (int r = 0; r < rows; r++)
        {
            predictor.ComputeLogits(workspace.Input.Slice(r * inputs, inputs), logits);
            for (int o = 0; o < outputs; o++)
            {
                logits[o].Should().BeApproximately(workspace.Logits[r * outputs + o], 1e-4f, $"row {r}, output {o}");
            }
        }
    }

    /// <summary>k-member networks: wide and narrow first layers and heads, one and two hidden layers.</summary>
    public static readonly TheoryData<ModelKind, int, int[], int> MemberNetworks = new()
    {
        { ModelKind.Binary, 50, [33], 4 },
        { ModelKind.Multiclass, 20, [16, 8], 3 },
        { ModelKind.Multiclass, 30, [40], 8 },
        { ModelKind.Regression, 40, [21, 5], 2 },
    };

    [Theory]
    [MemberData(nameof(MemberNetworks))]
    public void A_k_member_networks_predictors_and_its_training_forward_pass_agree(ModelKind kind, int inputs, int[] hidden, int members)
    {
        BatchAndRowScoresAreIdentical(kind, inputs, hidden, members);
        var (architecture, parameters, random) = PerturbedNetwork(kind, inputs, hidden, members);
        const int rows = 7;
        var workspace = new BatchWorkspace(architecture, rows, task: ModelTask.For(kind));
        for (int i = 0; i < rows * inputs; i++)
        {
            workspace.Input[i] = (float)(random.NextDouble() * 2 - 1);
        }
        workspace.Forward(parameters, rows);
        var predictor = new NeuralNetworkModel(architecture, kind, parameters).CreatePredictor();
        var logits = new float[architecture.OutputSize];
        for (int r = 0; r < rows; r++)
        {
            predictor.ComputeLogits(workspace.Input.Slice(r * inputs, inputs), logits);
            logits.Should().Equal(workspace.Logits.Slice(r * logits.Length, logits.Length).ToArray(), $"row {r}");
        }
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void The_batch_predictor_gives_exactly_the_row_predictors_scores(ModelKind kind, int inputs, int[] hidden) =>
        BatchAndRowScoresAreIdentical(kind, inputs, hidden, members: 1);

    private static void BatchAndRowScoresAreIdentical(ModelKind kind, int inputs, int[] hidden, int members)
    {
        var (architecture, parameters, random) = PerturbedNetwork(kind, inputs, hidden, members);
        int outputs = architecture.OutputSize;
        var model = new NeuralNetworkModel(architecture, kind, parameters);
        const int rows = 29; // two blocks of 12 rows, one of 4 and one single row
        var batch = new BatchPredictor(model, 32);
        for (int r = 0; r < rows; r++)
        {
            var row = batch.InputRow(r);
            for (int i = 0; i < inputs; i++)
            {
                row[i] = (float)(random.NextDouble() * 2 - 1);
            }
        }
        var inputsCopy = Enumerable.Range(0, rows).Select(r => batch.InputRow(r).ToArray()).ToArray();
        var logits = new float[rows * outputs];
        var probabilities = new float[rows * outputs];
        var predicted = new int[rows];
        batch.Predict(rows, logits, probabilities, predicted);

        var predictor = model.CreatePredictor();
        var rowLogits = new float[outputs];
        var rowProbabilities = new float[outputs];
        for (int r = 0; r < rows; r++)
        {
            predictor.Predict(inputsCopy[r], rowLogits, rowProbabilities).Should().Be(predicted[r], $"row {r}");
            logits.AsSpan(r * outputs, outputs).ToArray().Should().Equal(rowLogits, $"row {r}: the same additions in the same order");
            probabilities.AsSpan(r * outputs, outputs).ToArray().Should().Equal(rowProbabilities, $"row {r}");
        }
    }

    [Theory]
    [InlineData(ModelKind.Binary, new int[0])]
    [InlineData(ModelKind.Multiclass, new[] { 16 })]
    [InlineData(ModelKind.Regression, new[] { 5, 3 })]
    public void A_wide_model_scores_a_row_alike_dense_sparse_and_in_a_batch(ModelKind kind, int[] hidden)
    {
        const int width = SparseInput.MinWidth + 7, rows = 13;
        var (architecture, parameters, random) = PerturbedNetwork(kind, width, hidden);
        var model = new NeuralNetworkModel(architecture, kind, parameters);
        var predictor = model.CreatePredictor();
        var batch = new BatchPredictor(model, 16);
        batch.Rows!.Clear();
        int outputs = architecture.OutputSize;
        var expected = new float[rows][];
        for (int r = 0; r < rows; r++)
        {
            // An explicit zero among the values, as a VBuffer may hold, changes nothing.
            var slots = Enumerable.Range(0, 20).Select(_ => random.Next(width)).Distinct().Order().ToArray();
            var values = slots.Select((_, k) => k == 3 ? 0f : (float)(random.NextDouble() * 2 - 1)).ToArray();
            var dense = new float[width];
            for (int k = 0; k < slots.Length; k++)
            {
                dense[slots[k]] = values[k];
            }
            var sparse = new FeatureVector(width, slots, values);
            var fromSparse = new float[outputs];
            expected[r] = new float[outputs];
            predictor.ComputeLogits(dense, expected[r]);
            predictor.ComputeLogits(sparse, fromSparse);
            fromSparse.Should().Equal(expected[r], $"row {r}: the first layer sums the same non-zeros in slot order");
            sparse.AppendNonZerosTo(batch.Rows);
        }
        var logits = new float[rows * outputs];
        batch.Predict(rows, logits, new float[rows * outputs], new int[rows]);
        for (int r = 0; r < rows; r++)
        {
            logits.AsSpan(r * outputs, outputs).ToArray().Should().Equal(expected[r], $"row {r} in a batch");
        }
        Action refused = () => batch.InputRow(0).Clear();
        refused.Should().Throw<InvalidOperationException>("a wide model takes its batch rows sparse");
    }

    [Theory]
    [InlineData(ModelKind.Binary)]
    [InlineData(ModelKind.Multiclass)]
    public void Predict_returns_the_predicted_class_index_for_both_tasks(ModelKind kind)
    {
        int outputs = kind == ModelKind.Binary ? 1 : 3;
        var architecture = new NetworkArchitecture(2, [], outputs, Activation.Relu);
        var parameters = new float[architecture.ParameterCount];
        parameters[0] = 1f; // the first input raises the first logit
        var predictor = new NeuralNetworkModel(architecture, kind, parameters).CreatePredictor();
        var logits = new float[outputs];
        var probabilities = new float[outputs];

        int positive = predictor.Predict([5f, 0f], logits, probabilities);
        int negative = predictor.Predict([-5f, 0f], logits, probabilities);
        if (kind == ModelKind.Binary)
        {
            positive.Should().Be(1, "P(true) = σ(5) > 0.5");
            negative.Should().Be(0);
            logits[0].Should().Be(-5f);
            probabilities[0].Should().BeApproximately(1 / (1 + MathF.Exp(5)), 1e-7f);
        }
        else
        {
            positive.Should().Be(0, "class 0 has the largest logit");
            negative.Should().Be(1, "logits (-5, 0, 0): the first of the tied largest");
            probabilities.Sum().Should().BeApproximately(1f, 1e-6f);
        }
    }

    /// <summary>A network of 1 (binary) or 10 outputs with non-zero linear weights and biases, and the random source that perturbed it.</summary>
    private static (NetworkArchitecture Architecture, float[] Parameters, Random Random) PerturbedNetwork(ModelKind kind, int inputs, int[] hidden,
        int members = 1)
    {
        var architecture = new NetworkArchitecture(inputs, hidden, kind == ModelKind.Multiclass ? 10 : 1, Activation.Relu, members);
        var parameters = WeightInitializer.Initialize(architecture, seed: 4);
        var random = new Random(9);
        for (int i = 0; i < parameters.Length; i++)
        {
            parameters[i] += (float)(random.NextDouble() - 0.5) * 0.1f;
        }
        return (architecture, parameters, random);
    }
}
