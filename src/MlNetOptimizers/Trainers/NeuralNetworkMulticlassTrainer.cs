using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;
using MlNetOptimizers.Persistence;

namespace MlNetOptimizers;

/// <summary>
/// Multiclass classifier trained by mini-batch gradient descent on the cross-entropy loss: softmax regression without
/// hidden layers, an MLP with them. Create it with <c>mlContext.MulticlassClassification.Trainers.SoftmaxRegression(...)</c>
/// or <c>.NeuralNetwork(...)</c>. The label must be a key type (<c>MapValueToKey</c>).
/// </summary>
public sealed class NeuralNetworkMulticlassTrainer : NeuralNetworkTrainerBase
{
    internal NeuralNetworkMulticlassTrainer(GradientTrainerOptions options) : base(options, ModelKind.Multiclass)
    {
    }

    /// <inheritdoc />
    public override TrainerInfo Info => Equivalent().Info;

    private protected override void CheckLabelShape(SchemaShape.Column label)
    {
        if (!label.IsKey)
        {
            throw new ArgumentException(
                $"Label column '{Validated.LabelColumnName}' has type {label.ItemType}; multiclass classification needs a key type. " +
                $"Add mlContext.Transforms.Conversion.MapValueToKey(\"{Validated.LabelColumnName}\") before the trainer.");
        }
    }

    private protected override SchemaShape EquivalentOutputSchema(SchemaShape inputSchema) => Equivalent().GetOutputSchema(inputSchema);

    private protected override ITransformer BuildPersistableScorer(NeuralNetworkModel model, TrainingColumns columns, IDataView schemaOnly) =>
        ScoringChainBuilder.Multiclass(Context, model, columns.Features.Name, columns.Label.Name, LabelKeyValues.From(columns.Label), schemaOnly);

    private SdcaMaximumEntropyMulticlassTrainer Equivalent() =>
        Context.MulticlassClassification.Trainers.SdcaMaximumEntropy(Validated.LabelColumnName, Validated.FeatureColumnName,
            Validated.ExampleWeightColumnName);
}
