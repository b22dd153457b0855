using System.ComponentModel;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace MlNetOptimizers.Persistence;

/// <summary>Input of <see cref="ModelKeyFactory"/>: no columns.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class NoColumns
{
}

/// <summary>Output of <see cref="ModelKeyFactory"/>: the constant key under which the model vector is looked up.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ModelKeyRow
{
    /// <summary>Always <c>"model"</c>.</summary>
    [ColumnName(ScoringColumns.ModelKey)] public string Key { get; set; } = ScoringColumns.ModelKeyValue;
}

/// <summary>
/// Adds a constant key column, so that a <c>MapValue</c> lookup stored in the model file can attach the model's
/// parameters to every row. Part of the saved model format (contract name is versioned, never renamed).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[CustomMappingFactoryAttribute(ContractName)]
public sealed class ModelKeyFactory : CustomMappingFactory<NoColumns, ModelKeyRow>
{
    /// <summary>The contract name recorded in model files.</summary>
    public const string ContractName = SavedFormat.ModelKeyContract;

    /// <inheritdoc />
    public override Action<NoColumns, ModelKeyRow> GetMapping() => Map;

    private static void Map(NoColumns input, ModelKeyRow output) => output.Key = ScoringColumns.ModelKeyValue;
}
