using Microsoft.ML;
using MlNetOptimizers.Datasets;

namespace MlNetOptimizers.Tests.Training;

/// <summary>Training runs to convergence by default, says why it stopped, and lowers the learning rate on plateaus.</summary>
public class ConvergenceTests
{
    private readonly MLContext _ml = new(seed: 1);

    private IDataView Iris() =>
        _ml.Transforms.Conversion.MapValueToKey("Label").Fit(ClassificationSets.Iris(_ml)).Transform(ClassificationSets.Iris(_ml));

    [Fact]
    public void By_default_training_stops_when_the_loss_has_converged_well_before_the_maximum()
    {
        var model = _ml.MulticlassClassification.Trainers.SoftmaxRegression().Fit(Iris());
        model.History.StopReason.Should().Be(StopReason.Converged);
        model.History.Epochs.Count.Should().BeLessThan(200);
        var last = model.History.Epochs.TakeLast(11).Select(e => e.TrainLoss).ToArray();
        (last.Max() - last.Min()).Should().BeLessThan(0.01 * last.Min() + 1e-3, "the last epochs barely move the loss");
    }

    [Fact]
    public void A_tolerance_of_zero_trains_every_epoch()
    {
        var options = new GradientTrainerOptions { Epochs = 7, ConvergenceTolerance = 0, ConvergencePatience = 1 };
        var model = _ml.MulticlassClassification.Trainers.SoftmaxRegression(options).Fit(Iris());
        model.History.StopReason.Should().Be(StopReason.MaxEpochs);
        model.History.Epochs.Should().HaveCount(7);
    }

    [Fact]
    public void A_patience_of_one_stops_after_the_first_epoch_without_improvement()
    {
        var seen = new List<double>();
        var options = new GradientTrainerOptions
        {
            ConvergenceTolerance = 0.5, ConvergencePatience = 1, ReduceLearningRateOnPlateau = null, L2Regularization = 0,
            OnEpoch = e => seen.Add(e.TrainLoss),
        };
        var model = _ml.MulticlassClassification.Trainers.SoftmaxRegression(options).Fit(Iris());
        model.History.StopReason.Should().Be(StopReason.Converged);
        // Epoch 1 sets the best; training stops at the first later epoch that does not halve the best loss so far.
        seen.Count.Should().BeGreaterThan(1);
        for (int i = 1; i < seen.Count - 1; i++)
        {
            seen[i].Should().BeLessThan(0.5 * seen.Take(i).Min(), $"epoch {i + 1} halved the loss, so training went on");
        }
        seen[^1].Should().BeGreaterThanOrEqualTo(0.5 * seen.SkipLast(1).Min(), "the last epoch did not halve it");
    }

    [Fact]
    public void Cancellation_carries_the_completed_epochs()
    {
        using var cancel = new CancellationTokenSource();
        var options = new GradientTrainerOptions
        {
            ConvergenceTolerance = 0, CancellationToken = cancel.Token, OnEpoch = e => { if (e.Epoch == 3) cancel.Cancel(); },
        };
        var act = () => _ml.MulticlassClassification.Trainers.SoftmaxRegression(options).Fit(Iris());
        var history = act.Should().Throw<TrainingCanceledException>().Which.History;
        history.StopReason.Should().Be(StopReason.Cancelled);
        history.Epochs.Should().HaveCount(3);
    }

    [Fact]
    public void A_plateau_halves_the_learning_rate_after_patience_epochs_without_improvement()
    {
        var tracker = new ReduceLearningRateOnPlateau(factor: 0.5f, patience: 2, minimumLearningRate: 0.02f).Create(baseLearningRate: 0.1f, rows: 0);
        double[] losses = [1.0, 0.9, 0.95, 0.92, 0.91, 0.99, 0.98, 0.97, 0.96];
        var factors = losses.Select(l => tracker.Observe(l)).ToArray();
        // best .9 at epoch 2; epochs 3 and 4 are no better: halve; 5 and 6: halve again, to .25; then the floor is .02/.1 = .2.
        factors.Should().Equal(new[] { 1f, 1f, 1f, 0.5f, 0.5f, 0.25f, 0.25f, 0.2f, 0.2f }, (a, b) => Math.Abs(a - b) < 1e-6f);
    }

    [Theory]
    [InlineData(5000, 1)]
    [InlineData(1500, 1)]
    [InlineData(1499, 2)]
    [InlineData(500, 3)]
    [InlineData(0, 1)]
    public void A_patience_in_rows_waits_as_many_epochs_as_the_data_needs_to_hold_them(long rows, int epochs)
    {
        var rule = new ReduceLearningRateOnPlateau(factor: 0.5f, patience: 1) { PatienceRows = 1500 };
        rule.PatienceFor(rows).Should().Be(epochs, $"{rows} rows a epoch (0: unknown, epochs only)");
        var tracker = rule.Create(baseLearningRate: null, rows);
        tracker.Observe(1.0);
        var factors = Enumerable.Range(0, epochs).Select(_ => tracker.Observe(1.0)).ToArray();
        factors.Count(f => f == 1f).Should().Be(epochs - 1, "no reduction before the patience is spent");
        factors[^1].Should().Be(0.5f);
        rule.ToString().Should().Contain("1500 rows");
    }

    [Fact]
    public void A_negative_patience_in_rows_is_refused_by_name()
    {
        var act = () => new ReduceLearningRateOnPlateau() { PatienceRows = -1 };
        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("PatienceRows");
    }

    [Fact]
    public void A_floor_above_the_base_rate_never_raises_the_rate()
    {
        var tracker = new ReduceLearningRateOnPlateau(factor: 0.5f, patience: 1, minimumLearningRate: 0.1f).Create(baseLearningRate: 0.01f, rows: 0);
        tracker.Observe(1.0);
        tracker.Observe(1.0).Should().Be(1f);
    }

    [Fact]
    public void Each_plateau_reduction_gives_the_lower_rate_a_fresh_convergence_patience()
    {
        // A rate too small to move the loss: every epoch is stale. Without a plateau, 3 stale epochs converge; with one that
        // halves the rate every 2 stale epochs (no floor), each halving restarts the count and the run reaches its maximum.
        GradientTrainerOptions Options(ReduceLearningRateOnPlateau? plateau) => new()
        {
            Optimizer = new Sgd(1e-12f), Epochs = 12, ConvergencePatience = 3, ReduceLearningRateOnPlateau = plateau,
        };
        _ml.MulticlassClassification.Trainers.SoftmaxRegression(Options(null)).Fit(Iris()).History.StopReason.Should().Be(StopReason.Converged);
        var model = _ml.MulticlassClassification.Trainers.SoftmaxRegression(Options(new ReduceLearningRateOnPlateau(0.5f, 2))).Fit(Iris());
        model.History.StopReason.Should().Be(StopReason.MaxEpochs);
        model.History.Epochs[^1].LearningRateFactor.Should().BeLessThan(0.05f);
    }

    [Fact]
    public void A_plateau_schedule_shows_in_the_epoch_records_and_multiplies_the_epoch_schedule()
    {
        var options = new GradientTrainerOptions
        {
            Epochs = 30, ConvergenceTolerance = 0, Optimizer = new Sgd(1e-5f), // too small to improve much: plateaus come fast
            ReduceLearningRateOnPlateau = new ReduceLearningRateOnPlateau(factor: 0.5f, patience: 1, threshold: 0.5f),
            LearningRateSchedule = new ConstantSchedule(),
        };
        var model = _ml.MulticlassClassification.Trainers.SoftmaxRegression(options).Fit(Iris());
        var factors = model.History.Epochs.Select(e => e.LearningRateFactor).ToArray();
        factors[0].Should().Be(1f);
        factors.Should().BeInDescendingOrder().And.Contain(f => f < 0.01f);
    }

    [Theory]
    [InlineData(nameof(GradientTrainerOptions.ConvergenceTolerance))]
    [InlineData(nameof(GradientTrainerOptions.ConvergencePatience))]
    public void Bad_convergence_options_are_refused_naming_the_option(string option)
    {
        var options = option == nameof(GradientTrainerOptions.ConvergenceTolerance)
            ? new GradientTrainerOptions { ConvergenceTolerance = -1e-4 }
            : new GradientTrainerOptions { ConvergencePatience = 0 };
        var act = () => _ml.MulticlassClassification.Trainers.SoftmaxRegression(options);
        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be(option);
    }

    [Theory]
    [InlineData(0f, 5, "factor")]
    [InlineData(1f, 5, "factor")]
    [InlineData(float.NaN, 5, "factor")]
    [InlineData(0.5f, 0, "patience")]
    public void Bad_plateau_arguments_are_refused_naming_them(float factor, int patience, string argument)
    {
        var act = () => new ReduceLearningRateOnPlateau(factor, patience);
        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be(argument);
    }
}
