using System.ComponentModel;
using Microsoft.ML.Data;

namespace MlNetOptimizers.Persistence;

/// <summary>Input row of the scorers: the feature vector and the packed model vector.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ScorerInput
{
    /// <summary>The features, copied from the trainer's feature column.</summary>
    [ColumnName(ScoringColumns.Features)] public float[] Features { get; set; } = [];

    /// <summary>The model packed by the codec (the same on every row).</summary>
    [ColumnName(ScoringColumns.Model)] public float[] Model { get; set; } = [];
}
