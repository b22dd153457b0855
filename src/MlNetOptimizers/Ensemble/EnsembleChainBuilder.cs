using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetOptimizers.Persistence;

namespace MlNetOptimizers;

/// <summary>
/// Builds an ensemble's scoring chain out of its fitted members and public ML.NET transforms, so that it saves and loads
/// like any pipeline. Each member must see the original input columns even if an earlier member's pipeline replaced
/// them (a normalizer writing "Features", say): the chain saves the input columns under helper names first and restores
/// them after every member.
/// </summary>
internal static class EnsembleChainBuilder
{
    public static ITransformer Build(MLContext ml, ModelKind kind, IReadOnlyList<EnsembleMember> members,
        LabelKeyValues? labelValues, IDataView input)
    {
        var chain = new ChainBuilder(ml, input);
        var inputColumns = input.Schema.Where(c => !c.IsHidden).Select(c => c.Name).ToArray();
        var saved = inputColumns.Select(c => new InputOutputColumnPair(ScoringColumns.EnsembleInputPrefix + c, c)).ToArray();
        var restore = inputColumns.Select(c => new InputOutputColumnPair(c, ScoringColumns.EnsembleInputPrefix + c)).ToArray();
        chain.Fit(CopyAll(ml, saved));

        int classes = kind == ModelKind.Binary ? 1 : labelValues!.Count;
        string memberOutput = kind == ModelKind.Binary ? "Probability" : "Score";
        var memberColumns = new string[members.Count];
        foreach (var member in members)
        {
            chain.Add(member.Model);
            CheckMemberOutput(chain.Current.Schema, member, memberOutput, classes);
            if (labelValues is not null)
            {
                CheckMemberClasses(chain.Current.Schema, member, labelValues);
            }
            memberColumns[member.Index] = ScoringColumns.EnsembleMemberPrefix + member.Index;
            chain.Fit(ml.Transforms.CopyColumns(memberColumns[member.Index], memberOutput));
            chain.Fit(CopyAll(ml, restore));
        }

        chain.Fit(ml.Transforms.CustomMapping(new ModelKeyFactory().GetMapping(), ModelKeyFactory.ContractName));
        chain.Fit(ml.Transforms.Conversion.MapValue(ScoringColumns.Model,
            [new KeyValuePair<string, float[]>(ScoringColumns.ModelKeyValue, EnsembleWeights.Pack(members.Select(m => m.Weight).ToArray(), classes))],
            ScoringColumns.ModelKey));
        chain.Fit(ml.Transforms.Concatenate(ScoringColumns.EnsembleOutputs, memberColumns));

        var helpers = new List<string> { ScoringColumns.ModelKey, ScoringColumns.Model, ScoringColumns.EnsembleOutputs };
        helpers.AddRange(memberColumns);
        helpers.AddRange(saved.Select(p => p.OutputColumnName));
        if (kind == ModelKind.Binary)
        {
            chain.Fit(ml.Transforms.CustomMapping(new EnsembleBinaryCombinerFactory().GetMapping(), EnsembleBinaryCombinerFactory.ContractName));
        }
        else
        {
            chain.Fit(ml.Transforms.CustomMapping(new EnsembleMulticlassCombinerV3Factory().GetMapping(), EnsembleMulticlassCombinerV3Factory.ContractName));
            chain.Fit(ml.Transforms.Concatenate("Score", ClassGroupsRow.Columns(classes)));
            labelValues!.AppendPredictedLabel(chain);
            helpers.AddRange([ScoringColumns.PredictedIndex, ScoringColumns.PredictedValue, .. ClassGroupsRow.AllColumns]);
        }
        chain.Fit(ml.Transforms.DropColumns(helpers.ToArray()));
        return chain.Build();
    }

    private static IEstimator<ITransformer> CopyAll(MLContext ml, IEnumerable<InputOutputColumnPair> pairs)
    {
        var chain = new EstimatorChain<ITransformer>();
        foreach (var pair in pairs)
        {
            chain = chain.Append<ITransformer>(ml.Transforms.CopyColumns(pair.OutputColumnName, pair.InputColumnName));
        }
        return chain;
    }

    /// <summary>A member's PredictedLabel must carry the ensemble label's classes in the same order, or averaging mixes classes up.</summary>
    private static void CheckMemberClasses(DataViewSchema schema, EnsembleMember member, LabelKeyValues labelValues)
    {
        var predicted = schema.GetColumnOrNull("PredictedLabel");
        if (predicted is null || !labelValues.SameClasses(predicted.Value))
        {
            throw new InvalidOperationException(
                $"Member {member.Index} predicts other classes than the ensemble's label (different values or order); " +
                "map the label to a key once, before the ensemble, and let members keep it.");
        }
    }

    private static void CheckMemberOutput(DataViewSchema schema, EnsembleMember member, string column, int classes)
    {
        var output = schema.GetColumnOrNull(column);
        bool ok = classes == 1
            ? output?.Type == NumberDataViewType.Single
            : output?.Type is VectorDataViewType { ItemType: NumberDataViewType, Size: var size } && size == classes;
        if (!ok)
        {
            throw new InvalidOperationException(
                $"Member {member.Index} produced {column} of type {output?.Type.ToString() ?? "(none)"}; the ensemble expects " +
                (classes == 1 ? "a Single probability." : $"a vector of {classes} class probabilities, one per label class."));
        }
    }
}
