using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetOptimizers.Datasets;

namespace MlNetOptimizers.Tests.Trainers;

/// <summary>
/// Absurd sizes either mean something sensible (a batch or shuffle pool larger than the data is all of it) or are
/// refused before anything is allocated, naming the option and the size: never an OverflowException or OutOfMemoryException.
/// </summary>
public class AbsurdSizeTests
{
    private readonly MLContext _ml = new(seed: 1);

    private IDataView BreastCancer() => ClassificationSets.BreastCancer(_ml);

    private static float[] Parameters(NeuralNetworkPredictionTransformer model) => model.Model.Parameters.ToArray();

    [Fact]
    public void A_batch_larger_than_the_data_is_the_full_batch()
    {
        var full = _ml.BinaryClassification.Trainers.LogisticRegression(new GradientTrainerOptions { BatchSize = int.MaxValue, Epochs = 3 }).Fit(BreastCancer());
        const int rows = 569; // breast cancer
        var exact = _ml.BinaryClassification.Trainers.LogisticRegression(new GradientTrainerOptions { BatchSize = rows, Epochs = 3 }).Fit(BreastCancer());
        Parameters(full).Should().Equal(Parameters(exact));
    }

    [Fact]
    public void A_shuffle_pool_larger_than_the_data_is_all_of_it()
    {
        var options = new GradientTrainerOptions { DataLoading = DataLoadingMode.Streaming, StreamingShufflePoolRows = int.MaxValue, Epochs = 3 };
        var model = _ml.BinaryClassification.Trainers.LogisticRegression(options).Fit(BreastCancer());
        model.History.Epochs.Should().HaveCount(3);
    }

    [Fact]
    public void A_shuffle_pool_beyond_the_memory_budget_is_refused_naming_the_option()
    {
        var options = new GradientTrainerOptions { DataLoading = DataLoadingMode.Streaming, MaxInMemoryBytes = 10_000 };
        var act = () => _ml.BinaryClassification.Trainers.LogisticRegression(options).Fit(BreastCancer());
        act.Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("StreamingShufflePoolRows 10,000 holds 569 rows of 30 features in memory*more than MaxInMemoryBytes*")
            .Which.ParamName.Should().Be("StreamingShufflePoolRows");
    }

    [Fact]
    public void Hidden_layers_whose_parameters_overflow_are_refused_when_the_trainer_is_made()
    {
        var act = () => _ml.BinaryClassification.Trainers.NeuralNetwork([100_000, 100_000]);
        act.Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("HiddenLayers makes 10,000,100,000 parameters between the hidden layers alone*")
            .Which.ParamName.Should().Be("HiddenLayers");
    }

    [Fact]
    public void A_first_layer_too_large_for_one_array_is_refused_at_fit_naming_the_option()
    {
        var data = _ml.Data.LoadFromEnumerable([new WideRow { Label = true }, new WideRow { Label = false }]);
        var act = () => _ml.BinaryClassification.Trainers.NeuralNetwork([60_000]).Fit(data);
        act.Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("HiddenLayers make a network of 40000-60000-1 with 2,400,120,001 parameters*")
            .Which.ParamName.Should().Be("HiddenLayers");
    }

    [Fact]
    public void A_network_whose_buffers_exceed_the_memory_is_refused_before_allocating()
    {
        var act = () => _ml.BinaryClassification.Trainers.NeuralNetwork([40_000, 40_000]).Fit(BreastCancer());
        act.Should().Throw<ArgumentException>()
            .WithMessage("Training a network of 30-40000-40000-1 (1,601,320,001 parameters)*GB of buffers; this process has*Use smaller HiddenLayers*")
            .Which.ParamName.Should().Be("HiddenLayers");
    }

    [Fact]
    public void The_architecture_itself_refuses_a_parameter_count_beyond_one_array()
    {
        var act = () => new NetworkArchitecture(10, [100_000, 100_000], 2, Activation.Relu);
        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("A network of 10-100000-100000-2 has 10,001,400,002 parameters*");
    }

    [Fact]
    public void A_validation_fraction_that_leaves_no_training_rows_says_so()
    {
        var data = _ml.Data.TakeRows(BreastCancer(), 20);
        var act = () => _ml.BinaryClassification.Trainers.LogisticRegression(new GradientTrainerOptions { ValidationFraction = 0.99f }).Fit(data);
        act.Should().Throw<ArgumentException>().WithMessage("ValidationFraction = 0.99 left no training rows*Lower ValidationFraction, or pass a validation set to Fit.");
    }

    private sealed class WideRow
    {
        [VectorType(40_000)]
        public float[] Features { get; set; } = new float[40_000];

        public bool Label { get; set; }
    }
}
