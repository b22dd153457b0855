using MlNetOptimizers.Kernels;
using MlNetOptimizers.Onnx;

namespace MlNetOptimizers.Tasks;

/// <summary>Binary classification: one logit z, P(true) = σ(z), trained on the logistic loss; labels 0 (false) and 1 (true).</summary>
internal sealed class BinaryTask : ClassificationTask
{
    public override ModelKind Kind => ModelKind.Binary;

    public override int Outputs(int classes) => 1;

    public override string? InvalidOutputs(int outputs) => outputs == 1 ? null : $"A binary model has one output, not {outputs}.";

    public override int ClassCount(int outputs) => 2;

    public override double LossAndGradient(ReadOnlySpan<float> outputs, int rows, int width, ReadOnlySpan<float> labels,
        ReadOnlySpan<float> weights, float scale, Span<float> delta) =>
        PointLoss.Batch(new Logistic(), outputs, rows, labels, weights, scale, delta);

    private readonly struct Logistic : IPointLoss
    {
        public float Loss(float output, float label, out float derivative) => Losses.Logistic(output, label, out derivative);
    }

    public override double ChanceLoss(int outputs) => Math.Log(2);

    public override float RowLoss(ReadOnlySpan<float> outputs, int label, Span<float> scratch) => Losses.Logistic(outputs[0], label, out _);

    public override int Predicted(ReadOnlySpan<float> outputs) => outputs[0] > 0 ? 1 : 0;

    public override int Link(Span<float> values)
    {
        float logit = values[0];
        values[0] = Losses.Sigmoid(logit);
        return logit > 0 ? 1 : 0;
    }

    /// <summary>The logit of the members' mean probability: log Σ_m σ(z_m) − log Σ_m σ(−z_m), each from log σ.</summary>
    public override void CombineMembers(ReadOnlySpan<float> memberOutputs, int members, int rows, int width, Span<float> combined)
    {
        Span<double> positive = stackalloc double[members], negative = stackalloc double[members];
        for (int r = 0; r < rows; r++)
        {
            for (int m = 0; m < members; m++)
            {
                double z = memberOutputs[m * rows + r];
                positive[m] = LogSigmoid(z);
                negative[m] = LogSigmoid(-z);
            }
            combined[r] = (float)(LogSumExp(positive) - LogSumExp(negative));
        }
    }

    private static double LogSigmoid(double z) => z >= 0 ? -Math.Log(1 + Math.Exp(-z)) : z - Math.Log(1 + Math.Exp(z));

    /// <summary>ReduceLogSumExp(−Softplus(−z)) − ReduceLogSumExp(−Softplus(z)) over the members' axis.</summary>
    public override string OnnxCombineMembers(OnnxGraph g, string memberOutputs, int members)
    {
        var positive = g.Node("Neg", [g.Node("Softplus", [g.Node("Neg", [memberOutputs])])]);
        var negative = g.Node("Neg", [g.Node("Softplus", [memberOutputs])]);
        return g.Node("Sub", [
            g.Node("ReduceLogSumExp", [positive], attributes: [("axes", new long[] { 0 }), ("keepdims", 0L)]),
            g.Node("ReduceLogSumExp", [negative], attributes: [("axes", new long[] { 0 }), ("keepdims", 0L)])]);
    }

    /// <summary>Score float[N] (the logit), Probability float[N] and PredictedLabel bool[N].</summary>
    public override void OnnxOutputs(OnnxGraph g, string outputs, int width)
    {
        var score = g.Node("Reshape", [outputs, g.Constant("flat", [-1L], 1)], "Score");
        g.Node("Sigmoid", [score], "Probability");
        g.Node("Greater", ["Score", g.Constant("zero", [0f])], "PredictedLabel");
        Declare(g);
    }

    /// <summary>
    /// P(true) as 1 / (1 + e^−z), written out rather than as the Sigmoid operator, whose runtimes approximate it to an absolute
    /// error that is a large relative error for tiny probabilities, of which the ensemble then takes the logit.
    /// </summary>
    public override string OnnxMemberOutput(OnnxGraph g, string outputs)
    {
        var z = g.Node("Reshape", [outputs, g.Constant("flat", [-1L], 1)]);
        return g.Node("Reciprocal", [g.Node("Add", [g.Constant("one", [1f]), g.Node("Exp", [g.Node("Neg", [z])])])]);
    }

    /// <summary>Probability, the average clipped to [0, 1]; Score, the logit of the average clipped to [ε, 1 − ε]; PredictedLabel, Probability &gt; 0.5.</summary>
    public override void OnnxEnsembleOutputs(OnnxGraph g, IReadOnlyList<string> weighted, int width)
    {
        var mean = g.Node("Sum", [.. weighted]);
        g.Node("Clip", [mean, g.Constant("lo", [0f]), g.Constant("hi", [1f])], "Probability");
        var clamped = g.Node("Clip", [mean, g.Constant("lo", [ProbabilityClamp]), g.Constant("hi", [1 - ProbabilityClamp])]);
        var odds = g.Node("Div", [clamped, g.Node("Sub", [g.Constant("one", [1f]), clamped])]);
        g.Node("Log", [odds], "Score");
        g.Node("Greater", ["Probability", g.Constant("half", [0.5f])], "PredictedLabel");
        Declare(g);
    }

    /// <summary>Lowest and highest probability of which a binary ensemble takes the logit.</summary>
    public const float ProbabilityClamp = 1e-7f;

    private static void Declare(OnnxGraph g)
    {
        g.Output("Score", OnnxGraph.Float, [null]);
        g.Output("Probability", OnnxGraph.Float, [null]);
        g.Output("PredictedLabel", OnnxGraph.Bool, [null]);
    }
}
