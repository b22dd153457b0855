using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetOptimizers.Data;
using MlNetOptimizers.Persistence;

namespace MlNetOptimizers.Tasks;

/// <summary>
/// Multiclass classification in ML.NET's terms: a key-typed label; Score (a vector of the K class probabilities) and a
/// key-typed PredictedLabel that carries the label's key values, as <c>MulticlassClassification.Evaluate</c> and
/// <c>MapKeyToValue</c> read them; the built-in equivalent is SDCA maximum entropy.
/// </summary>
internal sealed class MlNetMulticlassTask : MlNetClassificationTask
{
    public override ModelTask Core => ModelTask.Multiclass;

    public override int LabelClasses(DataViewSchema.Column label)
    {
        if (label.Type is not KeyDataViewType key)
        {
            throw WrongLabel(label.Name, label.Type);
        }
        if (key.Count < 2 || key.Count > int.MaxValue)
        {
            throw new ArgumentException($"Label column '{label.Name}' has {key.Count} key values; at least 2 classes are needed.");
        }
        return (int)key.Count;
    }

    public override void CheckLabel(SchemaShape.Column label)
    {
        if (!label.IsKey)
        {
            throw WrongLabel(label.Name, label.ItemType);
        }
    }

    private static ArgumentException WrongLabel(string name, DataViewType type) => new(
        $"Label column '{name}' has type {type}; multiclass classification needs a key type. " +
        $"Add mlContext.Transforms.Conversion.MapValueToKey(\"{name}\") before the trainer.");

    public override LabelReader LabelReader(DataViewRow cursor, DataViewSchema.Column label, int classes) =>
        new Reader(cursor.GetGetter<uint>(label), label.Name, classes);

    private sealed class Reader(ValueGetter<uint> getter, string name, int classes) : LabelReader
    {
        public override float Read(long row)
        {
            uint key = 0;
            getter(ref key);
            if (key == 0 || key > classes)
            {
                throw new InvalidOperationException(
                    $"Row {row}: label column '{name}' is missing (key 0) or outside the {classes} known classes. " +
                    "Filter such rows out, e.g. with mlContext.Data.FilterRowsByMissingValues.");
            }
            return key - 1;
        }
    }

    private protected override string ClassName(int index) => $"key {index + 1}";

    public override string OutputMismatch(int given, int expected) =>
        $"The initial model has {given} classes; the training data's label has {expected}.";

    public override void AddOutputColumns(DataViewSchema.Builder builder, NeuralNetworkModel model, DataViewSchema.Column? label)
    {
        builder.AddColumn("Score", new VectorDataViewType(NumberDataViewType.Single, model.ClassCount));
        var keyValues = new DataViewSchema.Annotations.Builder();
        if (label is { } column)
        {
            keyValues.Add(column.Annotations, name => name == "KeyValues");
        }
        builder.AddColumn("PredictedLabel", new KeyDataViewType(typeof(uint), model.ClassCount), keyValues.ToAnnotations());
    }

    /// <summary>Score is the vector of class probabilities, PredictedLabel the 1-based key of the most probable class.</summary>
    public override Delegate OutputGetter(string column, Func<RowScores> current) => column switch
    {
        "Score" => (ValueGetter<VBuffer<float>>)((ref VBuffer<float> v) =>
        {
            var probabilities = current().Linked.Span;
            var editor = VBufferEditor.Create(ref v, probabilities.Length);
            probabilities.CopyTo(editor.Values);
            v = editor.Commit();
        }),
        _ => (ValueGetter<uint>)((ref uint v) => v = (uint)current().PredictedIndex + 1),
    };

    public override TrainerInfo Info(MLContext ml, string label, string features, string? weight) =>
        ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(label, features, weight).Info;

    public override SchemaShape OutputSchema(MLContext ml, string label, string features, string? weight, SchemaShape input) =>
        ml.MulticlassClassification.Trainers.SdcaMaximumEntropy(label, features, weight).GetOutputSchema(input);

    public override ITransformer ScoringChain(MLContext ml, NeuralNetworkModel model, TrainingColumns columns, IDataView schemaOnly) =>
        ScoringChainBuilder.Multiclass(ml, model, columns.Features.Name, columns.Label.Name, LabelKeyValues.From(columns.Label), schemaOnly);

    public override void CheckEnsembleLabel(DataViewSchema.Column label)
    {
        if (label.Type is KeyDataViewType { Count: > ClassGroupsRow.MaxClasses } tooMany)
        {
            throw new ArgumentException(
                $"Label column '{label.Name}' has {tooMany.Count} classes; an ensemble can have at most {ClassGroupsRow.MaxClasses} (the largest that its saved form holds).");
        }
        if (label.Type is not KeyDataViewType)
        {
            throw new ArgumentException(
                $"Label column '{label.Name}' has type {label.Type}; a multiclass ensemble needs a key-typed label so that all members " +
                $"share one class set. Add mlContext.Transforms.Conversion.MapValueToKey(\"{label.Name}\") before the ensemble.");
        }
    }

    public override SchemaShape.Column[] CheckEnsembleMember(SchemaShape output, int index, string describe,
        SchemaShape.Column inputLabel, string labelColumn)
    {
        output.TryFind("Score", out var score);
        output.TryFind("PredictedLabel", out var predicted);
        if (score.Kind != SchemaShape.Column.VectorKind.Vector || predicted.Name is null || !predicted.IsKey)
        {
            throw new ArgumentException(
                $"Member {index} ({describe}) is not a multiclass classifier: a multiclass ensemble averages the members' Score " +
                "vectors of class probabilities, and this member has no such Score with a key-typed PredictedLabel.");
        }
        if (output.TryFind(labelColumn, out var memberLabel) && inputLabel.Name is not null
            && (!memberLabel.IsKey || !memberLabel.ItemType.Equals(inputLabel.ItemType)))
        {
            throw new ArgumentException(
                $"Member {index} ({describe}) maps the label column '{labelColumn}' itself, so its classes may differ " +
                "from the other members'. Map the label to a key once, before the ensemble.");
        }
        return [score, predicted];
    }

    public override string MemberOutput => "Score";

    public override int MemberOutputWidth(DataViewSchema.Column label) => LabelKeyValues.From(label).Count;

    public override void CheckFittedMember(DataViewSchema output, int index, DataViewSchema.Column label)
    {
        int classes = MemberOutputWidth(label);
        var score = output.GetColumnOrNull(MemberOutput);
        if (score?.Type is not VectorDataViewType { ItemType: NumberDataViewType, Size: var size } || size != classes)
        {
            throw new InvalidOperationException(
                $"Member {index} produced {MemberOutput} of type {score?.Type.ToString() ?? "(none)"}; the ensemble expects " +
                $"a vector of {classes} class probabilities, one per label class.");
        }
        // A member's PredictedLabel must carry the ensemble label's classes in the same order, or averaging mixes classes up.
        var predicted = output.GetColumnOrNull("PredictedLabel");
        if (predicted is null || !LabelKeyValues.From(label).SameClasses(predicted.Value))
        {
            throw new InvalidOperationException(
                $"Member {index} predicts other classes than the ensemble's label (different values or order); " +
                "map the label to a key once, before the ensemble, and let members keep it.");
        }
    }

    public override void AppendCombiner(ChainBuilder chain, DataViewSchema.Column label, List<string> helpers)
    {
        var labelValues = LabelKeyValues.From(label);
        chain.Fit(chain.ML.Transforms.CustomMapping(new EnsembleMulticlassCombinerFactory().GetMapping(), EnsembleMulticlassCombinerFactory.ContractName));
        chain.Fit(chain.ML.Transforms.Concatenate("Score", ClassGroupsRow.Columns(labelValues.Count)));
        labelValues.AppendPredictedLabel(chain);
        helpers.AddRange([ScoringColumns.PredictedIndex, ScoringColumns.PredictedValue, .. ClassGroupsRow.AllColumns]);
    }

    public override MemberMetrics EvaluateMember(MLContext ml, IDataView scored, string labelColumn)
    {
        var metrics = ml.MulticlassClassification.Evaluate(scored, labelColumn);
        return new(Accuracy: metrics.MicroAccuracy, LogLoss: metrics.LogLoss);
    }
}
