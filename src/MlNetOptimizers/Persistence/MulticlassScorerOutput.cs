// Generated shape, kept by hand: one scalar column per class slot, because a CustomMapping rebuilt from a model file
// knows no vector sizes beyond compile-time attributes, while ML.NET's multiclass evaluator needs a Score vector of
// known size K. The scorer fills slots 0..K-1 and the chain concatenates exactly those K columns into Score.
using Microsoft.ML.Data;

namespace MlNetOptimizers.Persistence;

/// <summary>Output row of <see cref="MulticlassScorerFactory"/>: the predicted class index and one probability column per class.</summary>
public sealed class MulticlassScorerOutput
{
    /// <summary>The most classes a saved multiclass model supports.</summary>
    public const int MaxClasses = 128;

    /// <summary>0-based index of the most probable class.</summary>
    [ColumnName(ScoringColumns.PredictedIndex)] public uint PredictedIndex { get; set; }

    /// <summary>Probability of class 0.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "000")] public float S000 { get; set; }

    /// <summary>Probability of class 1.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "001")] public float S001 { get; set; }

    /// <summary>Probability of class 2.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "002")] public float S002 { get; set; }

    /// <summary>Probability of class 3.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "003")] public float S003 { get; set; }

    /// <summary>Probability of class 4.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "004")] public float S004 { get; set; }

    /// <summary>Probability of class 5.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "005")] public float S005 { get; set; }

    /// <summary>Probability of class 6.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "006")] public float S006 { get; set; }

    /// <summary>Probability of class 7.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "007")] public float S007 { get; set; }

    /// <summary>Probability of class 8.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "008")] public float S008 { get; set; }

    /// <summary>Probability of class 9.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "009")] public float S009 { get; set; }

    /// <summary>Probability of class 10.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "010")] public float S010 { get; set; }

    /// <summary>Probability of class 11.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "011")] public float S011 { get; set; }

    /// <summary>Probability of class 12.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "012")] public float S012 { get; set; }

    /// <summary>Probability of class 13.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "013")] public float S013 { get; set; }

    /// <summary>Probability of class 14.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "014")] public float S014 { get; set; }

    /// <summary>Probability of class 15.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "015")] public float S015 { get; set; }

    /// <summary>Probability of class 16.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "016")] public float S016 { get; set; }

    /// <summary>Probability of class 17.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "017")] public float S017 { get; set; }

    /// <summary>Probability of class 18.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "018")] public float S018 { get; set; }

    /// <summary>Probability of class 19.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "019")] public float S019 { get; set; }

    /// <summary>Probability of class 20.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "020")] public float S020 { get; set; }

    /// <summary>Probability of class 21.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "021")] public float S021 { get; set; }

    /// <summary>Probability of class 22.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "022")] public float S022 { get; set; }

    /// <summary>Probability of class 23.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "023")] public float S023 { get; set; }

    /// <summary>Probability of class 24.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "024")] public float S024 { get; set; }

    /// <summary>Probability of class 25.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "025")] public float S025 { get; set; }

    /// <summary>Probability of class 26.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "026")] public float S026 { get; set; }

    /// <summary>Probability of class 27.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "027")] public float S027 { get; set; }

    /// <summary>Probability of class 28.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "028")] public float S028 { get; set; }

    /// <summary>Probability of class 29.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "029")] public float S029 { get; set; }

    /// <summary>Probability of class 30.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "030")] public float S030 { get; set; }

    /// <summary>Probability of class 31.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "031")] public float S031 { get; set; }

    /// <summary>Probability of class 32.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "032")] public float S032 { get; set; }

    /// <summary>Probability of class 33.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "033")] public float S033 { get; set; }

    /// <summary>Probability of class 34.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "034")] public float S034 { get; set; }

    /// <summary>Probability of class 35.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "035")] public float S035 { get; set; }

    /// <summary>Probability of class 36.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "036")] public float S036 { get; set; }

    /// <summary>Probability of class 37.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "037")] public float S037 { get; set; }

    /// <summary>Probability of class 38.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "038")] public float S038 { get; set; }

    /// <summary>Probability of class 39.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "039")] public float S039 { get; set; }

    /// <summary>Probability of class 40.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "040")] public float S040 { get; set; }

    /// <summary>Probability of class 41.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "041")] public float S041 { get; set; }

    /// <summary>Probability of class 42.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "042")] public float S042 { get; set; }

    /// <summary>Probability of class 43.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "043")] public float S043 { get; set; }

    /// <summary>Probability of class 44.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "044")] public float S044 { get; set; }

    /// <summary>Probability of class 45.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "045")] public float S045 { get; set; }

    /// <summary>Probability of class 46.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "046")] public float S046 { get; set; }

    /// <summary>Probability of class 47.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "047")] public float S047 { get; set; }

    /// <summary>Probability of class 48.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "048")] public float S048 { get; set; }

    /// <summary>Probability of class 49.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "049")] public float S049 { get; set; }

    /// <summary>Probability of class 50.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "050")] public float S050 { get; set; }

    /// <summary>Probability of class 51.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "051")] public float S051 { get; set; }

    /// <summary>Probability of class 52.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "052")] public float S052 { get; set; }

    /// <summary>Probability of class 53.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "053")] public float S053 { get; set; }

    /// <summary>Probability of class 54.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "054")] public float S054 { get; set; }

    /// <summary>Probability of class 55.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "055")] public float S055 { get; set; }

    /// <summary>Probability of class 56.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "056")] public float S056 { get; set; }

    /// <summary>Probability of class 57.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "057")] public float S057 { get; set; }

    /// <summary>Probability of class 58.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "058")] public float S058 { get; set; }

    /// <summary>Probability of class 59.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "059")] public float S059 { get; set; }

    /// <summary>Probability of class 60.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "060")] public float S060 { get; set; }

    /// <summary>Probability of class 61.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "061")] public float S061 { get; set; }

    /// <summary>Probability of class 62.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "062")] public float S062 { get; set; }

    /// <summary>Probability of class 63.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "063")] public float S063 { get; set; }

    /// <summary>Probability of class 64.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "064")] public float S064 { get; set; }

    /// <summary>Probability of class 65.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "065")] public float S065 { get; set; }

    /// <summary>Probability of class 66.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "066")] public float S066 { get; set; }

    /// <summary>Probability of class 67.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "067")] public float S067 { get; set; }

    /// <summary>Probability of class 68.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "068")] public float S068 { get; set; }

    /// <summary>Probability of class 69.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "069")] public float S069 { get; set; }

    /// <summary>Probability of class 70.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "070")] public float S070 { get; set; }

    /// <summary>Probability of class 71.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "071")] public float S071 { get; set; }

    /// <summary>Probability of class 72.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "072")] public float S072 { get; set; }

    /// <summary>Probability of class 73.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "073")] public float S073 { get; set; }

    /// <summary>Probability of class 74.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "074")] public float S074 { get; set; }

    /// <summary>Probability of class 75.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "075")] public float S075 { get; set; }

    /// <summary>Probability of class 76.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "076")] public float S076 { get; set; }

    /// <summary>Probability of class 77.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "077")] public float S077 { get; set; }

    /// <summary>Probability of class 78.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "078")] public float S078 { get; set; }

    /// <summary>Probability of class 79.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "079")] public float S079 { get; set; }

    /// <summary>Probability of class 80.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "080")] public float S080 { get; set; }

    /// <summary>Probability of class 81.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "081")] public float S081 { get; set; }

    /// <summary>Probability of class 82.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "082")] public float S082 { get; set; }

    /// <summary>Probability of class 83.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "083")] public float S083 { get; set; }

    /// <summary>Probability of class 84.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "084")] public float S084 { get; set; }

    /// <summary>Probability of class 85.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "085")] public float S085 { get; set; }

    /// <summary>Probability of class 86.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "086")] public float S086 { get; set; }

    /// <summary>Probability of class 87.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "087")] public float S087 { get; set; }

    /// <summary>Probability of class 88.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "088")] public float S088 { get; set; }

    /// <summary>Probability of class 89.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "089")] public float S089 { get; set; }

    /// <summary>Probability of class 90.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "090")] public float S090 { get; set; }

    /// <summary>Probability of class 91.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "091")] public float S091 { get; set; }

    /// <summary>Probability of class 92.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "092")] public float S092 { get; set; }

    /// <summary>Probability of class 93.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "093")] public float S093 { get; set; }

    /// <summary>Probability of class 94.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "094")] public float S094 { get; set; }

    /// <summary>Probability of class 95.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "095")] public float S095 { get; set; }

    /// <summary>Probability of class 96.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "096")] public float S096 { get; set; }

    /// <summary>Probability of class 97.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "097")] public float S097 { get; set; }

    /// <summary>Probability of class 98.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "098")] public float S098 { get; set; }

    /// <summary>Probability of class 99.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "099")] public float S099 { get; set; }

    /// <summary>Probability of class 100.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "100")] public float S100 { get; set; }

    /// <summary>Probability of class 101.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "101")] public float S101 { get; set; }

    /// <summary>Probability of class 102.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "102")] public float S102 { get; set; }

    /// <summary>Probability of class 103.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "103")] public float S103 { get; set; }

    /// <summary>Probability of class 104.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "104")] public float S104 { get; set; }

    /// <summary>Probability of class 105.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "105")] public float S105 { get; set; }

    /// <summary>Probability of class 106.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "106")] public float S106 { get; set; }

    /// <summary>Probability of class 107.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "107")] public float S107 { get; set; }

    /// <summary>Probability of class 108.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "108")] public float S108 { get; set; }

    /// <summary>Probability of class 109.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "109")] public float S109 { get; set; }

    /// <summary>Probability of class 110.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "110")] public float S110 { get; set; }

    /// <summary>Probability of class 111.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "111")] public float S111 { get; set; }

    /// <summary>Probability of class 112.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "112")] public float S112 { get; set; }

    /// <summary>Probability of class 113.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "113")] public float S113 { get; set; }

    /// <summary>Probability of class 114.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "114")] public float S114 { get; set; }

    /// <summary>Probability of class 115.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "115")] public float S115 { get; set; }

    /// <summary>Probability of class 116.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "116")] public float S116 { get; set; }

    /// <summary>Probability of class 117.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "117")] public float S117 { get; set; }

    /// <summary>Probability of class 118.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "118")] public float S118 { get; set; }

    /// <summary>Probability of class 119.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "119")] public float S119 { get; set; }

    /// <summary>Probability of class 120.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "120")] public float S120 { get; set; }

    /// <summary>Probability of class 121.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "121")] public float S121 { get; set; }

    /// <summary>Probability of class 122.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "122")] public float S122 { get; set; }

    /// <summary>Probability of class 123.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "123")] public float S123 { get; set; }

    /// <summary>Probability of class 124.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "124")] public float S124 { get; set; }

    /// <summary>Probability of class 125.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "125")] public float S125 { get; set; }

    /// <summary>Probability of class 126.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "126")] public float S126 { get; set; }

    /// <summary>Probability of class 127.</summary>
    [ColumnName(ScoringColumns.SlotPrefix + "127")] public float S127 { get; set; }

    [ThreadStatic] private static float[]? t_probabilities;

    internal void Fill(NeuralNetworkModel model, NetworkPredictor predictor, ReadOnlySpan<float> features)
    {
        int k = model.ClassCount;
        if (t_probabilities is null || t_probabilities.Length != k)
        {
            t_probabilities = new float[k];
        }
        PredictedIndex = (uint)predictor.Predict(features, t_probabilities);
        for (int i = 0; i < k; i++)
        {
            SetSlot(i, t_probabilities[i]);
        }
    }

    /// <summary>Sets the probability of class <paramref name="slot"/>.</summary>
    public void SetSlot(int slot, float value)
    {
        switch (slot)
        {
            case 0: S000 = value; break;
            case 1: S001 = value; break;
            case 2: S002 = value; break;
            case 3: S003 = value; break;
            case 4: S004 = value; break;
            case 5: S005 = value; break;
            case 6: S006 = value; break;
            case 7: S007 = value; break;
            case 8: S008 = value; break;
            case 9: S009 = value; break;
            case 10: S010 = value; break;
            case 11: S011 = value; break;
            case 12: S012 = value; break;
            case 13: S013 = value; break;
            case 14: S014 = value; break;
            case 15: S015 = value; break;
            case 16: S016 = value; break;
            case 17: S017 = value; break;
            case 18: S018 = value; break;
            case 19: S019 = value; break;
            case 20: S020 = value; break;
            case 21: S021 = value; break;
            case 22: S022 = value; break;
            case 23: S023 = value; break;
            case 24: S024 = value; break;
            case 25: S025 = value; break;
            case 26: S026 = value; break;
            case 27: S027 = value; break;
            case 28: S028 = value; break;
            case 29: S029 = value; break;
            case 30: S030 = value; break;
            case 31: S031 = value; break;
            case 32: S032 = value; break;
            case 33: S033 = value; break;
            case 34: S034 = value; break;
            case 35: S035 = value; break;
            case 36: S036 = value; break;
            case 37: S037 = value; break;
            case 38: S038 = value; break;
            case 39: S039 = value; break;
            case 40: S040 = value; break;
            case 41: S041 = value; break;
            case 42: S042 = value; break;
            case 43: S043 = value; break;
            case 44: S044 = value; break;
            case 45: S045 = value; break;
            case 46: S046 = value; break;
            case 47: S047 = value; break;
            case 48: S048 = value; break;
            case 49: S049 = value; break;
            case 50: S050 = value; break;
            case 51: S051 = value; break;
            case 52: S052 = value; break;
            case 53: S053 = value; break;
            case 54: S054 = value; break;
            case 55: S055 = value; break;
            case 56: S056 = value; break;
            case 57: S057 = value; break;
            case 58: S058 = value; break;
            case 59: S059 = value; break;
            case 60: S060 = value; break;
            case 61: S061 = value; break;
            case 62: S062 = value; break;
            case 63: S063 = value; break;
            case 64: S064 = value; break;
            case 65: S065 = value; break;
            case 66: S066 = value; break;
            case 67: S067 = value; break;
            case 68: S068 = value; break;
            case 69: S069 = value; break;
            case 70: S070 = value; break;
            case 71: S071 = value; break;
            case 72: S072 = value; break;
            case 73: S073 = value; break;
            case 74: S074 = value; break;
            case 75: S075 = value; break;
            case 76: S076 = value; break;
            case 77: S077 = value; break;
            case 78: S078 = value; break;
            case 79: S079 = value; break;
            case 80: S080 = value; break;
            case 81: S081 = value; break;
            case 82: S082 = value; break;
            case 83: S083 = value; break;
            case 84: S084 = value; break;
            case 85: S085 = value; break;
            case 86: S086 = value; break;
            case 87: S087 = value; break;
            case 88: S088 = value; break;
            case 89: S089 = value; break;
            case 90: S090 = value; break;
            case 91: S091 = value; break;
            case 92: S092 = value; break;
            case 93: S093 = value; break;
            case 94: S094 = value; break;
            case 95: S095 = value; break;
            case 96: S096 = value; break;
            case 97: S097 = value; break;
            case 98: S098 = value; break;
            case 99: S099 = value; break;
            case 100: S100 = value; break;
            case 101: S101 = value; break;
            case 102: S102 = value; break;
            case 103: S103 = value; break;
            case 104: S104 = value; break;
            case 105: S105 = value; break;
            case 106: S106 = value; break;
            case 107: S107 = value; break;
            case 108: S108 = value; break;
            case 109: S109 = value; break;
            case 110: S110 = value; break;
            case 111: S111 = value; break;
            case 112: S112 = value; break;
            case 113: S113 = value; break;
            case 114: S114 = value; break;
            case 115: S115 = value; break;
            case 116: S116 = value; break;
            case 117: S117 = value; break;
            case 118: S118 = value; break;
            case 119: S119 = value; break;
            case 120: S120 = value; break;
            case 121: S121 = value; break;
            case 122: S122 = value; break;
            case 123: S123 = value; break;
            case 124: S124 = value; break;
            case 125: S125 = value; break;
            case 126: S126 = value; break;
            case 127: S127 = value; break;
            default: throw new ArgumentOutOfRangeException(nameof(slot), slot, $"At most {MaxClasses} classes are supported.");
        }
    }
}
