using MlNetOptimizers.Onnx;

namespace MlNetOptimizers.Tasks;

/// <summary>
/// What one kind of model (<see cref="ModelKind"/>) does differently from the others, in one place: the network's
/// output width, the loss and its gradient, the chance loss the divergence rule compares with, the validation metrics,
/// the summary of the training labels and how the L2 choice holds rows out, the link from outputs to predictions, and
/// the outputs of its ONNX graph. The training loop, the predictors and the exporter ask the task and never test the
/// kind; a new task is a subclass, and the compiler names every part it has not written yet. The ML.NET half of a task
/// (label columns, output columns, saved contract, ensembles) lives in the adapter.
/// </summary>
internal abstract class ModelTask
{
    /// <summary>The kind this task trains: the value saved in model files.</summary>
    public abstract ModelKind Kind { get; }

    /// <summary>The network's output width for a label of <paramref name="classes"/> classes (ignored where there are none).</summary>
    public abstract int Outputs(int classes);

    /// <summary>Why a network of <paramref name="outputs"/> outputs cannot be a model of this task; null when it can.</summary>
    public abstract string? InvalidOutputs(int outputs);

    /// <summary>The classes a model of <paramref name="outputs"/> outputs tells apart; 0 for a task without classes.</summary>
    public abstract int ClassCount(int outputs);

    /// <summary>
    /// The loss over a batch and its gradient: for each of <paramref name="rows"/> rows of <paramref name="outputs"/>
    /// network outputs (row-major, <paramref name="width"/> per row), writes w_r·<paramref name="scale"/>·∂ℓ/∂output into
    /// <paramref name="delta"/> and returns Σ_r w_r·ℓ_r (unnormalised, so that workers' sums add up).
    /// </summary>
    /// <param name="outputs">rows × width outputs of the last layer.</param>
    /// <param name="rows">Rows in the batch.</param>
    /// <param name="width">Outputs per row.</param>
    /// <param name="labels">Each row's label as the loop holds it (class index, 0/1, or the standardized target).</param>
    /// <param name="weights">Example weights, or empty for weight 1.</param>
    /// <param name="scale">Factor of every gradient (1 / the batch's total weight).</param>
    /// <param name="delta">rows × width: the gradient with respect to the outputs; must not overlap <paramref name="outputs"/>.</param>
    public abstract double LossAndGradient(ReadOnlySpan<float> outputs, int rows, int width, ReadOnlySpan<float> labels,
        ReadOnlySpan<float> weights, float scale, Span<float> delta);

    /// <summary>The mean loss of the model that knows nothing (every class alike; the mean target): the divergence rule's yardstick.</summary>
    public abstract double ChanceLoss(int outputs);

    /// <summary>A fresh accumulator of the validation loss and metrics over rows of <paramref name="outputs"/> outputs.</summary>
    public abstract ValidationAccumulator CreateValidation(int outputs);

    /// <summary>A fresh summary of the training labels (classes present; the target's moments).</summary>
    public abstract LabelSummary CreateLabelSummary(int classes);

    /// <summary>
    /// The task as it trains on labels summarised by <paramref name="labels"/>, and how it scales them while training (the
    /// regression task standardizes its label; classifiers train on class indices: the task itself, no scale).
    /// </summary>
    public abstract (ModelTask Task, LabelScale? Scale) ForTraining(LabelSummary labels);

    /// <summary>How many strata the L2 choice holds rows out of (each keeps its share); labels of <paramref name="classes"/> classes.</summary>
    public abstract int StratumCount(int classes);

    /// <summary>The stratum of a row with <paramref name="label"/>, in [0, <see cref="StratumCount"/>).</summary>
    public abstract int Stratum(float label);

    /// <summary>
    /// Turns one row's outputs into the model's scores in place (probabilities for classifiers, the prediction itself for
    /// regression) and returns the predicted class index (0 for a task without classes).
    /// </summary>
    public abstract int Link(Span<float> values);

    /// <summary>
    /// <see cref="Link"/> over <paramref name="rows"/> rows of <paramref name="width"/> logits: the linked values into
    /// <paramref name="linked"/>, each row's prediction into <paramref name="predicted"/>; the same values as row by row.
    /// </summary>
    public virtual void LinkRows(ReadOnlySpan<float> logits, int rows, int width, Span<float> linked, Span<int> predicted)
    {
        logits[..(rows * width)].CopyTo(linked);
        for (int r = 0; r < rows; r++)
        {
            predicted[r] = Link(linked.Slice(r * width, width));
        }
    }

    /// <summary>
    /// The outputs of a k-member network (<see cref="NetworkArchitecture.Members"/>) from its members' outputs: a row's
    /// outputs as if one network had given them, so that the link, the metrics and the loss of the rest of the library
    /// apply unchanged. Classifiers average the members' probabilities and give their logarithm (binary: the logit of the
    /// average), computed in double from log-probabilities so that confident members neither overflow nor lose digits;
    /// regression averages the predictions.
    /// </summary>
    /// <param name="memberOutputs">members × rows × width: member m's row r at (m·rows + r)·width.</param>
    /// <param name="members">k ≤ <see cref="NetworkArchitecture.MaxMembers"/>.</param>
    /// <param name="rows">Rows per member.</param>
    /// <param name="width">Outputs per row.</param>
    /// <param name="combined">rows × width.</param>
    public abstract void CombineMembers(ReadOnlySpan<float> memberOutputs, int members, int rows, int width, Span<float> combined);

    /// <summary>The graph's equivalent of <see cref="CombineMembers"/>: from the members' outputs [k, N, width] to [N, width].</summary>
    public abstract string OnnxCombineMembers(OnnxGraph g, string memberOutputs, int members);

    /// <summary>log Σ_m e^{v_m} of <paramref name="values"/>, from its largest value (−∞ for an all −∞ input).</summary>
    protected static double LogSumExp(ReadOnlySpan<double> values)
    {
        double max = double.NegativeInfinity;
        foreach (double v in values)
        {
            max = Math.Max(max, v);
        }
        if (double.IsNegativeInfinity(max))
        {
            return max;
        }
        double sum = 0;
        foreach (double v in values)
        {
            sum += Math.Exp(v - max);
        }
        return max + Math.Log(sum);
    }

    /// <summary>Adds the graph outputs of one network to <paramref name="g"/>, from its last layer <paramref name="outputs"/> [N, width].</summary>
    public abstract void OnnxOutputs(OnnxGraph g, string outputs, int width);

    /// <summary>What an ensemble averages of one member, from its last layer <paramref name="outputs"/>: probabilities, or the prediction.</summary>
    public abstract string OnnxMemberOutput(OnnxGraph g, string outputs);

    /// <summary>Adds an ensemble's graph outputs, from the members' <paramref name="weighted"/> contributions (already multiplied by their weights).</summary>
    public abstract void OnnxEnsembleOutputs(OnnxGraph g, IReadOnlyList<string> weighted, int width);

    /// <summary>The kind, and for a task with options of its own, those (a checkpoint's fingerprint names it).</summary>
    public override string ToString() => Kind.ToString();

    /// <summary>Binary classification.</summary>
    public static readonly ModelTask Binary = new BinaryTask();

    /// <summary>Multiclass classification.</summary>
    public static readonly ModelTask Multiclass = new MulticlassTask();

    /// <summary>Regression on the squared error (what scoring and reading a saved regression model need: the loss does not matter there).</summary>
    public static readonly ModelTask Regression = new RegressionTask(RegressionLoss.SquaredError);

    /// <summary>The default task of <paramref name="kind"/>: what scoring, exporting and reading a saved model need.</summary>
#pragma warning disable CS8524 // an undefined ModelKind value: the file readers refuse those before they get here
    public static ModelTask For(ModelKind kind) => kind switch
    {
        ModelKind.Binary => Binary,
        ModelKind.Multiclass => Multiclass,
        ModelKind.Regression => Regression,
    };
#pragma warning restore CS8524
}
