// The README's C# blocks after the "Use" example, run on data/iris.csv from the working directory: blocks 2 to 5 in
// Blocks.cs, block 6 (scoring the exported ONNX file through ML.NET) last, because it ends with type declarations.
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetOptimizers;

var ml = new MLContext(seed: 1);
var data = ml.Data.LoadFromTextFile("data/iris.csv", [new TextLoader.Column("Features", DataKind.Single, 0, 3),
    new TextLoader.Column("Label", DataKind.Single, 4)], separatorChar: ',', hasHeader: true);
var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 1);
var keys = ml.Transforms.Conversion.MapValueToKey("Label").Fit(split.TrainSet);
var (train, test) = (keys.Transform(split.TrainSet), keys.Transform(split.TestSet));
Blocks.Text(ml);
Blocks.Optimizers();
Blocks.Chain();
Blocks.SaveLoadExport(ml, train);
// Block 6's binary half reads a binary model's export.
var setosa = ml.Transforms.Expression("Label", "x : x == 0", "Label").Fit(split.TrainSet).Transform(split.TrainSet);
var binaryNetwork = NeuralNetworkModel.FromTransformer(ml.BinaryClassification.Trainers.LogisticRegression().Fit(setosa));
using (var file = File.Create("binary.onnx"))
{
    binaryNetwork.ExportToOnnx(file);
}
Console.WriteLine("blocks 2-5 ran");
// README block 6
// multiclass: Evaluate reads the Score vector
var onnx = ml.Transforms.ApplyOnnxModel(["Score", "PredictedLabel"], ["Features"], "model.onnx");
var metrics = ml.MulticlassClassification.Evaluate(onnx.Fit(test).Transform(test));

// binary: ML.NET reads the [N] outputs as vectors of one slot; map them to the scalars Evaluate expects
var binary = ml.Transforms.ApplyOnnxModel(["Score", "Probability", "PredictedLabel"], ["Features"], "binary.onnx")
    .Append(ml.Transforms.CustomMapping<OnnxBinary, Binary>(
        (i, o) => (o.Score, o.Probability, o.PredictedLabel) = (i.Score[0], i.Probability[0], i.PredictedLabel[0]), contractName: null));
class OnnxBinary { [VectorType(1)] public float[] Score { get; set; } = []; [VectorType(1)] public float[] Probability { get; set; } = []; [VectorType(1)] public bool[] PredictedLabel { get; set; } = []; }
class Binary { public float Score { get; set; } public float Probability { get; set; } public bool PredictedLabel { get; set; } }
// end of README block 6
