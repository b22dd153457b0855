using System.ComponentModel;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace MlNetOptimizers.Persistence.Legacy;

// Saved format 1 (2026-11-24) carried the packed model as a float vector, which ML.NET's MapValue copies into a new
// array for every row. New models are written in format 2 (Base64 text); these scorers stay so that format-1 files
// still load. Their contract names are recorded in those files: never rename or remove them.

/// <summary>Input row of the format-1 scorers: the feature vector and the model packed as floats.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class FormatOneScorerInput
{
    /// <summary>The features, copied from the trainer's feature column.</summary>
    [ColumnName(ScoringColumns.Features)] public VBuffer<float> Features { get; set; }

    /// <summary>The model packed by the codec (the same on every row).</summary>
    [ColumnName(ScoringColumns.Model)] public VBuffer<float> Model { get; set; }
}

/// <summary>Scores a row with a binary network saved in format 1.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[CustomMappingFactoryAttribute(ContractName)]
public sealed class FormatOneBinaryScorerFactory : CustomMappingFactory<FormatOneScorerInput, BinaryScorerOutput>
{
    /// <summary>The contract name recorded in format-1 model files.</summary>
    public const string ContractName = SavedFormat.FormatOneBinaryScorerContract;

    /// <inheritdoc />
    public override Action<FormatOneScorerInput, BinaryScorerOutput> GetMapping() =>
        (input, output) => output.Fill(FormatOneCache.For(DenseValues.Model(input.Model)).Predictor, DenseValues.Features(input.Features));
}

/// <summary>Scores a row with a multiclass network saved in format 1.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[CustomMappingFactoryAttribute(ContractName)]
public sealed class FormatOneMulticlassScorerFactory : CustomMappingFactory<FormatOneScorerInput, ClassSlotsRow>
{
    /// <summary>The contract name recorded in format-1 model files.</summary>
    public const string ContractName = SavedFormat.FormatOneMulticlassScorerContract;

    /// <inheritdoc />
    public override Action<FormatOneScorerInput, ClassSlotsRow> GetMapping() =>
        (input, output) =>
        {
            var (model, predictor) = FormatOneCache.For(DenseValues.Model(input.Model));
            output.Fill(model, predictor, DenseValues.Features(input.Features));
        };
}
