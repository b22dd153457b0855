using Microsoft.ML;
using MlNetOptimizers.Datasets;

namespace MlNetOptimizers.Tests.Optimization;

/// <summary>The learning rate has one writer per step: the trainer's per-epoch factor and a per-step schedule multiply.</summary>
public class LearningRateOwnerTests
{
    private readonly MLContext _ml = new(seed: 1);

    [Fact]
    public void A_per_epoch_schedule_and_a_per_step_schedule_multiply()
    {
        var recorder = new FactorRecorder();
        var options = new GradientTrainerOptions
        {
            Optimizer = recorder.WithSchedule(new StepDecaySchedule(stepSize: 1, gamma: 0.5f)),
            LearningRateSchedule = new StepDecaySchedule(stepSize: 1, gamma: 0.1f),
            Epochs = 2,
            BatchSize = 100,
        };
        var data = _ml.Data.TakeRows(Iris(), 200); // 150 rows: 2 batches per epoch
        var model = _ml.MulticlassClassification.Trainers.SoftmaxRegression(options).Fit(data);

        recorder.Factors.Should().Equal(new[] { 1f, 0.5f, 0.1f * 0.25f, 0.1f * 0.125f }, (a, b) => Math.Abs(a - b) < 1e-7f);
        model.History.Epochs.Select(e => e.LearningRateFactor).Should().Equal(1f, 0.1f);
    }

    [Fact]
    public void A_trainer_keeps_its_options_when_the_callers_change()
    {
        var options = new GradientTrainerOptions { HiddenLayers = [8] };
        var trainer = _ml.MulticlassClassification.Trainers.NeuralNetwork(options);
        options.HiddenLayers[0] = 100;
        trainer.Options.HiddenLayers.Should().Equal(8);
        trainer.Options.HiddenLayers[0] = 50;
        trainer.Options.HiddenLayers.Should().Equal([8], "Options hands out a copy");
    }

    private IDataView Iris() =>
        _ml.Transforms.Conversion.MapValueToKey("Label").Fit(ClassificationSets.Iris(_ml)).Transform(ClassificationSets.Iris(_ml));

    /// <summary>Plain SGD that records the learning-rate factor of each step.</summary>
    private sealed class FactorRecorder : IOptimizer
    {
        public List<float> Factors { get; } = [];

        public IOptimizerState CreateState(int parameterCount) => new OptimizerState(parameterCount);

        public void Step(Span<float> parameters, ReadOnlySpan<float> gradients, IOptimizerState state)
        {
            var s = OptimizerState.Expect<OptimizerState>(state, parameters.Length, gradients.Length, nameof(FactorRecorder));
            s.BeginStep();
            Factors.Add(s.LearningRateFactor);
            for (int i = 0; i < parameters.Length; i++)
            {
                parameters[i] -= 0.01f * s.LearningRateFactor * gradients[i];
            }
        }
    }
}
