// Loads a saved model in a fresh process and writes its Score column for a dataset, one row per line, so that a test
// can compare it with the scores of the process that trained and saved the model.
// Usage: ModelLoadCheck <model.zip> <breast-cancer|iris|digits|concrete> <scores.txt>
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetOptimizers.Datasets;

if (args.Length != 3)
{
    Console.Error.WriteLine("usage: ModelLoadCheck <model.zip> <breast-cancer|iris|digits|concrete> <scores.txt>");
    return 2;
}
var ml = new MLContext(seed: 0);
var model = ml.Model.Load(args[0], out _);
IDataView data = args[1] switch
{
    "breast-cancer" => ClassificationSets.BreastCancer(ml),
    "iris" => ClassificationSets.Iris(ml),
    "digits" => ClassificationSets.Digits(ml),
    "concrete" => RegressionSets.Concrete(ml),
    _ => throw new ArgumentException($"unknown dataset {args[1]}"),
};
var scored = model.Transform(data);
var lines = new List<string>();
var score = scored.Schema["Score"];
using (var cursor = scored.GetRowCursor([score]))
{
    if (score.Type is VectorDataViewType)
    {
        var getter = cursor.GetGetter<VBuffer<float>>(score);
        VBuffer<float> buffer = default;
        while (cursor.MoveNext())
        {
            getter(ref buffer);
            lines.Add(string.Join(" ", buffer.DenseValues().Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
        }
    }
    else
    {
        var getter = cursor.GetGetter<float>(score);
        float value = 0;
        while (cursor.MoveNext())
        {
            getter(ref value);
            lines.Add(value.ToString("R", CultureInfo.InvariantCulture));
        }
    }
}
File.WriteAllLines(args[2], lines);
Console.WriteLine($"{lines.Count} rows scored; output columns: {string.Join(", ", scored.Schema.Select(c => $"{c.Name}:{c.Type}"))}");
return 0;
