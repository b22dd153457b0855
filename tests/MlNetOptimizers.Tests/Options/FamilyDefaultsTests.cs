namespace MlNetOptimizers.Tests.Options;

/// <summary>
/// The stopping options left unset take the default of the model's family, which <see cref="GradientTrainerOptions.HiddenLayers"/>
/// decides whenever they are read; a value set (null included) is kept whatever the family.
/// </summary>
public class FamilyDefaultsTests
{
    [Fact]
    public void Unset_plateau_and_convergence_options_follow_the_hidden_layers()
    {
        var options = new GradientTrainerOptions();
        options.ReduceLearningRateOnPlateau.Should().BeSameAs(TrainerDefaults.Plateau(linear: true));
        options.ReduceLearningRateOnPlateau!.PatienceRows.Should().Be(TrainerDefaults.LinearPlateauRows);
        options.ConvergencePatience.Should().Be(TrainerDefaults.LinearConvergencePatience);

        options.HiddenLayers = [16];
        options.ReduceLearningRateOnPlateau.Should().BeSameAs(TrainerDefaults.Plateau(linear: false));
        options.ReduceLearningRateOnPlateau!.Patience.Should().Be(TrainerDefaults.PlateauPatience);
        options.ConvergencePatience.Should().Be(TrainerDefaults.NetworkConvergencePatience);
    }

    [Fact]
    public void A_set_value_is_kept_whatever_the_family_and_null_still_means_no_plateau_rule()
    {
        var options = new GradientTrainerOptions { ReduceLearningRateOnPlateau = null, ConvergencePatience = 4 };
        options.HiddenLayers = [16];
        options.ReduceLearningRateOnPlateau.Should().BeNull();
        options.ConvergencePatience.Should().Be(4);
        var copy = options.Clone();
        copy.HiddenLayers = [];
        copy.ReduceLearningRateOnPlateau.Should().BeNull("Clone keeps what was set");
        copy.ConvergencePatience.Should().Be(4);
    }

    [Fact]
    public void A_default_convergence_count_waits_out_the_plateau_patience_that_small_data_lengthens()
    {
        // 150 rows: the linear plateau rule waits ⌈1500 / 150⌉ = 10 epochs, so a default convergence count of 3 would stop the
        // run before the first reduction; it waits 2 × 10. A count the user set is kept.
        // Features that say nothing and balanced labels: the gradient is 0 at the start, so every epoch is a stall.
        var rows = Enumerable.Range(0, 150).Select(i => new Row { Features = [0f, 0f], Label = i % 2 == 0 }).ToList();
        var ml = new Microsoft.ML.MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(rows);
        var tiny = new Sgd(0.01f);
        var byDefault = ml.BinaryClassification.Trainers.LogisticRegression(new GradientTrainerOptions { Optimizer = tiny }).Fit(data).History;
        var reductions = byDefault.Epochs.Select(e => e.LearningRateFactor).Distinct().Count() - 1;
        reductions.Should().BeGreaterThan(0, "the plateau rule gets its 10 epochs before the run may converge");
        var set = ml.BinaryClassification.Trainers.LogisticRegression(new GradientTrainerOptions { Optimizer = tiny, ConvergencePatience = 3 }).Fit(data).History;
        set.Epochs.Should().HaveCount(4, "the first epoch sets the best loss, three stalls after it converge");
    }

    private sealed class Row
    {
        [Microsoft.ML.Data.VectorType(2)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }
}
