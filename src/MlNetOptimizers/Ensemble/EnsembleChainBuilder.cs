using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetOptimizers.Persistence;
using MlNetOptimizers.Tasks;

namespace MlNetOptimizers.Ensemble;

/// <summary>
/// Builds an ensemble's scoring chain out of its fitted members and public ML.NET transforms, so that it saves and loads
/// like any pipeline. Each member must see the original input columns even if an earlier member's pipeline replaced
/// them (a normalizer writing "Features", say): the chain saves the input columns under helper names first and restores
/// them after every member.
/// </summary>
internal static class EnsembleChainBuilder
{
    public static ITransformer Build(MLContext ml, MlNetTask task, IReadOnlyList<EnsembleMember> members,
        DataViewSchema.Column label, IDataView input)
    {
        var chain = new ChainBuilder(ml, input);
        var inputColumns = input.Schema.Where(c => !c.IsHidden).Select(c => c.Name).ToArray();
        var saved = inputColumns.Select(c => new InputOutputColumnPair(ScoringColumns.EnsembleInputPrefix + c, c)).ToArray();
        var restore = inputColumns.Select(c => new InputOutputColumnPair(c, ScoringColumns.EnsembleInputPrefix + c)).ToArray();
        chain.Fit(CopyAll(ml, saved));

        var memberColumns = new string[members.Count];
        foreach (var member in members)
        {
            chain.Add(member.Model);
            task.CheckFittedMember(chain.Current.Schema, member.Index, label);
            memberColumns[member.Index] = ScoringColumns.EnsembleMemberPrefix + member.Index;
            chain.Fit(ml.Transforms.CopyColumns(memberColumns[member.Index], task.MemberOutput));
            chain.Fit(CopyAll(ml, restore));
        }

        chain.Fit(ml.Transforms.CustomMapping(new ModelKeyFactory().GetMapping(), ModelKeyFactory.ContractName));
        var weights = EnsembleWeights.Pack(members.Select(m => m.Weight).ToArray(), task.MemberOutputWidth(label));
        chain.Fit(ml.Transforms.Conversion.MapValue(ScoringColumns.Model,
            [new KeyValuePair<string, float[]>(ScoringColumns.ModelKeyValue, weights)], ScoringColumns.ModelKey));
        chain.Fit(ml.Transforms.Concatenate(ScoringColumns.EnsembleOutputs, memberColumns));

        var helpers = new List<string> { ScoringColumns.ModelKey, ScoringColumns.Model, ScoringColumns.EnsembleOutputs };
        helpers.AddRange(memberColumns);
        helpers.AddRange(saved.Select(p => p.OutputColumnName));
        task.AppendCombiner(chain, label, helpers);
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
}
