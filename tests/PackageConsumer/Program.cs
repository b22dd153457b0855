// Trains softmax regression and an MLP on iris through the installed packages, saves, loads and scores each model,
// and fails (exit code 1) if accuracy is below 0.9 or the loaded model predicts differently.
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetOptimizers;

string path = args.Length > 0 ? args[0] : Path.Combine("data", "iris.csv");
var ml = new MLContext(seed: 1);
// The file's first line is scikit-learn's metadata (rows, features, class names), not a header.
var data = ml.Data.LoadFromTextFile<IrisRow>(path, separatorChar: ',', hasHeader: true);
var keyed = ml.Transforms.Conversion.MapValueToKey("Label").Fit(data).Transform(data);

var failures = 0;
foreach (var (name, trainer) in new (string, IEstimator<ITransformer>)[]
{
    ("softmax regression", ml.MulticlassClassification.Trainers.SoftmaxRegression()),
    ("MLP [16]", ml.MulticlassClassification.Trainers.NeuralNetwork([16])),
})
{
    var model = trainer.Fit(keyed);
    double accuracy = ml.MulticlassClassification.Evaluate(model.Transform(keyed)).MicroAccuracy;

    var file = Path.Combine(Path.GetTempPath(), $"consumer-{Guid.NewGuid():N}.zip");
    ml.Model.Save(model, keyed.Schema, file);
    var loaded = ml.Model.Load(file, out _);
    File.Delete(file);
    var before = model.Transform(keyed).GetColumn<float[]>("Score").SelectMany(s => s).ToArray();
    var after = loaded.Transform(keyed).GetColumn<float[]>("Score").SelectMany(s => s).ToArray();
    bool identical = before.AsSpan().SequenceEqual(after);

    bool ok = accuracy >= 0.9 && identical;
    failures += ok ? 0 : 1;
    Console.WriteLine($"{name}: accuracy {accuracy:0.000}, loaded predictions {(identical ? "identical" : "DIFFERENT")} -> {(ok ? "ok" : "FAILED")}");
}
return failures == 0 ? 0 : 1;

internal sealed class IrisRow
{
    [LoadColumn(0, 3), VectorType(4)]
    public float[] Features { get; set; } = [];

    [LoadColumn(4)]
    public float Label { get; set; }
}
