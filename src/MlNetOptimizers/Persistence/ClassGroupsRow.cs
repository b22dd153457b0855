using System.ComponentModel;
using Microsoft.ML.Data;
using MlNetOptimizers.Serialization;

namespace MlNetOptimizers.Persistence;

/// <summary>
/// The output row of the multiclass scorer and ensemble combiner of saved format 4: the predicted class index and the K
/// class probabilities spread over power-of-two groups, one per set bit of K, largest first (K = 10: 8 then 2). A
/// CustomMapping rebuilt from a model file knows only the vector sizes its row class declares at compile time; the chain
/// joins the groups of K with a <c>Concatenate</c> into a Score of exactly K slots, for any K up to 65,536 with one row
/// class and no slot-dropping transform (whose loader hangs on some damaged files). Column names are part of the saved
/// format: never rename them.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ClassGroupsRow
{
    /// <summary>The most classes a saved multiclass model supports: the sum of all groups' sizes is 2^17 − 1.</summary>
    internal const int MaxClasses = 65_536;

    private const int GroupCount = 17;

    private readonly float[]?[] _groups = new float[GroupCount][];
    private float[]? _probabilities;

    /// <summary>0-based index of the most probable class.</summary>
    [ColumnName(ScoringColumns.PredictedIndex)]
    public uint PredictedIndex { get; set; }

#pragma warning disable CS1591 // one property per group: Group{size} holds slots of that size
    [ColumnName(ScoringColumns.ClassGroupPrefix + "1"), VectorType(1)]
    public float[] Group1 { get => _groups[0] ??= new float[1]; set => _groups[0] = value; }

    [ColumnName(ScoringColumns.ClassGroupPrefix + "2"), VectorType(2)]
    public float[] Group2 { get => _groups[1] ??= new float[2]; set => _groups[1] = value; }

    [ColumnName(ScoringColumns.ClassGroupPrefix + "4"), VectorType(4)]
    public float[] Group4 { get => _groups[2] ??= new float[4]; set => _groups[2] = value; }

    [ColumnName(ScoringColumns.ClassGroupPrefix + "8"), VectorType(8)]
    public float[] Group8 { get => _groups[3] ??= new float[8]; set => _groups[3] = value; }

    [ColumnName(ScoringColumns.ClassGroupPrefix + "16"), VectorType(16)]
    public float[] Group16 { get => _groups[4] ??= new float[16]; set => _groups[4] = value; }

    [ColumnName(ScoringColumns.ClassGroupPrefix + "32"), VectorType(32)]
    public float[] Group32 { get => _groups[5] ??= new float[32]; set => _groups[5] = value; }

    [ColumnName(ScoringColumns.ClassGroupPrefix + "64"), VectorType(64)]
    public float[] Group64 { get => _groups[6] ??= new float[64]; set => _groups[6] = value; }

    [ColumnName(ScoringColumns.ClassGroupPrefix + "128"), VectorType(128)]
    public float[] Group128 { get => _groups[7] ??= new float[128]; set => _groups[7] = value; }

    [ColumnName(ScoringColumns.ClassGroupPrefix + "256"), VectorType(256)]
    public float[] Group256 { get => _groups[8] ??= new float[256]; set => _groups[8] = value; }

    [ColumnName(ScoringColumns.ClassGroupPrefix + "512"), VectorType(512)]
    public float[] Group512 { get => _groups[9] ??= new float[512]; set => _groups[9] = value; }

    [ColumnName(ScoringColumns.ClassGroupPrefix + "1024"), VectorType(1024)]
    public float[] Group1024 { get => _groups[10] ??= new float[1024]; set => _groups[10] = value; }

    [ColumnName(ScoringColumns.ClassGroupPrefix + "2048"), VectorType(2048)]
    public float[] Group2048 { get => _groups[11] ??= new float[2048]; set => _groups[11] = value; }

    [ColumnName(ScoringColumns.ClassGroupPrefix + "4096"), VectorType(4096)]
    public float[] Group4096 { get => _groups[12] ??= new float[4096]; set => _groups[12] = value; }

    [ColumnName(ScoringColumns.ClassGroupPrefix + "8192"), VectorType(8192)]
    public float[] Group8192 { get => _groups[13] ??= new float[8192]; set => _groups[13] = value; }

    [ColumnName(ScoringColumns.ClassGroupPrefix + "16384"), VectorType(16384)]
    public float[] Group16384 { get => _groups[14] ??= new float[16384]; set => _groups[14] = value; }

    [ColumnName(ScoringColumns.ClassGroupPrefix + "32768"), VectorType(32768)]
    public float[] Group32768 { get => _groups[15] ??= new float[32768]; set => _groups[15] = value; }

    [ColumnName(ScoringColumns.ClassGroupPrefix + "65536"), VectorType(65536)]
    public float[] Group65536 { get => _groups[16] ??= new float[65536]; set => _groups[16] = value; }
#pragma warning restore CS1591

    /// <summary>The column names of the groups of <paramref name="classes"/> classes, in the order they are joined.</summary>
    internal static string[] Columns(int classes) =>
        Sizes(classes).Select(size => ScoringColumns.ClassGroupPrefix + size.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    /// <summary>The column names of all groups, for the chain to drop.</summary>
    internal static IEnumerable<string> AllColumns =>
        Enumerable.Range(0, GroupCount).Select(bit => ScoringColumns.ClassGroupPrefix + (1 << bit).ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A buffer for <paramref name="classes"/> probabilities, to be filled and then spread by <see cref="Spread"/>.</summary>
    internal Span<float> Probabilities(int classes)
    {
        if (classes is < 2 or > MaxClasses)
        {
            throw new InvalidDataException($"{ModelFormat.Damaged}: a multiclass model of {classes} classes.");
        }
        if (_probabilities?.Length != classes)
        {
            _probabilities = new float[classes];
        }
        return _probabilities;
    }

    /// <summary>Copies the probabilities written into <see cref="Probabilities"/> into their groups.</summary>
    internal void Spread()
    {
        var probabilities = _probabilities!.AsSpan();
        int next = 0;
        for (int bit = GroupCount - 1; bit >= 0; bit--)
        {
            int size = 1 << bit;
            if ((probabilities.Length & size) != 0)
            {
                probabilities.Slice(next, size).CopyTo(_groups[bit] ??= new float[size]);
                next += size;
            }
        }
    }

    private static IEnumerable<int> Sizes(int classes)
    {
        for (int bit = GroupCount - 1; bit >= 0; bit--)
        {
            if ((classes & (1 << bit)) != 0)
            {
                yield return 1 << bit;
            }
        }
    }
}
