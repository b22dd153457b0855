// Trains one fixed model in a process of its own, so that a test can kill it in the middle of training and resume it.
// Usage: CheckpointRun <checkpoint file | none> <model output> <milliseconds to wait after each epoch>
// Prints "epoch N" for every epoch of the model's training (a resumed run starts after the checkpoint's epoch), after the
// trial runs that choose its L2 penalty.
using Microsoft.ML;
using MlNetOptimizers;
using MlNetOptimizers.Datasets;

if (args.Length != 3)
{
    Console.Error.WriteLine("usage: CheckpointRun <checkpoint file | none> <model output> <milliseconds after each epoch>");
    return 2;
}
int delay = int.Parse(args[2]);
var ml = new MLContext(seed: 1);
var data = ml.Transforms.Conversion.MapValueToKey("Label").Fit(ClassificationSets.Digits(ml)).Transform(ClassificationSets.Digits(ml));
var options = new GradientTrainerOptions
{
    HiddenLayers = [32],
    Epochs = 12,
    ConvergenceTolerance = 0,
    BatchSize = 64,
    CheckpointPath = args[0] == "none" ? null : args[0],
    OnEpoch = e =>
    {
        if (e.SelectingL2 is { } l2)
        {
            Console.WriteLine($"trying L2 {l2}: {e.Epoch}"); // the choice of λ that comes first (it is not checkpointed)
            return;
        }
        Console.WriteLine($"epoch {e.Epoch}");
        Thread.Sleep(delay);
    },
};
var model = ml.MulticlassClassification.Trainers.NeuralNetwork(options).Fit(data);
using (var file = File.Create(args[1]))
{
    model.Model.Save(file);
}
Console.WriteLine($"done {model.History.Epochs.Count} {model.History.StopReason}");
return 0;
