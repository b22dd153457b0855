using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetOptimizers;

var ml = new MLContext(seed: 1);
var data = ml.Data.LoadFromTextFile("data/iris.csv", [new TextLoader.Column("Features", DataKind.Single, 0, 3),
    new TextLoader.Column("Label", DataKind.Single, 4)], separatorChar: ',', hasHeader: true);
var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 1);
var (train, test) = (split.TrainSet, split.TestSet);
var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
    .Append(ml.MulticlassClassification.Trainers.NeuralNetwork([100]));   // the defaults: no tuning, no normalizer needed
var model = pipeline.Fit(train);
var metrics = ml.MulticlassClassification.Evaluate(model.Transform(test));   // ML.NET's own metrics
ml.Model.Save(model, train.Schema, "model.zip");                             // loads back with ml.Model.Load
var history = model.LastTransformer.History;                                 // per-epoch loss, validation metrics, seconds
Console.WriteLine($"accuracy {metrics.MacroAccuracy:0.000}, λ {history.L2Regularization}, {history.Epochs.Count} epochs, {history.StopReason}");
