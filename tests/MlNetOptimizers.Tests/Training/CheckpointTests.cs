using System.Diagnostics;
using Microsoft.ML;
using MlNetOptimizers.Datasets;

namespace MlNetOptimizers.Tests.Training;

/// <summary>
/// Checkpoint and resume: a run killed in the middle resumes from its last epoch and ends bit-identical to one that was
/// never interrupted; a checkpoint of another run is refused; a finished run returns at once.
/// </summary>
public class CheckpointTests
{
    private readonly MLContext _ml = new(seed: 1);

    [Fact]
    public void A_run_killed_in_the_middle_resumes_and_ends_bit_identical_to_an_uninterrupted_one()
    {
        var folder = Directory.CreateTempSubdirectory("mlnetopt-checkpoint-").FullName;
        string checkpoint = Path.Combine(folder, "run.ckpt"), reference = Path.Combine(folder, "reference.bin"), resumed = Path.Combine(folder, "resumed.bin");

        Run("none", reference, delay: 0).Should().Contain("epoch 12");

        // Slow epochs, so that the process is surely killed in the middle of training.
        using (var killed = Start(checkpoint, Path.Combine(folder, "killed.bin"), delay: 300))
        {
            var clock = Stopwatch.StartNew();
            while (CheckpointEpoch(checkpoint) < 3)
            {
                clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(60), "the child process should write checkpoints");
                killed.HasExited.Should().BeFalse("the child process should still be training");
                Thread.Sleep(20);
            }
            killed.Kill(entireProcessTree: true);
            killed.WaitForExit();
        }
        int done = CheckpointEpoch(checkpoint);
        done.Should().BeInRange(3, 11);

        var output = Run(checkpoint, resumed, delay: 0);
        output.Should().NotContain($"epoch {done}\n").And.Contain($"epoch {done + 1}").And.Contain("done 12");
        output.Should().NotContain("trying L2", "the trials that chose λ were recorded beside the checkpoint and do not run again");
        File.ReadAllBytes(resumed).Should().Equal(File.ReadAllBytes(reference), "the resumed run must end where the uninterrupted one did");
        Directory.GetFiles(folder, "*.tmp").Should().BeEmpty("checkpoints are written to a temporary file and renamed");
    }

    [Fact]
    public void A_checkpoint_of_another_run_is_refused_naming_what_differs()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("mlnetopt-checkpoint-").FullName, "run.ckpt");
        Train(new GradientTrainerOptions { Epochs = 2, CheckpointPath = path, Seed = 1 });
        var act = () => Train(new GradientTrainerOptions { Epochs = 2, CheckpointPath = path, Seed = 2 });
        act.Should().Throw<InvalidOperationException>().WithMessage("*belongs to another run*it has seed=1, this run seed=2*");
    }

    [Fact]
    public void A_finished_run_returns_its_model_at_once_and_may_be_resumed_to_run_longer()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("mlnetopt-checkpoint-").FullName, "run.ckpt");
        var first = Train(new GradientTrainerOptions { Epochs = 3, ConvergenceTolerance = 0, CheckpointPath = path });

        int calls = 0;
        var again = Train(new GradientTrainerOptions { Epochs = 3, ConvergenceTolerance = 0, CheckpointPath = path, OnEpoch = _ => calls++ });
        calls.Should().Be(0);
        again.Model.Parameters.ToArray().Should().Equal(first.Model.Parameters.ToArray());
        again.History.Epochs.Should().HaveCount(3);

        var longer = Train(new GradientTrainerOptions { Epochs = 5, ConvergenceTolerance = 0, CheckpointPath = path, OnEpoch = _ => calls++ });
        calls.Should().Be(2);
        longer.History.Epochs.Select(e => e.Epoch).Should().Equal(1, 2, 3, 4, 5);
    }

    [Fact]
    public void A_network_that_chose_its_l2_returns_its_finished_run_from_the_checkpoint_without_training_the_trials_again()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("mlnetopt-checkpoint-").FullName, "run.ckpt");
        var data = _ml.Transforms.Conversion.MapValueToKey("Label").Fit(ClassificationSets.Iris(_ml)).Transform(ClassificationSets.Iris(_ml));
        NeuralNetworkPredictionTransformer Fit(Action<EpochRecord>? onEpoch = null) => _ml.MulticlassClassification.Trainers.NeuralNetwork(
            new GradientTrainerOptions { HiddenLayers = [8], Epochs = 20, CheckpointPath = path, OnEpoch = onEpoch }).Fit(data);

        var first = Fit();
        File.Exists(path + ".l2").Should().BeTrue("the finished trials are recorded beside the checkpoint");
        var records = new List<EpochRecord>();
        var again = Fit(records.Add);
        records.Should().BeEmpty("neither the trials nor the finished model train again");
        again.History.L2Regularization.Should().Be(first.History.L2Regularization);
        again.History.L2Selection.Should().BeEquivalentTo(first.History.L2Selection);
        again.Model.Parameters.ToArray().Should().Equal(first.Model.Parameters.ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_run_cancelled_while_choosing_its_l2_resumes_training_only_the_trials_it_lacks(bool withValidationData)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("mlnetopt-checkpoint-").FullName, "run.ckpt");
        var data = _ml.Transforms.Conversion.MapValueToKey("Label").Fit(ClassificationSets.Iris(_ml)).Transform(ClassificationSets.Iris(_ml));
        var split = _ml.Data.TrainTestSplit(data, testFraction: 0.3, seed: 1);
        float[] candidates = [0.03f, 0.01f, 0.001f];
        NeuralNetworkPredictionTransformer Fit(string? checkpoint, Action<EpochRecord>? onEpoch = null, CancellationToken cancel = default) =>
            AmbientCores.Run(1, () => // one trial at a time, so that the cancellation comes after the first two finished
            {
                var trainer = _ml.MulticlassClassification.Trainers.NeuralNetwork(new GradientTrainerOptions
                {
                    HiddenLayers = [8], Epochs = 20, L2Candidates = candidates, CheckpointPath = checkpoint, OnEpoch = onEpoch, CancellationToken = cancel,
                });
                return withValidationData ? trainer.Fit(split.TrainSet, split.TestSet) : trainer.Fit(data);
            });

        using var cancellation = new CancellationTokenSource();
        var cancelled = () => Fit(path, e =>
        {
            if (e.SelectingL2 == candidates[2])
            {
                cancellation.Cancel();
            }
        }, cancellation.Token);
        cancelled.Should().Throw<OperationCanceledException>();

        var resumed = new List<EpochRecord>();
        var model = Fit(path, resumed.Add);
        resumed.Where(r => r.SelectingL2 is not null).Select(r => r.SelectingL2).Distinct().Should().Equal([candidates[2]],
            "the two trials that finished before the cancellation were recorded");
        resumed.Should().Contain(r => r.SelectingL2 == null, "then the chosen λ's model trains");
        model.History.L2Selection!.Select(t => t.L2Regularization).Should().Equal(candidates);
        model.Model.Parameters.ToArray().Should().Equal(Fit(checkpoint: null).Model.Parameters.ToArray(),
            "the resumed run trains the model an uninterrupted run without a checkpoint trains");
    }

    [Fact]
    public void A_record_of_another_runs_choice_of_l2_is_refused()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("mlnetopt-checkpoint-").FullName, "run.ckpt");
        var data = _ml.Transforms.Conversion.MapValueToKey("Label").Fit(ClassificationSets.Iris(_ml)).Transform(ClassificationSets.Iris(_ml));
        void Fit(float[] candidates) => _ml.MulticlassClassification.Trainers.NeuralNetwork(new GradientTrainerOptions
        {
            HiddenLayers = [8], Epochs = 5, L2Candidates = candidates, CheckpointPath = path,
        }).Fit(data);

        Fit([0.03f, 0.01f]);
        File.Delete(path); // the model's checkpoint gone, the record of the trials left
        var act = () => Fit([0.1f, 0.01f]);
        act.Should().Throw<InvalidOperationException>().WithMessage("*record of a choice of λ*belongs to another run*");
    }

    [Fact]
    public void A_damaged_checkpoint_is_refused()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("mlnetopt-checkpoint-").FullName, "run.ckpt");
        Train(new GradientTrainerOptions { Epochs = 2, CheckpointPath = path });
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x10;
        File.WriteAllBytes(path, bytes);
        var act = () => Train(new GradientTrainerOptions { Epochs = 2, CheckpointPath = path });
        act.Should().Throw<InvalidDataException>().WithMessage("*checkpoint*damaged*");
    }

    private NeuralNetworkPredictionTransformer Train(GradientTrainerOptions options)
    {
        var data = _ml.Transforms.Conversion.MapValueToKey("Label").Fit(ClassificationSets.Iris(_ml)).Transform(ClassificationSets.Iris(_ml));
        return _ml.MulticlassClassification.Trainers.SoftmaxRegression(options).Fit(data);
    }

    private static int CheckpointEpoch(string path)
    {
        try
        {
            return File.Exists(path) ? TrainingCheckpoint.Read(path).Epoch : 0;
        }
        catch (IOException)
        {
            return 0; // being replaced at this moment
        }
    }

    private static string Run(string checkpoint, string output, int delay)
    {
        using var process = Start(checkpoint, output, delay);
        string stdout = process.StandardOutput.ReadToEnd(), stderr = process.StandardError.ReadToEnd();
        process.WaitForExit(120_000).Should().BeTrue();
        process.ExitCode.Should().Be(0, $"the training process said:\n{stdout}\n{stderr}");
        return stdout.Replace("\r\n", "\n");
    }

    private static Process Start(string checkpoint, string output, int delay)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "exec", Path.Combine(AppContext.BaseDirectory, "CheckpointRun.dll"), checkpoint, output, delay.ToString() })
        {
            start.ArgumentList.Add(arg);
        }
        return Process.Start(start)!;
    }
}
