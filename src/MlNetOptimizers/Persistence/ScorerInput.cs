using System.ComponentModel;
using Microsoft.ML.Data;

namespace MlNetOptimizers.Persistence;

/// <summary>Input row of the format-2 scorers: the feature vector and the model packed as Base64 text.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ScorerInput
{
    /// <summary>The features, copied from the trainer's feature column.</summary>
    [ColumnName(ScoringColumns.Features)] public VBuffer<float> Features { get; set; }

    /// <summary>The model packed by <c>ModelText</c> (the same text object on every row: no per-row copy).</summary>
    [ColumnName(ScoringColumns.Model)] public ReadOnlyMemory<char> Model { get; set; }
}
