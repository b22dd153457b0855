using Microsoft.ML;
using MlNetOptimizers.Datasets;

namespace MlNetOptimizers.Tests.Trainers;

public class TrainingBehaviourTests
{
    private readonly MLContext _ml = new(seed: 1);

    private IDataView Digits() =>
        _ml.Transforms.Conversion.MapValueToKey("Label").Append(_ml.Transforms.NormalizeMinMax("Features"))
            .Fit(ClassificationSets.Digits(_ml)).Transform(ClassificationSets.Digits(_ml));

    [Fact]
    public void Cancellation_stops_training_between_batches()
    {
        using var cancel = new CancellationTokenSource();
        var options = new GradientTrainerOptions
        {
            HiddenLayers = [32], Epochs = 50, CancellationToken = cancel.Token, OnEpoch = e => { if (e.Epoch == 2) cancel.Cancel(); },
        };
        var act = () => _ml.MulticlassClassification.Trainers.NeuralNetwork(options).Fit(Digits());
        act.Should().Throw<OperationCanceledException>();
    }

    [Fact]
    public void Cancellation_while_the_model_trains_beside_the_last_trial_stops_both()
    {
        // λ = 10 ends its trial after 37 epochs; λ = 0.001 leads and trains on to 67, and the model starts beside it.
        using var cancel = new CancellationTokenSource();
        var modelEpochs = 0;
        var options = new GradientTrainerOptions
        {
            HiddenLayers = [32], L2Candidates = [10f, 0.001f], CancellationToken = cancel.Token,
            OnEpoch = e =>
            {
                if (e.SelectingL2 is null)
                {
                    Interlocked.Increment(ref modelEpochs);
                }
                if (e.SelectingL2 == 0.001f && e.Epoch == 50)
                {
                    cancel.Cancel();
                }
            },
        };
        var data = Digits();
        var fit = Task.Run(() => _ml.MulticlassClassification.Trainers.NeuralNetwork(options).Fit(data));
        var wait = () => fit.Wait(TimeSpan.FromSeconds(60)); // true or false would mean it did not fail: a hang returns false

        wait.Should().Throw<AggregateException>().Which.InnerExceptions.Should().ContainSingle()
            .Which.Should().BeAssignableTo<OperationCanceledException>();
        modelEpochs.Should().Be(0, "the model's epochs reach the callbacks only once it is known to be the model");
    }

    [Fact]
    public void Every_epoch_is_reported_to_the_callback_and_the_progress_object_in_order()
    {
        var seen = new List<int>();
        var progress = new SynchronousProgress();
        var options = new GradientTrainerOptions { Epochs = 4, OnEpoch = e => seen.Add(e.Epoch), Progress = progress };
        var model = _ml.MulticlassClassification.Trainers.SoftmaxRegression(options).Fit(Digits());
        seen.Should().Equal(1, 2, 3, 4);
        progress.Records.Select(r => r.Epoch).Should().Equal(1, 2, 3, 4);
        model.History.Epochs.Select(e => e.TrainLoss).Should().BeInDescendingOrder();
    }

    [Fact]
    public void Early_stopping_stops_after_patience_epochs_and_restores_the_best_parameters()
    {
        // A large learning rate without decay makes validation loss wander, so the best epoch is not the last.
        var options = new GradientTrainerOptions
        {
            HiddenLayers = [64], Optimizer = new Adam(0.02f), Epochs = 60, ValidationFraction = 0.3f, EarlyStoppingPatience = 3,
        };
        var data = Digits();
        var model = _ml.MulticlassClassification.Trainers.NeuralNetwork(options).Fit(data);
        var history = model.History;

        history.StoppedEarly.Should().BeTrue();
        int best = history.BestEpoch!.Value;
        history.Epochs.Should().HaveCount(best + 3);
        var bestLoss = history.Epochs[best - 1].ValidationLoss!.Value;
        history.Epochs.Should().OnlyContain(e => e.ValidationLoss >= bestLoss);

        // The restored model scores the validation split (the same seeded split) with the best epoch's loss.
        var split = _ml.Data.TrainTestSplit(data, 0.3, seed: options.Seed);
        var metrics = _ml.MulticlassClassification.Evaluate(model.Transform(split.TestSet));
        metrics.LogLoss.Should().BeApproximately(bestLoss, 1e-4);
    }

    [Fact]
    public void A_per_epoch_schedule_sets_the_learning_rate_factor_of_each_epoch()
    {
        var options = new GradientTrainerOptions { Epochs = 4, LearningRateSchedule = new StepDecaySchedule(2, 0.5f) };
        var model = _ml.MulticlassClassification.Trainers.SoftmaxRegression(options).Fit(Digits());
        model.History.Epochs.Select(e => e.LearningRateFactor).Should().Equal(1f, 1f, 0.5f, 0.5f);
    }

    [Fact]
    public void Two_threads_give_the_same_model_every_time_and_the_same_quality_as_one()
    {
        var data = Digits();
        NeuralNetworkPredictionTransformer Train(int threads) => _ml.MulticlassClassification.Trainers.NeuralNetwork(
            new GradientTrainerOptions { HiddenLayers = [32], Epochs = 3, BatchSize = 64, NumberOfThreads = threads }).Fit(data);

        var twoA = Train(2);
        var twoB = Train(2);
        twoA.Model.Parameters.ToArray().Should().Equal(twoB.Model.Parameters.ToArray());
        var one = Train(1);
        twoA.History.Epochs[^1].TrainLoss.Should().BeApproximately(one.History.Epochs[^1].TrainLoss, 1e-3);
    }

    [Fact]
    public void A_model_trained_beside_the_last_penalty_trials_is_the_model_trained_after_them_and_reports_only_its_own_epochs()
    {
        var data = Digits();
        (NeuralNetworkPredictionTransformer Model, List<EpochRecord> Reported) Train()
        {
            var reported = new List<EpochRecord>();
            var options = new GradientTrainerOptions { HiddenLayers = [32], OnEpoch = e => { if (e.SelectingL2 is null) reported.Add(e); } };
            return (_ml.MulticlassClassification.Trainers.NeuralNetwork(options).Fit(data), reported);
        }

        var sequential = AmbientCores.Run(1, Train); // one core: the trials one after another, then the model
        sequential.Model.History.TrainedBesideTrials.Should().BeFalse();
        for (int run = 0; run < 3; run++)
        {
            var (model, reported) = Train(); // on every core: the model may start beside the last trial
            model.Model.Parameters.ToArray().Should().Equal(sequential.Model.Model.Parameters.ToArray());
            model.History.Epochs.Select(e => e.TrainLoss).Should().Equal(sequential.Model.History.Epochs.Select(e => e.TrainLoss));
            model.History.StopReason.Should().Be(sequential.Model.History.StopReason);
            reported.Should().Equal(model.History.Epochs, "the callbacks saw the model's epochs, each once, in order, and no other run's");
        }
    }

    [Fact]
    public void Two_workers_that_each_step_their_own_parameters_train_the_same_model_as_one_whole_step()
    {
        // Adam behind a user-written wrapper cannot be split into ranges, so two workers hand it the whole vector.
        var data = Digits();
        NeuralNetworkPredictionTransformer Train(IOptimizer optimizer) => _ml.MulticlassClassification.Trainers.NeuralNetwork(
            new GradientTrainerOptions { HiddenLayers = [32], Epochs = 3, BatchSize = 64, NumberOfThreads = 2, Optimizer = optimizer }).Fit(data);

        var partitioned = Train(new Adam(0.003f));
        var whole = Train(new WholeVectorOnly(new Adam(0.003f)));
        partitioned.Model.Parameters.ToArray().Should().Equal(whole.Model.Parameters.ToArray());
        partitioned.History.Epochs.Select(e => e.TrainLoss).Should().Equal(whole.History.Epochs.Select(e => e.TrainLoss));
    }

    [Fact]
    public void Two_workers_train_with_an_optimizer_that_needs_the_whole_gradient()
    {
        var options = new GradientTrainerOptions { HiddenLayers = [32], Epochs = 3, BatchSize = 64, NumberOfThreads = 2, GradientClipNorm = 1f };
        var history = _ml.MulticlassClassification.Trainers.NeuralNetwork(options).Fit(Digits()).History;
        history.Epochs[^1].TrainLoss.Should().BeLessThan(history.Epochs[0].TrainLoss);
    }

    [Fact]
    public void Streaming_and_in_memory_training_reach_the_same_quality()
    {
        var data = Digits();
        var split = _ml.Data.TrainTestSplit(data, 0.2, seed: 3);
        double Accuracy(DataLoadingMode mode)
        {
            var options = new GradientTrainerOptions { Epochs = 15, DataLoading = mode, StreamingShufflePoolRows = 256, Optimizer = new Adam(0.01f) };
            var model = _ml.MulticlassClassification.Trainers.SoftmaxRegression(options).Fit(split.TrainSet);
            return _ml.MulticlassClassification.Evaluate(model.Transform(split.TestSet)).MicroAccuracy;
        }

        double inMemory = Accuracy(DataLoadingMode.InMemory), streaming = Accuracy(DataLoadingMode.Streaming);
        inMemory.Should().BeGreaterThan(0.93);
        streaming.Should().BeApproximately(inMemory, 0.02);
    }

    [Fact]
    public void Cross_validation_and_permutation_feature_importance_work_on_our_trainer()
    {
        var data = _ml.Transforms.NormalizeMeanVariance("Features").Fit(ClassificationSets.BreastCancer(_ml)).Transform(ClassificationSets.BreastCancer(_ml));
        var trainer = _ml.BinaryClassification.Trainers.LogisticRegression(new Adam(0.05f), epochs: 100);

        var folds = _ml.BinaryClassification.CrossValidateNonCalibrated(data, trainer, numberOfFolds: 3);
        folds.Should().HaveCount(3).And.OnlyContain(f => f.Metrics.Accuracy > 0.92, "L-BFGS scores 0.951, 0.978, 0.980 on these folds");

        var model = trainer.Fit(data);
        var importance = _ml.BinaryClassification.PermutationFeatureImportance(model, data, permutationCount: 1);
        importance.Should().HaveCount(30);
        importance.Max(i => -i.AreaUnderRocCurve.Mean).Should().BeGreaterThan(0, "some feature matters");
    }

    [Fact]
    public void A_user_written_optimizer_trains_a_model()
    {
        var model = _ml.MulticlassClassification.Trainers.SoftmaxRegression(new SignDescent(0.002f), epochs: 5).Fit(Digits());
        model.History.Epochs[^1].TrainLoss.Should().BeLessThan(model.History.Epochs[0].TrainLoss);
    }

    private sealed class SignDescent(float learningRate) : IOptimizer
    {
        public IOptimizerState CreateState(int parameterCount) => new OptimizerState(parameterCount);

        public void Step(Span<float> parameters, ReadOnlySpan<float> gradients, IOptimizerState state)
        {
            for (int i = 0; i < parameters.Length; i++)
            {
                parameters[i] -= learningRate * state.LearningRateFactor * MathF.Sign(gradients[i]);
            }
        }
    }

    /// <summary>A user's optimizer that delegates to another: the training loop only knows its whole-vector Step.</summary>
    private sealed class WholeVectorOnly(IOptimizer inner) : IOptimizer
    {
        public IOptimizerState CreateState(int parameterCount) => inner.CreateState(parameterCount);

        public IOptimizerState CreateState(ParameterLayout layout) => inner.CreateState(layout);

        public void Step(Span<float> parameters, ReadOnlySpan<float> gradients, IOptimizerState state) => inner.Step(parameters, gradients, state);
    }

    private sealed class SynchronousProgress : IProgress<EpochRecord>
    {
        public List<EpochRecord> Records { get; } = [];

        public void Report(EpochRecord value) => Records.Add(value);
    }
}
