using System.Numerics.Tensors;
using MlNetOptimizers.Kernels;
using MlNetOptimizers.Onnx;

namespace MlNetOptimizers.Tasks;

/// <summary>Multiclass classification: K logits, P(class k) = softmax(z)_k, trained on the cross-entropy loss; labels 0..K−1.</summary>
internal sealed class MulticlassTask : ClassificationTask
{
    public override ModelKind Kind => ModelKind.Multiclass;

    public override int Outputs(int classes) => classes;

    public override string? InvalidOutputs(int outputs) => outputs >= 2 ? null : $"A multiclass model has at least two outputs, not {outputs}.";

    public override int ClassCount(int outputs) => outputs;

    public override double LossAndGradient(ReadOnlySpan<float> outputs, int rows, int width, ReadOnlySpan<float> labels,
        ReadOnlySpan<float> weights, float scale, Span<float> delta) =>
        Losses.CrossEntropyRows(outputs, rows, width, labels, weights, scale, delta);

    public override double ChanceLoss(int outputs) => Math.Log(outputs);

    public override float RowLoss(ReadOnlySpan<float> outputs, int label, Span<float> scratch) => Losses.CrossEntropy(outputs, label, scratch);

    public override int Predicted(ReadOnlySpan<float> outputs) => TensorPrimitives.IndexOfMax(outputs);

    public override int Link(Span<float> values)
    {
        Losses.Softmax(values);
        return TensorPrimitives.IndexOfMax(values);
    }

    public override void LinkRows(ReadOnlySpan<float> logits, int rows, int width, Span<float> linked, Span<int> predicted)
    {
        Losses.SoftmaxRows(logits, rows, width, linked);
        for (int r = 0; r < rows; r++)
        {
            predicted[r] = TensorPrimitives.IndexOfMax(linked.Slice(r * width, width));
        }
    }

    /// <summary>
    /// log of the members' mean probabilities: for each class c, log Σ_m e^{z_mc − n_m} − log k, where n_m is member m's
    /// log-normalizer (log Σ_c e^{z_mc}).
    /// </summary>
    public override void CombineMembers(ReadOnlySpan<float> memberOutputs, int members, int rows, int width, Span<float> combined)
    {
        Span<double> normalizers = stackalloc double[members], values = stackalloc double[members];
        double logMembers = Math.Log(members);
        for (int r = 0; r < rows; r++)
        {
            for (int m = 0; m < members; m++)
            {
                var z = memberOutputs.Slice((m * rows + r) * width, width);
                double max = TensorPrimitives.Max(z), sum = 0;
                foreach (float v in z)
                {
                    sum += Math.Exp(v - max);
                }
                normalizers[m] = max + Math.Log(sum);
            }
            for (int c = 0; c < width; c++)
            {
                for (int m = 0; m < members; m++)
                {
                    values[m] = memberOutputs[(m * rows + r) * width + c] - normalizers[m];
                }
                combined[r * width + c] = (float)(LogSumExp(values) - logMembers);
            }
        }
    }

    /// <summary>ReduceLogSumExp(LogSoftmax(z)) over the members' axis, − log k.</summary>
    public override string OnnxCombineMembers(OnnxGraph g, string memberOutputs, int members)
    {
        var logProbabilities = g.Node("LogSoftmax", [memberOutputs], attributes: ("axis", 2L));
        var sum = g.Node("ReduceLogSumExp", [logProbabilities], attributes: [("axes", new long[] { 0 }), ("keepdims", 0L)]);
        return g.Node("Sub", [sum, g.Constant("log_members", [(float)Math.Log(members)])]);
    }

    /// <summary>Score float[N, K] (class probabilities) and PredictedLabel int64[N] (class index).</summary>
    public override void OnnxOutputs(OnnxGraph g, string outputs, int width)
    {
        g.Node("Softmax", [outputs], "Score", ("axis", 1L));
        Label(g, width);
    }

    public override string OnnxMemberOutput(OnnxGraph g, string outputs) => g.Node("Softmax", [outputs], attributes: ("axis", 1L));

    public override void OnnxEnsembleOutputs(OnnxGraph g, IReadOnlyList<string> weighted, int width)
    {
        g.Node("Sum", [.. weighted], "Score");
        Label(g, width);
    }

    private static void Label(OnnxGraph g, int classes)
    {
        g.Node("ArgMax", ["Score"], "PredictedLabel", ("axis", 1L), ("keepdims", 0L));
        g.Output("Score", OnnxGraph.Float, null, classes);
        g.Output("PredictedLabel", OnnxGraph.Int64, [null]);
    }
}
