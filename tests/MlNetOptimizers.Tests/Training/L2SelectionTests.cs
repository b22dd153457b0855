using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetOptimizers.Datasets;

namespace MlNetOptimizers.Tests.Training;

/// <summary>
/// A network whose L2Regularization is left null chooses λ among candidates by the loss on held-out rows (or on the
/// validation data), trains with the winner, and says what it tried; a given λ, a linear model and streamed data keep a
/// fixed λ.
/// </summary>
public class L2SelectionTests
{
    private readonly MLContext _ml = new(seed: 1);

    private IDataView Wine() => _ml.Transforms.Conversion.MapValueToKey("Label").Fit(ClassificationSets.Wine(_ml)).Transform(ClassificationSets.Wine(_ml));

    private static GradientTrainerOptions Network(Action<GradientTrainerOptions>? change = null)
    {
        var options = new GradientTrainerOptions { HiddenLayers = [8], Epochs = 30 };
        change?.Invoke(options);
        return options;
    }

    private NeuralNetworkPredictionTransformer Fit(GradientTrainerOptions options, IDataView? validation = null) =>
        _ml.MulticlassClassification.Trainers.NeuralNetwork(options).Fit(Wine(), validation);

    [Fact]
    public void A_network_left_at_the_default_tries_each_candidate_and_trains_with_the_lowest_held_out_loss()
    {
        var records = new List<EpochRecord>();
        var model = Fit(Network(o => o.OnEpoch = records.Add));

        var path = model.History.L2Selection!;
        path.Select(c => c.L2Regularization).Should().Equal(0.03f, 0.01f, 0.001f);
        path.Should().OnlyContain(c => double.IsFinite(c.ValidationLoss) && c.Epochs > 0);
        model.History.L2Regularization.Should().Be(path.MinBy(c => c.ValidationLoss)!.L2Regularization);

        // Each trial's epochs are reported marked with its λ, then the model's own, unmarked, as the history holds them.
        foreach (var candidate in path)
        {
            records.Where(r => r.SelectingL2 == candidate.L2Regularization).Should().HaveCount(candidate.Epochs);
        }
        records.Where(r => r.SelectingL2 is null).Should().Equal(model.History.Epochs);
    }

    [Fact]
    public void Trials_stop_with_their_held_out_loss_and_the_model_trains_for_the_epochs_the_winner_ran()
    {
        var records = new List<EpochRecord>();
        var model = Fit(Network(o => { o.Epochs = 200; o.OnEpoch = records.Add; }));

        var trials = records.Where(r => r.SelectingL2 is not null).ToList();
        trials.Should().OnlyContain(r => r.ValidationLoss != null, "each trial watches the rows it is judged on");
        var winner = model.History.L2Selection!.Single(c => c.L2Regularization == model.History.L2Regularization);
        model.History.Epochs.Count.Should().BeLessThanOrEqualTo(winner.Epochs, "the model trains no longer than the winner did");
        if (model.History.Epochs.Count == winner.Epochs)
        {
            model.History.StopReason.Should().Be(StopReason.ChosenTrialEpochs, "it ran the winner's epochs, not the Epochs option's 200");
        }
        else
        {
            model.History.StopReason.Should().Be(StopReason.Converged);
        }
    }

    [Fact]
    public void The_choice_is_the_same_every_time_for_a_seed()
    {
        var a = Fit(Network());
        var b = Fit(Network());
        b.History.L2Selection.Should().BeEquivalentTo(a.History.L2Selection, o => o.Excluding(c => c.Seconds));
        b.Model.Parameters.ToArray().Should().Equal(a.Model.Parameters.ToArray());
    }

    [Fact]
    public void Trials_run_at_once_on_the_cores_available_choose_the_same_and_report_one_epoch_at_a_time()
    {
        int inside = 0, overlapped = 0;
        var threads = new HashSet<int>();
        var options = Network(o => o.OnEpoch = r =>
        {
            if (Interlocked.Increment(ref inside) > 1)
            {
                Interlocked.Increment(ref overlapped);
            }
            lock (threads)
            {
                threads.Add(Environment.CurrentManagedThreadId);
            }
            Thread.Sleep(1);
            Interlocked.Decrement(ref inside);
        });
        var parallel = AmbientCores.Run(3, () => Fit(options));
        var sequential = AmbientCores.Run(1, () => Fit(Network()));

        overlapped.Should().Be(0, "the trials' epochs reach OnEpoch one at a time");
        threads.Should().HaveCountGreaterThan(1, "with three cores the three trials run on threads of their own");
        parallel.History.L2Selection.Should().BeEquivalentTo(sequential.History.L2Selection, o => o.Excluding(c => c.Seconds));
        parallel.Model.Parameters.ToArray().Should().Equal(sequential.Model.Parameters.ToArray());
    }

    [Fact]
    public void Members_of_an_ensemble_share_the_cores_instead_of_each_taking_them_all()
    {
        var seen = new int[2];
        var members = Enumerable.Range(0, 2).Select(i => (IEstimator<ITransformer>)new CoreProbe(_ml, () => seen[i] = AmbientCores.Available)).ToArray();
        AmbientCores.Run(4, () => _ml.MulticlassClassification.Trainers.Ensemble(members).Fit(Wine()));
        seen.Should().Equal(2, 2);
    }

    /// <summary>An ensemble member that notes the cores it was given, then trains a small softmax model.</summary>
    private sealed class CoreProbe(MLContext ml, Action probe) : IEstimator<ITransformer>
    {
        public ITransformer Fit(IDataView input)
        {
            probe();
            return ml.MulticlassClassification.Trainers.SoftmaxRegression(new GradientTrainerOptions { Epochs = 2 }).Fit(input);
        }

        public SchemaShape GetOutputSchema(SchemaShape inputSchema) =>
            ml.MulticlassClassification.Trainers.SoftmaxRegression().GetOutputSchema(inputSchema);
    }

    [Fact]
    public void A_given_l2_a_single_candidate_and_a_linear_model_at_its_default_keep_a_fixed_value()
    {
        var given = Fit(Network(o => o.L2Regularization = 0.02f)).History;
        given.L2Selection.Should().BeNull();
        given.L2Regularization.Should().Be(0.02f);

        var single = Fit(Network(o => o.L2Candidates = [0.005f])).History;
        single.L2Selection.Should().BeNull();
        single.L2Regularization.Should().Be(0.005f);

        var linear = _ml.MulticlassClassification.Trainers.SoftmaxRegression(new GradientTrainerOptions { Epochs = 5 }).Fit(Wine()).History;
        linear.L2Selection.Should().BeNull();
        linear.L2Regularization.Should().Be((float)(1.0 / 178), "max(1/n, 0.003) for the 178 rows of wine");
    }

    [Fact]
    public void Candidates_given_in_the_options_are_tried_for_a_linear_model_too()
    {
        var options = new GradientTrainerOptions { Epochs = 20, L2Candidates = [0.1f, 0.001f] };
        var history = _ml.MulticlassClassification.Trainers.SoftmaxRegression(options).Fit(Wine()).History;
        history.L2Selection!.Select(c => c.L2Regularization).Should().Equal(0.1f, 0.001f);
        history.L2Regularization.Should().Be(history.L2Selection!.MinBy(c => c.ValidationLoss)!.L2Regularization);
    }

    [Fact]
    public void With_validation_data_each_candidate_is_judged_on_it_and_the_best_trial_is_the_model()
    {
        var split = _ml.Data.TrainTestSplit(Wine(), 0.3, seed: 2);
        var records = new List<EpochRecord>();
        var model = _ml.MulticlassClassification.Trainers.NeuralNetwork(Network(o => o.OnEpoch = records.Add)).Fit(split.TrainSet, split.TestSet);

        var path = model.History.L2Selection!;
        var best = path.MinBy(c => c.ValidationLoss)!;
        model.History.L2Regularization.Should().Be(best.L2Regularization);
        model.History.Epochs.Should().HaveCount(best.Epochs, "the winning trial is not trained again");
        records.Should().OnlyContain(r => r.SelectingL2 != null);
        var metrics = _ml.MulticlassClassification.Evaluate(model.Transform(split.TestSet));
        metrics.LogLoss.Should().BeApproximately(best.ValidationLoss, 1e-4, "the model is the trial that was judged");
    }

    [Fact]
    public void Streamed_data_without_validation_data_takes_the_default_and_refuses_candidates_it_cannot_judge()
    {
        var streamed = Fit(Network(o => o.DataLoading = DataLoadingMode.Streaming)).History;
        streamed.L2Selection.Should().BeNull();
        streamed.L2Regularization.Should().Be(0.01f);

        var act = () => Fit(Network(o => { o.DataLoading = DataLoadingMode.Streaming; o.L2Candidates = [0.1f, 0.01f]; }));
        act.Should().Throw<ArgumentException>().WithMessage("*L2Candidates needs rows to judge the candidates on*streamed*")
            .Which.ParamName.Should().Be(nameof(GradientTrainerOptions.L2Candidates));
    }

    [Fact]
    public void Too_few_rows_to_hold_any_out_take_the_default_and_refuse_candidates_they_cannot_judge()
    {
        // Four rows per class: a fifth of each, rounded down, is none.
        var rows = Enumerable.Range(0, 8).Select(i => new TinyRow { Features = [i % 2, i / 4f], Label = i % 2 == 0 ? "a" : "b" });
        var data = _ml.Transforms.Conversion.MapValueToKey("Label").Fit(_ml.Data.LoadFromEnumerable(rows)).Transform(_ml.Data.LoadFromEnumerable(rows));

        var history = _ml.MulticlassClassification.Trainers.NeuralNetwork(Network()).Fit(data).History;
        history.L2Selection.Should().BeNull();
        history.L2Regularization.Should().Be(0.01f);

        var act = () => _ml.MulticlassClassification.Trainers.NeuralNetwork(Network(o => o.L2Candidates = [0.1f, 0.01f])).Fit(data);
        act.Should().Throw<ArgumentException>().WithMessage("*L2Candidates needs rows to judge the candidates on: too few training rows*");
    }

    private sealed class TinyRow
    {
        [VectorType(2)]
        public float[] Features { get; set; } = [];

        public string Label { get; set; } = "";
    }

    [Theory]
    [InlineData(new float[0], "*L2Candidates must hold at least one value*")]
    [InlineData(new[] { 0.01f, float.NaN }, "*L2Candidates has NaN at index 1*")]
    [InlineData(new[] { -0.1f }, "*L2Candidates has -0.1 at index 0*finite and >= 0*")]
    public void Bad_candidates_are_refused_naming_the_option(float[] candidates, string message)
    {
        var act = () => _ml.MulticlassClassification.Trainers.NeuralNetwork(Network(o => o.L2Candidates = candidates));
        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage(message)
            .Which.ParamName.Should().Be(nameof(GradientTrainerOptions.L2Candidates));
    }

    [Fact]
    public void The_held_out_rows_are_a_fifth_of_each_class_drawn_by_the_seed_and_the_rest_is_fitted()
    {
        // 10 rows of class 0, 7 of class 1, 3 of class 2: ⌊0.2·n⌋ = 2, 1, 0 held out.
        float[] labels = [.. Enumerable.Repeat(0f, 10), .. Enumerable.Repeat(1f, 7), .. Enumerable.Repeat(2f, 3)];
        var data = new DenseDataset(Enumerable.Range(0, labels.Length).Select(i => (float)i).ToArray(), labels, Enumerable.Repeat(1f, labels.Length).ToArray(), 1);
        var (fit, holdout, held) = data.StratifiedSplit(0.2, seed: 5, ModelTask.Multiclass, classCount: 3);

        held.Should().Be(3);
        int[] Rows(IBatchSource source)
        {
            using var cursor = source.Open(shuffle: null);
            var features = new float[labels.Length];
            int n = cursor.Fill(features, new float[labels.Length], new float[labels.Length], labels.Length);
            return features.Take(n).Select(f => (int)f).ToArray();
        }
        var heldRows = Rows(holdout);
        heldRows.Select(r => labels[r]).Should().Equal(0f, 0f, 1f);
        Rows(fit).Concat(heldRows).Order().Should().Equal(Enumerable.Range(0, labels.Length));
        Rows(data.StratifiedSplit(0.2, seed: 5, ModelTask.Multiclass, classCount: 3).Holdout).Should().Equal(heldRows, "the same seed draws the same rows");
        Rows(data.StratifiedSplit(0.2, seed: 6, ModelTask.Multiclass, classCount: 3).Holdout).Should().NotEqual(heldRows, "another seed draws other rows");
    }
}
