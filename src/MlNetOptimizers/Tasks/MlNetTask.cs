using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetOptimizers.Data;
using MlNetOptimizers.Persistence;

namespace MlNetOptimizers.Tasks;

/// <summary>
/// The ML.NET half of a task (<see cref="ModelTask"/> is the core's): which label column it learns from and how to read
/// it, the output columns a trained model adds, the built-in trainer whose output schema and capabilities it shares, the
/// chain of public transforms that <c>Model.Save</c> writes, and how an ensemble checks, combines and evaluates members
/// of the task. Trainers, scorers, the ensemble and the model tools ask the task and never test the kind; a new task
/// is a subclass, and the compiler names every part it has not written yet.
/// </summary>
internal abstract class MlNetTask : ILabelRule
{
    /// <summary>The core's half: loss, link, metrics, ONNX outputs.</summary>
    public abstract ModelTask Core { get; }

    /// <summary>The kind of model the task trains.</summary>
    public ModelKind Kind => Core.Kind;

    /// <summary>
    /// The task as <paramref name="options"/> configure it (the regression loss), or an error naming an option that does not
    /// apply to it.
    /// </summary>
    public abstract MlNetTask ForOptions(GradientTrainerOptions options);

    /// <summary>The λ a model of the task chooses among when neither L2Regularization nor L2Candidates is set; null for a fixed default.</summary>
    public abstract IReadOnlyList<float>? DefaultL2Candidates(bool linear);

    /// <summary>Checks the label column of a training schema and returns its class count (0 for a task without classes).</summary>
    /// <exception cref="ArgumentException">The column's type does not suit the task: the message names the conversion to add.</exception>
    public abstract int LabelClasses(DataViewSchema.Column label);

    /// <summary>The same check on a schema shape, as pipelines meet it before fitting, with the same messages.</summary>
    public abstract void CheckLabel(SchemaShape.Column label);

    /// <summary>A reader of the label column <paramref name="label"/> (of <paramref name="classes"/> classes) of <paramref name="cursor"/>.</summary>
    public abstract LabelReader LabelReader(DataViewRow cursor, DataViewSchema.Column label, int classes);

    /// <summary>Refuses training labels the task cannot learn from (a single class), naming the column.</summary>
    public abstract void CheckTrainingLabels(LabelSummary labels, string labelColumn);

    /// <summary>The error for a warm-start model of <paramref name="given"/> outputs where the data makes <paramref name="expected"/>.</summary>
    public abstract string OutputMismatch(int given, int expected);

    /// <summary>Adds the output columns of a model (names, types, annotations); <paramref name="label"/> is the label column it was trained on, when known.</summary>
    public abstract void AddOutputColumns(DataViewSchema.Builder builder, NeuralNetworkModel model, DataViewSchema.Column? label);

    /// <summary>The getter of output column <paramref name="column"/>, reading the current row's scores from <paramref name="current"/> each call.</summary>
    public abstract Delegate OutputGetter(string column, Func<RowScores> current);

    /// <summary>The capabilities of the equivalent built-in trainer (SDCA of the same task: normalized inputs help, no calibration).</summary>
    public abstract TrainerInfo Info(MLContext ml, string label, string features, string? weight);

    /// <summary>The output shape of the equivalent built-in trainer (the columns a built-in trainer of the task adds).</summary>
    public abstract SchemaShape OutputSchema(MLContext ml, string label, string features, string? weight, SchemaShape input);

    /// <summary>The chain of public ML.NET transforms that scores with <paramref name="model"/> and that <c>Model.Save</c> writes.</summary>
    public abstract ITransformer ScoringChain(MLContext ml, NeuralNetworkModel model, TrainingColumns columns, IDataView schemaOnly);

    /// <summary>Checks an ensemble's label column (at fit time).</summary>
    public abstract void CheckEnsembleLabel(DataViewSchema.Column label);

    /// <summary>
    /// Checks member <paramref name="index"/>'s output shape (<paramref name="describe"/> names it) and returns the columns an
    /// ensemble of the task outputs; <paramref name="inputLabel"/> is the label column of the ensemble's input shape.
    /// </summary>
    public abstract SchemaShape.Column[] CheckEnsembleMember(SchemaShape output, int index, string describe,
        SchemaShape.Column inputLabel, string labelColumn);

    /// <summary>The column of each member's output that the ensemble averages.</summary>
    public abstract string MemberOutput { get; }

    /// <summary>The width of <see cref="MemberOutput"/>: 1, or the classes of <paramref name="label"/>.</summary>
    public abstract int MemberOutputWidth(DataViewSchema.Column label);

    /// <summary>Checks a fitted member's output schema against the ensemble's label (its classes, in order) before combining it.</summary>
    public abstract void CheckFittedMember(DataViewSchema output, int index, DataViewSchema.Column label);

    /// <summary>The check of <see cref="CheckFittedMember"/> for a task whose members output one Single, <paramref name="what"/>.</summary>
    private protected void CheckSingleMemberOutput(DataViewSchema output, int index, string what)
    {
        var type = output.GetColumnOrNull(MemberOutput)?.Type;
        if (type != NumberDataViewType.Single)
        {
            throw new InvalidOperationException(
                $"Member {index} produced {MemberOutput} of type {type?.ToString() ?? "(none)"}; the ensemble expects {what}.");
        }
    }

    /// <summary>
    /// Appends the combiner of the members' outputs (in <c>ScoringColumns.EnsembleOutputs</c>, weights in
    /// <c>ScoringColumns.Model</c>) to the chain, and adds the helper columns it leaves to <paramref name="helpers"/>.
    /// </summary>
    public abstract void AppendCombiner(ChainBuilder chain, DataViewSchema.Column label, List<string> helpers);

    /// <summary>A member's metrics on validation data, by ML.NET's evaluator of the task.</summary>
    public abstract MemberMetrics EvaluateMember(MLContext ml, IDataView scored, string labelColumn);

    /// <summary>Binary classification.</summary>
    public static readonly MlNetTask Binary = new MlNetBinaryTask();

    /// <summary>Multiclass classification.</summary>
    public static readonly MlNetTask Multiclass = new MlNetMulticlassTask();

    /// <summary>Regression on the squared error (options may choose another loss: <see cref="ForOptions"/>).</summary>
    public static readonly MlNetTask Regression = new MlNetRegressionTask(RegressionLoss.SquaredError);

    /// <summary>The ML.NET half of <paramref name="kind"/>'s default task: what scoring a saved network needs.</summary>
#pragma warning disable CS8524 // an undefined ModelKind value: the file readers refuse those before they get here
    public static MlNetTask For(ModelKind kind) => kind switch
    {
        ModelKind.Binary => Binary,
        ModelKind.Multiclass => Multiclass,
        ModelKind.Regression => Regression,
    };
#pragma warning restore CS8524
}
