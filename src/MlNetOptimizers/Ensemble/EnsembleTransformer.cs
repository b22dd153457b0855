using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetOptimizers;

/// <summary>
/// A fitted ensemble: its members and their average. Outputs the columns of a single trainer of its task (binary:
/// Score, Probability, PredictedLabel; multiclass: Score of class probabilities and a key-typed PredictedLabel).
/// </summary>
/// <remarks>Saving writes a chain of the members and public ML.NET transforms; loading gives back that chain.</remarks>
public sealed class EnsembleTransformer : ITransformer, ICanSaveModel
{
    private readonly ITransformer _chain;

    internal EnsembleTransformer(ModelKind kind, IReadOnlyList<EnsembleMember> members, ITransformer chain)
    {
        Kind = kind;
        Members = members;
        _chain = chain;
    }

    /// <summary>Binary or multiclass.</summary>
    public ModelKind Kind { get; }

    /// <summary>The trained members, in order, with their weights and (given validation data) their own metrics.</summary>
    public IReadOnlyList<EnsembleMember> Members { get; }

    /// <inheritdoc />
    public bool IsRowToRowMapper => true;

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => _chain.GetOutputSchema(inputSchema);

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => _chain.GetRowToRowMapper(inputSchema);

    /// <inheritdoc />
    public IDataView Transform(IDataView input) => _chain.Transform(input);

    /// <summary>Saves the equivalent chain of the members and public ML.NET transforms.</summary>
    void ICanSaveModel.Save(ModelSaveContext ctx) => ((ICanSaveModel)_chain).Save(ctx);
}
