using Microsoft.ML;
using MlNetOptimizers;
using MlNetOptimizers.Optimization;

/// <summary>The README's blocks 2 to 5, each in a method that declares what the block uses, then runs it.</summary>
internal static class Blocks
{
    public static void Text(MLContext ml)
    {
// README block 2
var pipeline = ml.Transforms.Text.FeaturizeText("Features", "Review")          // 177,833 slots on the product reviews
    .Append(ml.BinaryClassification.Trainers.LogisticRegression());            // or .NeuralNetwork([100])
// end of README block 2
        GC.KeepAlive(pipeline);
    }

    public static void Optimizers()
    {
        var parameters = new float[] { 1, 2, 3 };
        var gradients = new float[] { 0.5f, -1, 2 };
// README block 3
IOptimizer adam = new Adam(learningRate: 1e-3f);                 // PyTorch defaults: betas (0.9, 0.999), eps 1e-8
var state = adam.CreateState(parameters.Length);                 // moments and step count live in the state
adam.Step(parameters, gradients, state);                         // in place, allocation-free, vectorised

IOptimizer scheduled = new Momentum(0.1f, nesterov: true)        // schedules are separate, composable objects
    .WithSchedule(new WarmupSchedule(5, new CosineSchedule(95)));
// end of README block 3
        if (parameters[0] >= 1 || scheduled is null)
        {
            throw new InvalidOperationException("Adam's step did not move the first parameter against its gradient.");
        }
    }

    public static void Chain()
    {
// README block 4
IOptimizer custom = new GradientTransformChain(
    new ClipByGlobalNorm(1f),
    new ScaleByAdam(beta1: 0.9f, beta2: 0.999f),
    new AddDecayedWeights(0.01f, ParameterMask.WeightsOnly),   // after the preconditioner: decoupled, biases left alone
    new ScaleByLearningRate(1e-3f));                           // the one owner of the step's learning rate
IOptimizer clipped = new Momentum(0.1f).WithGradientTransforms(new ClipByGlobalNorm(5f));
// end of README block 4
        var parameters = new float[] { 1, -1 };
        custom.Step(parameters, [1, -1], custom.CreateState(2));
        clipped.Step(parameters, [1, -1], clipped.CreateState(2));
    }

    /// <summary>Trains a network on <paramref name="train"/> (keyed labels), then runs block 5, which writes model.onnx.</summary>
    public static void SaveLoadExport(MLContext ml, IDataView train)
    {
        var trainer = ml.MulticlassClassification.Trainers.NeuralNetwork([16]);
        ITransformer model = trainer.Fit(train);
        var newData = train;
// README block 5
ml.Model.Save(model, train.Schema, "model.zip");                      // ML.NET's own format, any number of classes
var loaded = ml.Model.Load("model.zip", out var schema);              // a chain of public ML.NET transforms; same predictions
var fast = loaded.RestoreNetworkScorers(schema);                      // the same model with our fast scorer back (see below)

NeuralNetworkModel network = NeuralNetworkModel.FromTransformer(loaded);  // the network inside a trained, fitted or loaded model
using (var file = File.Create("network.bin")) network.Save(file);     // the network alone: docs/model-format.md
using (var file = File.OpenRead("network.bin")) network = NeuralNetworkModel.Load(file);
using (var file = File.Create("model.onnx")) network.ExportToOnnx(file);  // ONNX, opset 13; an ensemble's transformer exports too

var more = trainer.Fit(newData, network);                             // warm start: continue from its parameters
new GradientTrainerOptions { CheckpointPath = "run.ckpt" };           // a checkpoint every epoch; a Fit that finds one resumes it
// end of README block 5
        if (more.Model.Architecture.ToString() != network.Architecture.ToString() || fast is null)
        {
            throw new InvalidOperationException("The warm-started model has another architecture.");
        }
    }
}
