using MlNetOptimizers.Onnx;
using MlNetOptimizers.Tasks;

namespace MlNetOptimizers.Serialization;

/// <summary>
/// ONNX graphs (opset 13) that score like the trainers' transformers. Input <c>Features</c> float[N, D]; multiclass
/// outputs <c>Score</c> float[N, K] (class probabilities) and <c>PredictedLabel</c> int64[N] (class index); binary
/// outputs <c>Score</c> float[N] (logit), <c>Probability</c> float[N] and <c>PredictedLabel</c> bool[N] (each task's
/// <see cref="ModelTask.OnnxOutputs"/>). An ensemble averages its members' probabilities with their weights; a binary
/// ensemble's Score is the logit of that average. A k-member network runs its members along a leading axis [k, N, ·]
/// (MatMul broadcasts the shared layers, batches the heads) and combines them as its task does
/// (<see cref="ModelTask.OnnxCombineMembers"/>) before the outputs.
/// </summary>
internal static class OnnxExport
{
    public const string Input = "Features";

    public static byte[] Network(NeuralNetworkModel model)
    {
        var g = new OnnxGraph();
        g.Input(Input, OnnxGraph.Float, null, model.Architecture.InputSize);
        model.Task.OnnxOutputs(g, Logits(g, model, "m0"), model.Architecture.OutputSize);
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
            if (m.Kind != first.Kind || m.Architecture.InputSize != first.Architecture.InputSize
                || m.Architecture.OutputSize != first.Architecture.OutputSize)
            {
                throw new ArgumentException(
                    $"Member {i} is a {m} and member 0 a {first}: an exported ensemble needs members of one kind, input width and output width.",
                    nameof(members));
            }
        }

        var g = new OnnxGraph();
        g.Input(Input, OnnxGraph.Float, null, first.Architecture.InputSize);
        var weighted = new List<string>();
        for (int i = 0; i < members.Count; i++)
        {
            var (model, weight) = members[i];
            var output = model.Task.OnnxMemberOutput(g, Logits(g, model, $"m{i}"));
            weighted.Add(g.Node("Mul", [output, g.Constant($"w{i}", [weight])]));
        }
        first.Task.OnnxEnsembleOutputs(g, weighted, first.Architecture.OutputSize);
        return g.ToModel($"ensemble of {members.Count}", Version);
    }

    /// <summary>The last layer's outputs of one network, [N, outputs]: Gemm (x·W + b) per layer, the activation between layers.</summary>
    private static string Logits(OnnxGraph g, NeuralNetworkModel model, string prefix)
    {
        var a = model.Architecture;
        if (a.Members > 1)
        {
            return MemberLogits(g, model, prefix);
        }
        string x = Input;
        for (int l = 0; l < a.LayerCount; l++)
        {
            int inWidth = a.LayerSizes[l], outWidth = a.LayerSizes[l + 1];
            var w = g.Constant($"{prefix}_W{l}", model.Parameters.Slice(a.WeightOffset(l), inWidth * outWidth), inWidth, outWidth);
            var b = g.Constant($"{prefix}_B{l}", model.Parameters.Slice(a.BiasOffset(l), outWidth), outWidth);
            x = g.Node("Gemm", [x, w, b]);
            if (l < a.LayerCount - 1)
            {
                x = g.Node(ActivationOperator(a.Activation), [x]);
            }
        }
        return x;
    }

    /// <summary>A k-member network's combined outputs, [N, outputs].</summary>
    private static string MemberLogits(OnnxGraph g, NeuralNetworkModel model, string prefix)
    {
        var a = model.Architecture;
        int k = a.Members;
        var rows = g.Node("Unsqueeze", [Input, g.Constant($"{prefix}_axis0", [0L], 1)]);
        var scales = g.Constant($"{prefix}_R", model.Parameters.Slice(a.InputScaleOffset, k * a.InputSize), k, 1, a.InputSize);
        string x = g.Node("Mul", [rows, scales]);
        for (int l = 0; l < a.LayerCount; l++)
        {
            int inWidth = a.LayerSizes[l], outWidth = a.LayerSizes[l + 1];
            int weightCopies = a.WeightCopies(l), biasCopies = a.BiasCopies(l);
            var weights = model.Parameters.Slice(a.WeightOffset(l), inWidth * outWidth * weightCopies);
            var w = weightCopies > 1 ? g.Constant($"{prefix}_W{l}", weights, k, inWidth, outWidth) : g.Constant($"{prefix}_W{l}", weights, inWidth, outWidth);
            var biases = model.Parameters.Slice(a.BiasOffset(l), outWidth * biasCopies);
            var b = biasCopies > 1 ? g.Constant($"{prefix}_B{l}", biases, k, 1, outWidth) : g.Constant($"{prefix}_B{l}", biases, outWidth);
            x = g.Node("Add", [g.Node("MatMul", [x, w]), b]);
            if (l < a.LayerCount - 1)
            {
                x = g.Node(ActivationOperator(a.Activation), [x]);
            }
        }
        return model.Task.OnnxCombineMembers(g, x, k);
    }

    private static string ActivationOperator(Activation activation) => activation switch
    {
        Activation.Relu => "Relu",
        Activation.Tanh => "Tanh",
        _ => "Sigmoid",
    };

    private static string Version => typeof(OnnxExport).Assembly.GetName().Version?.ToString() ?? "";
}
