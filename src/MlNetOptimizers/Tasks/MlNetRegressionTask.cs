using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetOptimizers.Data;
using MlNetOptimizers.Persistence;

namespace MlNetOptimizers.Tasks;

/// <summary>
/// Regression in ML.NET's terms: a Single label; Score (Single, the prediction in the label's units), as
/// <c>Regression.Evaluate</c> reads it; the built-in equivalent is SDCA regression.
/// </summary>
internal sealed class MlNetRegressionTask(RegressionLoss loss) : MlNetTask
{
    public override ModelTask Core { get; } = new RegressionTask(loss);

    public override MlNetTask ForOptions(GradientTrainerOptions options) =>
        options.Loss is { } chosen && chosen != loss ? new MlNetRegressionTask(chosen) : this;

    /// <summary>Linear regression chooses among <see cref="TrainerDefaults.LinearRegressionL2Candidates"/>, networks among <see cref="TrainerDefaults.NetworkL2Candidates"/>.</summary>
    public override IReadOnlyList<float>? DefaultL2Candidates(bool linear) =>
        linear ? TrainerDefaults.LinearRegressionL2Candidates : TrainerDefaults.NetworkL2Candidates;

    public override int LabelClasses(DataViewSchema.Column label)
    {
        if (label.Type != NumberDataViewType.Single)
        {
            throw WrongLabel(label.Name, label.Type);
        }
        return 0;
    }

    public override void CheckLabel(SchemaShape.Column label)
    {
        if (label.ItemType != NumberDataViewType.Single || label.Kind != SchemaShape.Column.VectorKind.Scalar || label.IsKey)
        {
            throw WrongLabel(label.Name, label.ItemType);
        }
    }

    private static ArgumentException WrongLabel(string name, DataViewType type) => new(
        $"Label column '{name}' has type {type}; regression needs a Single label. Load it as Single (DataKind.Single, or a float " +
        $"property), or add mlContext.Transforms.Conversion.ConvertType(\"{name}\", outputKind: DataKind.Single) before the trainer.");

    public override LabelReader LabelReader(DataViewRow cursor, DataViewSchema.Column label, int classes) =>
        new Reader(cursor.GetGetter<float>(label), label.Name);

    private sealed class Reader(ValueGetter<float> getter, string name) : LabelReader
    {
        public override float Read(long row)
        {
            float value = 0;
            getter(ref value);
            if (!float.IsFinite(value))
            {
                throw new InvalidOperationException(
                    $"Row {row}: label column '{name}' is {value}; a regression label must be a finite number. Filter such rows out " +
                    $"(e.g. mlContext.Data.FilterRowsByMissingValues(data, \"{name}\")) or replace the value.");
            }
            return value;
        }
    }

    /// <summary>Any labels train, a constant one too (the model then predicts it).</summary>
    public override void CheckTrainingLabels(LabelSummary labels, string labelColumn)
    {
    }

    public override string OutputMismatch(int given, int expected) => $"The initial model has {given} outputs; a regression model has 1.";

    public override void AddOutputColumns(DataViewSchema.Builder builder, NeuralNetworkModel model, DataViewSchema.Column? label) =>
        builder.AddColumn("Score", NumberDataViewType.Single);

    /// <summary>Score is the prediction.</summary>
    public override Delegate OutputGetter(string column, Func<RowScores> current) =>
        (ValueGetter<float>)((ref float v) => v = current().Linked.Span[0]);

    public override TrainerInfo Info(MLContext ml, string label, string features, string? weight) =>
        ml.Regression.Trainers.Sdca(label, features, weight).Info;

    public override SchemaShape OutputSchema(MLContext ml, string label, string features, string? weight, SchemaShape input) =>
        ml.Regression.Trainers.Sdca(label, features, weight).GetOutputSchema(input);

    public override ITransformer ScoringChain(MLContext ml, NeuralNetworkModel model, TrainingColumns columns, IDataView schemaOnly) =>
        ScoringChainBuilder.Regression(ml, model, columns.Features.Name, columns.Label.Name, schemaOnly);

    public override void CheckEnsembleLabel(DataViewSchema.Column label)
    {
        if (label.Type != NumberDataViewType.Single)
        {
            throw WrongLabel(label.Name, label.Type);
        }
    }

    public override SchemaShape.Column[] CheckEnsembleMember(SchemaShape output, int index, string describe,
        SchemaShape.Column inputLabel, string labelColumn)
    {
        bool scalarScore = output.TryFind("Score", out var score) && score.Kind == SchemaShape.Column.VectorKind.Scalar
            && score.ItemType == NumberDataViewType.Single;
        if (!scalarScore || output.TryFind("PredictedLabel", out _))
        {
            throw new ArgumentException(
                $"Member {index} ({describe}) is not a regressor: a regression ensemble averages the members' Score columns (Single), and " +
                "this member produces " + (scalarScore ? "a PredictedLabel too (a classifier?)." : "no such Score."));
        }
        return [score];
    }

    public override string MemberOutput => "Score";

    public override int MemberOutputWidth(DataViewSchema.Column label) => 1;

    public override void CheckFittedMember(DataViewSchema output, int index, DataViewSchema.Column label) =>
        CheckSingleMemberOutput(output, index, "a Single prediction");

    public override void AppendCombiner(ChainBuilder chain, DataViewSchema.Column label, List<string> helpers) =>
        chain.Fit(chain.ML.Transforms.CustomMapping(new EnsembleRegressionCombinerFactory().GetMapping(), EnsembleRegressionCombinerFactory.ContractName));

    public override MemberMetrics EvaluateMember(MLContext ml, IDataView scored, string labelColumn)
    {
        var metrics = ml.Regression.Evaluate(scored, labelColumn);
        return new(RSquared: metrics.RSquared, Rmse: metrics.RootMeanSquaredError);
    }
}
