using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using MlNetOptimizers.Persistence;

namespace MlNetOptimizers;

/// <summary>
/// Binary classifier trained by mini-batch gradient descent on the logistic loss: logistic regression without hidden
/// layers, an MLP with them. Create it with <c>mlContext.BinaryClassification.Trainers.LogisticRegression(...)</c> or
/// <c>.NeuralNetwork(...)</c>.
/// </summary>
public sealed class NeuralNetworkBinaryTrainer : NeuralNetworkTrainerBase
{
    internal NeuralNetworkBinaryTrainer(GradientTrainerOptions options) : base(options, ModelKind.Binary)
    {
    }

    /// <inheritdoc />
    public override TrainerInfo Info => Equivalent().Info;

    private protected override void CheckLabelShape(SchemaShape.Column label)
    {
        if (label.ItemType != BooleanDataViewType.Instance || label.Kind != SchemaShape.Column.VectorKind.Scalar)
        {
            throw new ArgumentException(
                $"Label column '{Validated.LabelColumnName}' has type {label.ItemType}; binary classification needs a Boolean label.");
        }
    }

    private protected override SchemaShape EquivalentOutputSchema(SchemaShape inputSchema) => Equivalent().GetOutputSchema(inputSchema);

    private protected override ITransformer BuildPersistableScorer(NeuralNetworkModel model, TrainingColumns columns, IDataView schemaOnly) =>
        ScoringChainBuilder.Binary(Context, model, columns.Features.Name, columns.Label.Name, schemaOnly);

    private SdcaLogisticRegressionBinaryTrainer Equivalent() =>
        Context.BinaryClassification.Trainers.SdcaLogisticRegression(Validated.LabelColumnName, Validated.FeatureColumnName,
            Validated.ExampleWeightColumnName);
}
