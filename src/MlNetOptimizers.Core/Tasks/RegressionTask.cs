using MlNetOptimizers.Onnx;

namespace MlNetOptimizers.Tasks;

/// <summary>
/// Regression: one output, the prediction itself (no link), trained on a <see cref="RegressionLoss"/> of the standardized
/// label (<see cref="LabelScale"/>); validated by RMSE in the label's units and R².
/// </summary>
internal sealed class RegressionTask(RegressionLoss loss, double deviation = 1) : ModelTask
{
    /// <summary>The loss it trains on.</summary>
    public RegressionLoss Loss => loss;

    public override ModelKind Kind => ModelKind.Regression;

    public override int Outputs(int classes) => 1;

    public override string? InvalidOutputs(int outputs) => outputs == 1 ? null : $"A regression model has one output, not {outputs}.";

    public override int ClassCount(int outputs) => 0;

    public override double LossAndGradient(ReadOnlySpan<float> outputs, int rows, int width, ReadOnlySpan<float> labels,
        ReadOnlySpan<float> weights, float scale, Span<float> delta) =>
        PointLoss.Batch(new OfResidual(loss), outputs, rows, labels, weights, scale, delta);

    private readonly struct OfResidual(RegressionLoss loss) : IPointLoss
    {
        public float Loss(float output, float label, out float derivative) => loss.Loss(output - label, out derivative);
    }

    public override double ChanceLoss(int outputs) => loss.OfOneDeviation;

    public override ValidationAccumulator CreateValidation(int outputs) => new Errors(loss, deviation);

    public override LabelSummary CreateLabelSummary(int classes) => new LabelMoments();

    public override (ModelTask Task, LabelScale? Scale) ForTraining(LabelSummary labels)
    {
        var moments = (LabelMoments)labels;
        var scale = new LabelScale(moments.Mean, moments.Deviation);
        return (new RegressionTask(loss, scale.Divisor), scale);
    }

    public override string ToString() => $"{Kind} on the {loss}";

    public override int StratumCount(int classes) => 1;

    public override int Stratum(float label) => 0;

    public override int Link(Span<float> values) => 0;

    /// <summary>The members' mean prediction, summed in double.</summary>
    public override void CombineMembers(ReadOnlySpan<float> memberOutputs, int members, int rows, int width, Span<float> combined)
    {
        for (int r = 0; r < rows * width; r++)
        {
            double sum = 0;
            for (int m = 0; m < members; m++)
            {
                sum += memberOutputs[m * rows * width + r];
            }
            combined[r] = (float)(sum / members);
        }
    }

    /// <summary>ReduceMean over the members' axis.</summary>
    public override string OnnxCombineMembers(OnnxGraph g, string memberOutputs, int members) =>
        g.Node("ReduceMean", [memberOutputs], attributes: [("axes", new long[] { 0 }), ("keepdims", 0L)]);

    /// <summary>Score float[N], the prediction.</summary>
    public override void OnnxOutputs(OnnxGraph g, string outputs, int width)
    {
        g.Node("Reshape", [outputs, g.Constant("flat", [-1L], 1)], "Score");
        g.Output("Score", OnnxGraph.Float, [null]);
    }

    public override string OnnxMemberOutput(OnnxGraph g, string outputs) => g.Node("Reshape", [outputs, g.Constant("flat", [-1L], 1)]);

    /// <summary>Score float[N], the weighted mean of the members' predictions.</summary>
    public override void OnnxEnsembleOutputs(OnnxGraph g, IReadOnlyList<string> weighted, int width)
    {
        g.Node("Sum", [.. weighted], "Score");
        g.Output("Score", OnnxGraph.Float, [null]);
    }

    /// <summary>
    /// The weighted mean loss, RMSE (in the label's units: the standardized error times the deviation) and R² = 1 − SSE/SST
    /// (the same in any units) of validation rows, whose labels the loop holds standardized.
    /// </summary>
    private sealed class Errors(RegressionLoss loss, double deviation) : ValidationAccumulator
    {
        private double _loss, _squares, _labels, _labelSquares, _weight;

        public override void Add(ReadOnlySpan<float> outputs, float label, float weight)
        {
            float residual = outputs[0] - label;
            _loss += weight * loss.Loss(residual, out _);
            _squares += (double)weight * residual * residual;
            _labels += (double)weight * label;
            _labelSquares += (double)weight * label * label;
            _weight += weight;
        }

        public override double Weight => _weight;

        public override ValidationResult Result()
        {
            double total = _labelSquares - _labels * _labels / _weight;
            return new ValidationResult(_loss / _weight)
            {
                Rmse = deviation * Math.Sqrt(_squares / _weight),
                RSquared = total > 0 ? 1 - _squares / total : null,
            };
        }
    }
}
