namespace MlNetOptimizers;

/// <summary>
/// ONNX graphs (opset 13) that score like the trainers' transformers. Input <c>Features</c> float[N, D]; multiclass
/// outputs <c>Score</c> float[N, K] (class probabilities) and <c>PredictedLabel</c> int64[N] (class index); binary
/// outputs <c>Score</c> float[N] (logit), <c>Probability</c> float[N] and <c>PredictedLabel</c> bool[N]. An ensemble
/// averages its members' probabilities with their weights; a binary ensemble's Score is the logit of that average.
/// </summary>
internal static class OnnxExport
{
    public const string Input = "Features";

    /// <summary>Lowest and highest probability of which a binary ensemble takes the logit.</summary>
    public const float ProbabilityClamp = 1e-7f;

    public static byte[] Network(NeuralNetworkModel model)
    {
        var g = new OnnxGraph();
        g.Input(Input, OnnxGraph.Float, null, model.Architecture.InputSize);
        var logits = Logits(g, model, "m0");
        if (model.Kind == ModelKind.Multiclass)
        {
            g.Node("Softmax", [logits], "Score", ("axis", 1L));
            MulticlassLabel(g, model.ClassCount);
        }
        else
        {
            var score = g.Node("Reshape", [logits, g.Constant("flat", [-1L], 1)], "Score");
            g.Node("Sigmoid", [score], "Probability");
            g.Node("Greater", ["Score", g.Constant("zero", [0f])], "PredictedLabel");
            BinaryOutputs(g);
        }
        return g.ToModel(model.ToString(), Version);
    }

    /// <exception cref="ArgumentException">No members, or members of different shapes or kinds.</exception>
    public static byte[] Ensemble(IReadOnlyList<(NeuralNetworkModel Model, float Weight)> members)
    {
        if (members.Count == 0)
        {
            throw new ArgumentException("An ensemble needs at least one member.", nameof(members));
        }
        var first = members[0].Model;
        for (int i = 1; i < members.Count; i++)
        {
            var m = members[i].Model;
            if (m.Kind != first.Kind || m.Architecture.InputSize != first.Architecture.InputSize || m.ClassCount != first.ClassCount)
            {
                throw new ArgumentException(
                    $"Member {i} is a {m} and member 0 a {first}: an exported ensemble needs members of one kind, input width and class count.",
                    nameof(members));
            }
        }

        var g = new OnnxGraph();
        g.Input(Input, OnnxGraph.Float, null, first.Architecture.InputSize);
        var weighted = new List<string>();
        for (int i = 0; i < members.Count; i++)
        {
            var (model, weight) = members[i];
            var logits = Logits(g, model, $"m{i}");
            var probabilities = model.Kind == ModelKind.Multiclass
                ? g.Node("Softmax", [logits], attributes: ("axis", 1L))
                : Logistic(g, g.Node("Reshape", [logits, g.Constant("flat", [-1L], 1)]));
            weighted.Add(g.Node("Mul", [probabilities, g.Constant($"w{i}", [weight])]));
        }
        if (first.Kind == ModelKind.Multiclass)
        {
            g.Node("Sum", [.. weighted], "Score");
            MulticlassLabel(g, first.ClassCount);
        }
        else
        {
            var mean = g.Node("Sum", [.. weighted]);
            g.Node("Clip", [mean, g.Constant("lo", [0f]), g.Constant("hi", [1f])], "Probability");
            var clamped = g.Node("Clip", [mean, g.Constant("lo", [ProbabilityClamp]), g.Constant("hi", [1 - ProbabilityClamp])]);
            var odds = g.Node("Div", [clamped, g.Node("Sub", [g.Constant("one", [1f]), clamped])]);
            g.Node("Log", [odds], "Score");
            g.Node("Greater", ["Probability", g.Constant("half", [0.5f])], "PredictedLabel");
            BinaryOutputs(g);
        }
        return g.ToModel($"ensemble of {members.Count}", Version);
    }

    /// <summary>The logits of one network, [N, outputs]: Gemm (x·W + b) per layer, the activation between layers.</summary>
    private static string Logits(OnnxGraph g, NeuralNetworkModel model, string prefix)
    {
        var a = model.Architecture;
        string x = Input;
        for (int l = 0; l < a.LayerCount; l++)
        {
            int inWidth = a.LayerSizes[l], outWidth = a.LayerSizes[l + 1];
            var w = g.Constant($"{prefix}_W{l}", model.Parameters.Slice(a.WeightOffset(l), inWidth * outWidth), inWidth, outWidth);
            var b = g.Constant($"{prefix}_B{l}", model.Parameters.Slice(a.BiasOffset(l), outWidth), outWidth);
            x = g.Node("Gemm", [x, w, b]);
            if (l < a.LayerCount - 1)
            {
                x = g.Node(a.Activation switch
                {
                    Activation.Relu => "Relu",
                    Activation.Tanh => "Tanh",
                    _ => "Sigmoid",
                }, [x]);
            }
        }
        return x;
    }

    /// <summary>
    /// 1 / (1 + e^−z), written out rather than as the Sigmoid operator, whose runtimes approximate it to an absolute error
    /// that is a large relative error for tiny probabilities, of which an ensemble then takes the logit.
    /// </summary>
    private static string Logistic(OnnxGraph g, string z) =>
        g.Node("Reciprocal", [g.Node("Add", [g.Constant("one", [1f]), g.Node("Exp", [g.Node("Neg", [z])])])]);

    private static void MulticlassLabel(OnnxGraph g, int classes)
    {
        g.Node("ArgMax", ["Score"], "PredictedLabel", ("axis", 1L), ("keepdims", 0L));
        g.Output("Score", OnnxGraph.Float, null, classes);
        g.Output("PredictedLabel", OnnxGraph.Int64, [null]);
    }

    private static void BinaryOutputs(OnnxGraph g)
    {
        g.Output("Score", OnnxGraph.Float, [null]);
        g.Output("Probability", OnnxGraph.Float, [null]);
        g.Output("PredictedLabel", OnnxGraph.Bool, [null]);
    }

    private static string Version => typeof(OnnxExport).Assembly.GetName().Version?.ToString() ?? "";
}
