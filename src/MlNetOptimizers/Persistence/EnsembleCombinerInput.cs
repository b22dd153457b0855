using System.ComponentModel;
using Microsoft.ML.Data;

namespace MlNetOptimizers.Persistence;

/// <summary>Input row of the ensemble combiners: the members' outputs side by side and the packed weights.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class EnsembleCombinerInput
{
    /// <summary>Binary: one probability per member. Multiclass: K class probabilities per member, member after member.</summary>
    [ColumnName(ScoringColumns.EnsembleOutputs)] public float[] Outputs { get; set; } = [];

    /// <summary>[member count, class count, weight…] with weights summing to 1.</summary>
    [ColumnName(ScoringColumns.Model)] public float[] Model { get; set; } = [];
}
