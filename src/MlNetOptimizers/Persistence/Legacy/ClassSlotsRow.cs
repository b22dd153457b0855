using System.ComponentModel;
using Microsoft.ML.Data;

namespace MlNetOptimizers.Persistence.Legacy;

/// <summary>
/// Output row of <see cref="FormatTwoMulticlassScorerFactory"/> and <see cref="FormatTwoEnsembleMulticlassCombinerFactory"/>
/// (saved format 2, read, no longer written): the predicted class index and one probability column per class slot, because a
/// CustomMapping rebuilt from a model file knows no vector sizes beyond compile-time attributes; the chain concatenates
/// exactly the first K slot columns into Score. Column names are part of the saved format: never rename them.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ClassSlotsRow
{
    /// <summary>The most classes a model of format 2 holds.</summary>
    public const int MaxClasses = 128;

    private readonly float[] _slots = new float[MaxClasses];

    /// <summary>0-based index of the most probable class.</summary>
    [ColumnName(ScoringColumns.PredictedIndex)] public uint PredictedIndex { get; set; }

#pragma warning disable CS1591 // one column per class slot: S{i} is the probability of class i
    [ColumnName(ScoringColumns.SlotPrefix + "000")] public float S000 { get => _slots[0]; set => _slots[0] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "001")] public float S001 { get => _slots[1]; set => _slots[1] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "002")] public float S002 { get => _slots[2]; set => _slots[2] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "003")] public float S003 { get => _slots[3]; set => _slots[3] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "004")] public float S004 { get => _slots[4]; set => _slots[4] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "005")] public float S005 { get => _slots[5]; set => _slots[5] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "006")] public float S006 { get => _slots[6]; set => _slots[6] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "007")] public float S007 { get => _slots[7]; set => _slots[7] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "008")] public float S008 { get => _slots[8]; set => _slots[8] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "009")] public float S009 { get => _slots[9]; set => _slots[9] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "010")] public float S010 { get => _slots[10]; set => _slots[10] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "011")] public float S011 { get => _slots[11]; set => _slots[11] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "012")] public float S012 { get => _slots[12]; set => _slots[12] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "013")] public float S013 { get => _slots[13]; set => _slots[13] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "014")] public float S014 { get => _slots[14]; set => _slots[14] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "015")] public float S015 { get => _slots[15]; set => _slots[15] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "016")] public float S016 { get => _slots[16]; set => _slots[16] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "017")] public float S017 { get => _slots[17]; set => _slots[17] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "018")] public float S018 { get => _slots[18]; set => _slots[18] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "019")] public float S019 { get => _slots[19]; set => _slots[19] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "020")] public float S020 { get => _slots[20]; set => _slots[20] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "021")] public float S021 { get => _slots[21]; set => _slots[21] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "022")] public float S022 { get => _slots[22]; set => _slots[22] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "023")] public float S023 { get => _slots[23]; set => _slots[23] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "024")] public float S024 { get => _slots[24]; set => _slots[24] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "025")] public float S025 { get => _slots[25]; set => _slots[25] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "026")] public float S026 { get => _slots[26]; set => _slots[26] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "027")] public float S027 { get => _slots[27]; set => _slots[27] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "028")] public float S028 { get => _slots[28]; set => _slots[28] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "029")] public float S029 { get => _slots[29]; set => _slots[29] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "030")] public float S030 { get => _slots[30]; set => _slots[30] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "031")] public float S031 { get => _slots[31]; set => _slots[31] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "032")] public float S032 { get => _slots[32]; set => _slots[32] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "033")] public float S033 { get => _slots[33]; set => _slots[33] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "034")] public float S034 { get => _slots[34]; set => _slots[34] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "035")] public float S035 { get => _slots[35]; set => _slots[35] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "036")] public float S036 { get => _slots[36]; set => _slots[36] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "037")] public float S037 { get => _slots[37]; set => _slots[37] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "038")] public float S038 { get => _slots[38]; set => _slots[38] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "039")] public float S039 { get => _slots[39]; set => _slots[39] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "040")] public float S040 { get => _slots[40]; set => _slots[40] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "041")] public float S041 { get => _slots[41]; set => _slots[41] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "042")] public float S042 { get => _slots[42]; set => _slots[42] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "043")] public float S043 { get => _slots[43]; set => _slots[43] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "044")] public float S044 { get => _slots[44]; set => _slots[44] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "045")] public float S045 { get => _slots[45]; set => _slots[45] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "046")] public float S046 { get => _slots[46]; set => _slots[46] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "047")] public float S047 { get => _slots[47]; set => _slots[47] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "048")] public float S048 { get => _slots[48]; set => _slots[48] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "049")] public float S049 { get => _slots[49]; set => _slots[49] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "050")] public float S050 { get => _slots[50]; set => _slots[50] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "051")] public float S051 { get => _slots[51]; set => _slots[51] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "052")] public float S052 { get => _slots[52]; set => _slots[52] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "053")] public float S053 { get => _slots[53]; set => _slots[53] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "054")] public float S054 { get => _slots[54]; set => _slots[54] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "055")] public float S055 { get => _slots[55]; set => _slots[55] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "056")] public float S056 { get => _slots[56]; set => _slots[56] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "057")] public float S057 { get => _slots[57]; set => _slots[57] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "058")] public float S058 { get => _slots[58]; set => _slots[58] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "059")] public float S059 { get => _slots[59]; set => _slots[59] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "060")] public float S060 { get => _slots[60]; set => _slots[60] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "061")] public float S061 { get => _slots[61]; set => _slots[61] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "062")] public float S062 { get => _slots[62]; set => _slots[62] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "063")] public float S063 { get => _slots[63]; set => _slots[63] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "064")] public float S064 { get => _slots[64]; set => _slots[64] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "065")] public float S065 { get => _slots[65]; set => _slots[65] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "066")] public float S066 { get => _slots[66]; set => _slots[66] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "067")] public float S067 { get => _slots[67]; set => _slots[67] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "068")] public float S068 { get => _slots[68]; set => _slots[68] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "069")] public float S069 { get => _slots[69]; set => _slots[69] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "070")] public float S070 { get => _slots[70]; set => _slots[70] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "071")] public float S071 { get => _slots[71]; set => _slots[71] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "072")] public float S072 { get => _slots[72]; set => _slots[72] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "073")] public float S073 { get => _slots[73]; set => _slots[73] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "074")] public float S074 { get => _slots[74]; set => _slots[74] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "075")] public float S075 { get => _slots[75]; set => _slots[75] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "076")] public float S076 { get => _slots[76]; set => _slots[76] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "077")] public float S077 { get => _slots[77]; set => _slots[77] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "078")] public float S078 { get => _slots[78]; set => _slots[78] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "079")] public float S079 { get => _slots[79]; set => _slots[79] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "080")] public float S080 { get => _slots[80]; set => _slots[80] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "081")] public float S081 { get => _slots[81]; set => _slots[81] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "082")] public float S082 { get => _slots[82]; set => _slots[82] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "083")] public float S083 { get => _slots[83]; set => _slots[83] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "084")] public float S084 { get => _slots[84]; set => _slots[84] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "085")] public float S085 { get => _slots[85]; set => _slots[85] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "086")] public float S086 { get => _slots[86]; set => _slots[86] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "087")] public float S087 { get => _slots[87]; set => _slots[87] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "088")] public float S088 { get => _slots[88]; set => _slots[88] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "089")] public float S089 { get => _slots[89]; set => _slots[89] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "090")] public float S090 { get => _slots[90]; set => _slots[90] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "091")] public float S091 { get => _slots[91]; set => _slots[91] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "092")] public float S092 { get => _slots[92]; set => _slots[92] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "093")] public float S093 { get => _slots[93]; set => _slots[93] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "094")] public float S094 { get => _slots[94]; set => _slots[94] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "095")] public float S095 { get => _slots[95]; set => _slots[95] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "096")] public float S096 { get => _slots[96]; set => _slots[96] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "097")] public float S097 { get => _slots[97]; set => _slots[97] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "098")] public float S098 { get => _slots[98]; set => _slots[98] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "099")] public float S099 { get => _slots[99]; set => _slots[99] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "100")] public float S100 { get => _slots[100]; set => _slots[100] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "101")] public float S101 { get => _slots[101]; set => _slots[101] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "102")] public float S102 { get => _slots[102]; set => _slots[102] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "103")] public float S103 { get => _slots[103]; set => _slots[103] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "104")] public float S104 { get => _slots[104]; set => _slots[104] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "105")] public float S105 { get => _slots[105]; set => _slots[105] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "106")] public float S106 { get => _slots[106]; set => _slots[106] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "107")] public float S107 { get => _slots[107]; set => _slots[107] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "108")] public float S108 { get => _slots[108]; set => _slots[108] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "109")] public float S109 { get => _slots[109]; set => _slots[109] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "110")] public float S110 { get => _slots[110]; set => _slots[110] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "111")] public float S111 { get => _slots[111]; set => _slots[111] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "112")] public float S112 { get => _slots[112]; set => _slots[112] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "113")] public float S113 { get => _slots[113]; set => _slots[113] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "114")] public float S114 { get => _slots[114]; set => _slots[114] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "115")] public float S115 { get => _slots[115]; set => _slots[115] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "116")] public float S116 { get => _slots[116]; set => _slots[116] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "117")] public float S117 { get => _slots[117]; set => _slots[117] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "118")] public float S118 { get => _slots[118]; set => _slots[118] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "119")] public float S119 { get => _slots[119]; set => _slots[119] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "120")] public float S120 { get => _slots[120]; set => _slots[120] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "121")] public float S121 { get => _slots[121]; set => _slots[121] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "122")] public float S122 { get => _slots[122]; set => _slots[122] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "123")] public float S123 { get => _slots[123]; set => _slots[123] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "124")] public float S124 { get => _slots[124]; set => _slots[124] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "125")] public float S125 { get => _slots[125]; set => _slots[125] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "126")] public float S126 { get => _slots[126]; set => _slots[126] = value; }
    [ColumnName(ScoringColumns.SlotPrefix + "127")] public float S127 { get => _slots[127]; set => _slots[127] = value; }
#pragma warning restore CS1591

    [ThreadStatic] private static float[]? t_probabilities;

    internal void Fill(NeuralNetworkModel model, NetworkPredictor predictor, ReadOnlySpan<float> features)
    {
        int k = model.ClassCount;
        if (t_probabilities is null || t_probabilities.Length != k)
        {
            t_probabilities = new float[k];
        }
        PredictedIndex = (uint)predictor.Predict(features, t_probabilities);
        t_probabilities.CopyTo(_slots, 0);
    }

    /// <summary>Sets the probability of class <paramref name="slot"/>.</summary>
    internal void SetSlot(int slot, float value)
    {
        if ((uint)slot >= MaxClasses)
        {
            throw new ArgumentOutOfRangeException(nameof(slot), slot, $"At most {MaxClasses} classes are supported.");
        }
        _slots[slot] = value;
    }
}
