using System.Diagnostics;
using Microsoft.ML;
using MlNetOptimizers.Datasets;

namespace MlNetOptimizers.Tests.Ensemble;

/// <summary>
/// An ensemble stops when it should: a member that throws, or the caller's token, ends Fit promptly with the original
/// exception (or OperationCanceledException), cancels our members that are still training, and leaves no training thread
/// behind.
/// </summary>
public class EnsembleFaultTests
{
    /// <summary>Far longer than any test may take: a member that ran this long would not have been stopped.</summary>
    private const int EndlessEpochs = 1_000_000;

    private static readonly TimeSpan Promptly = TimeSpan.FromSeconds(1);

    private readonly MLContext _ml = new(seed: 1);

    private IDataView Data() => ClassificationSets.BreastCancer(_ml);

    /// <summary>A member of ours that would train for hours, and records when it last finished an epoch.</summary>
    private sealed class EndlessMember
    {
        private long _epochs;

        public EndlessMember(MLContext ml, int seed) =>
            Estimator = ml.BinaryClassification.Trainers.NeuralNetwork(new GradientTrainerOptions
            {
                HiddenLayers = [8], Epochs = EndlessEpochs, ConvergenceTolerance = 0, ReduceLearningRateOnPlateau = null, Seed = seed,
                OnEpoch = _ => Interlocked.Increment(ref _epochs),
            });

        public IEstimator<ITransformer> Estimator { get; }

        public long Epochs => Interlocked.Read(ref _epochs);

        public void WaitUntilTraining()
        {
            var clock = Stopwatch.StartNew();
            while (Epochs == 0 && clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                Thread.Sleep(5);
            }
        }
    }

    /// <summary>A member that, once another member is training, throws.</summary>
    private sealed class FailingMember(IEstimator<ITransformer> shape, Action beforeThrowing) : IEstimator<ITransformer>
    {
        public ITransformer Fit(IDataView input)
        {
            beforeThrowing();
            throw new InvalidTimeZoneException("member 1 broke"); // an unusual type, so that the test sees the original
        }

        public SchemaShape GetOutputSchema(SchemaShape inputSchema) => shape.GetOutputSchema(inputSchema);
    }

    private static void ShouldHaveStopped(params EndlessMember[] members)
    {
        var counts = members.Select(m => m.Epochs).ToArray();
        Thread.Sleep(300);
        members.Select(m => m.Epochs).Should().Equal(counts, "no member may go on training after Fit has returned");
    }

    [Fact]
    public void A_member_that_throws_ends_fit_with_its_own_exception_and_stops_the_others()
    {
        var endless = new EndlessMember(_ml, seed: 1);
        var failing = new FailingMember(endless.Estimator, endless.WaitUntilTraining);
        var ensemble = _ml.BinaryClassification.Trainers.Ensemble(i => i == 0 ? endless.Estimator : failing, 2,
            new EnsembleOptions { MaxDegreeOfParallelism = 2 });

        FluentActions.Invoking(() => ensemble.Fit(Data())).Should().Throw<InvalidTimeZoneException>().WithMessage("member 1 broke");

        endless.Epochs.Should().BeGreaterThan(0, "the endless member was training when the other failed");
        ShouldHaveStopped(endless);
    }

    [Fact]
    public void The_failure_reaches_fit_within_a_second_of_the_throw()
    {
        var endless = new EndlessMember(_ml, seed: 1);
        long thrownAt = 0;
        var failing = new FailingMember(endless.Estimator, () =>
        {
            endless.WaitUntilTraining();
            thrownAt = Stopwatch.GetTimestamp();
        });
        var ensemble = _ml.BinaryClassification.Trainers.Ensemble(i => i == 0 ? endless.Estimator : failing, 2,
            new EnsembleOptions { MaxDegreeOfParallelism = 2 });

        FluentActions.Invoking(() => ensemble.Fit(Data())).Should().Throw<InvalidTimeZoneException>();

        Stopwatch.GetElapsedTime(thrownAt).Should().BeLessThan(Promptly);
        ShouldHaveStopped(endless);
    }

    [Fact]
    public void Cancelling_stops_members_inside_pipelines_and_members_not_started_never_start()
    {
        var first = new EndlessMember(_ml, seed: 1);
        var second = new EndlessMember(_ml, seed: 2);
        var third = new EndlessMember(_ml, seed: 3);
        using var cancellation = new CancellationTokenSource();
        var members = new[]
        {
            first.Estimator,
            _ml.Transforms.NormalizeMinMax("Features").Append(second.Estimator), // ours, inside a pipeline
            third.Estimator,
        };
        var ensemble = _ml.BinaryClassification.Trainers.Ensemble(i => members[i], 3,
            new EnsembleOptions { MaxDegreeOfParallelism = 2, CancellationToken = cancellation.Token });

        long cancelledAt = 0;
        var canceller = Task.Run(() =>
        {
            first.WaitUntilTraining();
            second.WaitUntilTraining();
            cancelledAt = Stopwatch.GetTimestamp();
            cancellation.Cancel();
        });
        FluentActions.Invoking(() => ensemble.Fit(Data())).Should().Throw<OperationCanceledException>();

        Stopwatch.GetElapsedTime(cancelledAt).Should().BeLessThan(Promptly);
        ShouldHaveStopped(first, second);
        third.Epochs.Should().Be(0, "a member not started when the ensemble is cancelled never starts");
        canceller.IsCompletedSuccessfully.Should().BeTrue();
    }

    [Fact]
    public void A_token_cancelled_before_fit_trains_nothing()
    {
        var member = new EndlessMember(_ml, seed: 1);
        var options = new EnsembleOptions { CancellationToken = new CancellationToken(canceled: true) };
        FluentActions.Invoking(() => _ml.BinaryClassification.Trainers.Ensemble(_ => member.Estimator, 2, options).Fit(Data()))
            .Should().Throw<OperationCanceledException>();
        member.Epochs.Should().Be(0);
    }

    [Fact]
    public void An_exception_in_the_member_callback_ends_fit_like_a_member_failure()
    {
        var options = new EnsembleOptions { OnMemberTrained = _ => throw new InvalidTimeZoneException("callback broke") };
        var member = _ml.BinaryClassification.Trainers.LogisticRegression(new GradientTrainerOptions { Epochs = 2 });
        FluentActions.Invoking(() => _ml.BinaryClassification.Trainers.Ensemble(_ => member, 3, options).Fit(Data()))
            .Should().Throw<InvalidTimeZoneException>().WithMessage("callback broke");
    }
}
