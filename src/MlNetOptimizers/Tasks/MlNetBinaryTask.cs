using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetOptimizers.Data;
using MlNetOptimizers.Persistence;

namespace MlNetOptimizers.Tasks;

/// <summary>
/// Binary classification in ML.NET's terms: a Boolean label; Score (the logit), Probability and a Boolean PredictedLabel,
/// as <c>BinaryClassification.Evaluate</c> reads them; the built-in equivalent is SDCA logistic regression.
/// </summary>
internal sealed class MlNetBinaryTask : MlNetClassificationTask
{
    public override ModelTask Core => ModelTask.Binary;

    public override int LabelClasses(DataViewSchema.Column label)
    {
        if (label.Type != BooleanDataViewType.Instance)
        {
            var item = label.Type is VectorDataViewType vector ? vector.ItemType : label.Type;
            throw WrongLabel(label.Name, item, item is KeyDataViewType, label.Type is VectorDataViewType);
        }
        return 2;
    }

    public override void CheckLabel(SchemaShape.Column label)
    {
        bool vector = label.Kind != SchemaShape.Column.VectorKind.Scalar;
        if (vector || label.ItemType != BooleanDataViewType.Instance)
        {
            throw WrongLabel(label.Name, label.ItemType, label.IsKey, vector);
        }
    }

    /// <summary>
    /// The one message of a label that is not Boolean, from the schema check of a pipeline and from Fit alike, with the
    /// line that converts labels of its type (ML.NET's Expression transform; a key label comes from a MapValueToKey that a
    /// binary trainer does not want).
    /// </summary>
    private static ArgumentException WrongLabel(string name, DataViewType item, bool key, bool vector)
    {
        string shown = vector ? $"a vector of {item}" : key ? "a key type" : $"type {item}";
        string fix = vector ? "Select one Boolean column as the label (labelColumnName)."
            : key ? $"Remove the MapValueToKey that made it and add {Expression(name, "x : x == \\\"Yes\\\"")} (for text values; " +
                $"{Expression(name, "x : x == 1")} for numbers), with your positive class for Yes or 1."
            : item is TextDataViewType ? $"Load it as bool, or add {Expression(name, "x : x == \\\"Yes\\\"")} before the trainer, with your positive class for Yes."
            : item is NumberDataViewType ? $"Load it as bool, or add {Expression(name, "x : x == 1")} before the trainer, with your positive class for 1."
            : "Load it as bool, or map it to bool with mlContext.Transforms.CustomMapping before the trainer.";
        return new ArgumentException($"Label column '{name}' has {shown}; binary classification needs a Boolean label. {fix}");
    }

    private static string Expression(string name, string lambda) => $"mlContext.Transforms.Expression(\"{name}\", \"{lambda}\", \"{name}\")";

    public override LabelReader LabelReader(DataViewRow cursor, DataViewSchema.Column label, int classes) =>
        new Reader(cursor.GetGetter<bool>(label));

    private sealed class Reader(ValueGetter<bool> getter) : LabelReader
    {
        public override float Read(long row)
        {
            bool value = false;
            getter(ref value);
            return value ? 1 : 0;
        }
    }

    private protected override string ClassName(int index) => index == 1 ? "true" : "false";

    public override string OutputMismatch(int given, int expected) => $"The initial model has {given} outputs; a binary model has 1.";

    public override void AddOutputColumns(DataViewSchema.Builder builder, NeuralNetworkModel model, DataViewSchema.Column? label)
    {
        builder.AddColumn("Score", NumberDataViewType.Single);
        builder.AddColumn("Probability", NumberDataViewType.Single);
        builder.AddColumn("PredictedLabel", BooleanDataViewType.Instance);
    }

    /// <summary>Score is the logit, Probability P(true), PredictedLabel P(true) &gt; 0.5.</summary>
    public override Delegate OutputGetter(string column, Func<RowScores> current) => column switch
    {
        "Score" => (ValueGetter<float>)((ref float v) => v = current().Raw),
        "Probability" => (ValueGetter<float>)((ref float v) => v = current().Linked.Span[0]),
        _ => (ValueGetter<bool>)((ref bool v) => v = current().PredictedIndex == 1),
    };

    public override TrainerInfo Info(MLContext ml, string label, string features, string? weight) =>
        ml.BinaryClassification.Trainers.SdcaLogisticRegression(label, features, weight).Info;

    public override SchemaShape OutputSchema(MLContext ml, string label, string features, string? weight, SchemaShape input) =>
        ml.BinaryClassification.Trainers.SdcaLogisticRegression(label, features, weight).GetOutputSchema(input);

    public override ITransformer ScoringChain(MLContext ml, NeuralNetworkModel model, TrainingColumns columns, IDataView schemaOnly) =>
        ScoringChainBuilder.Binary(ml, model, columns.Features.Name, columns.Label.Name, schemaOnly);

    public override void CheckEnsembleLabel(DataViewSchema.Column label)
    {
    }

    public override SchemaShape.Column[] CheckEnsembleMember(SchemaShape output, int index, string describe,
        SchemaShape.Column inputLabel, string labelColumn)
    {
        output.TryFind("Score", out var score);
        output.TryFind("PredictedLabel", out var predicted);
        if (!output.TryFind("Probability", out var probability) || probability.Kind != SchemaShape.Column.VectorKind.Scalar
            || predicted.ItemType != BooleanDataViewType.Instance)
        {
            throw new ArgumentException(
                $"Member {index} ({describe}) is not a calibrated binary classifier: a binary ensemble averages the members' " +
                "Probability columns, and this member produces none (a regression or multiclass trainer, or a non-calibrated one?).");
        }
        return [score, probability, predicted];
    }

    public override string MemberOutput => "Probability";

    public override int MemberOutputWidth(DataViewSchema.Column label) => 1;

    public override void CheckFittedMember(DataViewSchema output, int index, DataViewSchema.Column label) =>
        CheckSingleMemberOutput(output, index, "a Single probability");

    public override void AppendCombiner(ChainBuilder chain, DataViewSchema.Column label, List<string> helpers) =>
        chain.Fit(chain.ML.Transforms.CustomMapping(new EnsembleBinaryCombinerFactory().GetMapping(), EnsembleBinaryCombinerFactory.ContractName));

    public override MemberMetrics EvaluateMember(MLContext ml, IDataView scored, string labelColumn)
    {
        var metrics = ml.BinaryClassification.Evaluate(scored, labelColumn);
        return new(Accuracy: metrics.Accuracy, LogLoss: metrics.LogLoss);
    }
}
