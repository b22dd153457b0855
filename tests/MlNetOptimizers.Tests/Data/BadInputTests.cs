using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetOptimizers.Tests.Data;

public class BadInputTests
{
    private readonly MLContext _ml = new(seed: 1);

    private IDataView Binary(params (float[] Features, bool Label)[] rows) =>
        _ml.Data.LoadFromEnumerable(rows.Select(r => new BinaryRow { Features = r.Features, Label = r.Label }));

    private IDataView Separable(int n = 40) =>
        Binary(Enumerable.Range(0, n).Select(i => (new[] { i % 2 == 0 ? 1f : -1f, i * 0.01f }, i % 2 == 0)).ToArray());

    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "Infinity")]
    public void Non_finite_features_name_the_row_column_and_slot(float bad, string shown)
    {
        var data = Binary(([1, 2], true), ([3, 4], false), ([5, bad], true));
        var act = () => _ml.BinaryClassification.Trainers.LogisticRegression().Fit(data);
        act.Should().Throw<InvalidOperationException>()
            .WithMessage($"Row 2: feature column 'Features' has {shown} in slot 1*ReplaceMissingValues*");
    }

    [Fact]
    public void A_missing_label_column_is_named_with_the_columns_present()
    {
        var act = () => _ml.BinaryClassification.Trainers.LogisticRegression(labelColumnName: "Target").Fit(Separable());
        act.Should().Throw<ArgumentException>().WithMessage("The label column 'Target'*not in the data*'Features', 'Label'*");
    }

    [Fact]
    public void A_binary_label_that_is_not_boolean_is_refused_with_its_type()
    {
        var data = _ml.Data.LoadFromEnumerable([new FloatLabelRow { Features = [1, 2], Label = 1 }, new FloatLabelRow { Features = [2, 1], Label = 0 }]);
        var act = () => _ml.BinaryClassification.Trainers.LogisticRegression().Fit(data);
        act.Should().Throw<ArgumentException>().WithMessage("Label column 'Label' has type Single; binary classification needs a Boolean label*");
    }

    [Fact]
    public void A_multiclass_label_that_is_not_a_key_says_which_transform_to_add()
    {
        var data = _ml.Data.LoadFromEnumerable([new FloatLabelRow { Features = [1, 2], Label = 1 }, new FloatLabelRow { Features = [2, 1], Label = 0 }]);
        var act = () => _ml.MulticlassClassification.Trainers.SoftmaxRegression().Fit(data);
        act.Should().Throw<ArgumentException>().WithMessage("*needs a key type*MapValueToKey(\"Label\")*");
    }

    [Fact]
    public void Inside_a_pipeline_the_schema_check_refuses_a_wrong_label_before_any_fitting()
    {
        var data = _ml.Data.LoadFromEnumerable([new FloatLabelRow { Features = [1, 2], Label = 1 }, new FloatLabelRow { Features = [2, 1], Label = 0 }]);
        var binary = _ml.Transforms.NormalizeMinMax("Features").Append(_ml.BinaryClassification.Trainers.NeuralNetwork([4]));
        binary.Invoking(p => p.Fit(data)).Should().Throw<ArgumentException>().WithMessage("*needs a Boolean label*");
        var multiclass = _ml.Transforms.NormalizeMinMax("Features").Append(_ml.MulticlassClassification.Trainers.SoftmaxRegression());
        multiclass.Invoking(p => p.Fit(data)).Should().Throw<ArgumentException>().WithMessage("*needs a key type*MapValueToKey*");
    }

    [Fact]
    public void A_single_class_is_refused_before_training()
    {
        var data = Binary(([1, 2], true), ([3, 4], true));
        var act = () => _ml.BinaryClassification.Trainers.LogisticRegression().Fit(data);
        act.Should().Throw<ArgumentException>().WithMessage("Label column 'Label' has only one class (true)*at least two*");
    }

    [Theory]
    [InlineData(DataLoadingMode.InMemory)]
    [InlineData(DataLoadingMode.Streaming)]
    public void Empty_training_data_is_refused(DataLoadingMode mode)
    {
        var empty = _ml.Data.LoadFromEnumerable(Array.Empty<BinaryRow>());
        var act = () => _ml.BinaryClassification.Trainers.LogisticRegression(new GradientTrainerOptions { DataLoading = mode }).Fit(empty);
        act.Should().Throw<ArgumentException>().WithMessage("The training data has no rows.");
    }

    [Fact]
    public void A_feature_vector_of_another_size_at_transform_is_refused_with_both_sizes()
    {
        var model = _ml.BinaryClassification.Trainers.LogisticRegression(epochs: 1).Fit(Separable());
        var wider = _ml.Data.LoadFromEnumerable([new WideRow { Features = [1, 2, 3], Label = true }]);
        var act = () => model.Transform(wider);
        act.Should().Throw<ArgumentException>().WithMessage("Feature column 'Features' has 3 slots; the model was trained on 2.");
    }

    [Fact]
    public void A_hidden_layer_size_of_zero_is_refused_naming_the_option()
    {
        var act = () => _ml.BinaryClassification.Trainers.NeuralNetwork([8, 0]);
        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("HiddenLayers");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-4)]
    public void A_non_positive_batch_size_is_refused_naming_the_option(int batchSize)
    {
        var act = () => _ml.MulticlassClassification.Trainers.SoftmaxRegression(batchSize: batchSize);
        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("BatchSize");
    }

    [Fact]
    public void A_diverging_loss_stops_training_naming_the_epoch_and_suggesting_a_lower_learning_rate()
    {
        var data = Binary(Enumerable.Range(0, 64).Select(i => (new[] { (i % 7) * 1e17f, 1e17f }, i % 3 == 0)).ToArray());
        // Without standardization (which would make these features harmless) the first steps overflow.
        var options = new GradientTrainerOptions { Optimizer = new Sgd(1e6f), Epochs = 5, BatchSize = 32, StandardizeFeatures = false };
        var act = () => _ml.BinaryClassification.Trainers.LogisticRegression(options).Fit(data);
        act.Should().Throw<TrainingDivergedException>()
            .WithMessage("Training diverged in epoch 1, mini-batch *: the loss became *. Set StandardizeFeatures = true (the default; it trains " +
                "features of any scale) and lower the learning rate of SGD(lr=1000000) (or leave Optimizer null: the default, Adam(lr=0.05), " +
                "trains standardized features).")
            .Which.Epoch.Should().Be(1);

        var followed = options.Clone();
        followed.StandardizeFeatures = true;
        followed.Optimizer = null;
        var model = _ml.BinaryClassification.Trainers.LogisticRegression(followed).Fit(data);
        model.History.Epochs[^1].TrainLoss.Should().BeLessThan(Math.Log(2), "the fix the message gives trains: better than chance");
    }

    [Fact]
    public void A_learning_rate_that_diverges_on_standardized_features_is_told_the_default_that_trains()
    {
        // Labels that no line separates: a huge step throws the logits far out, and the misclassified rows' loss with them.
        var data = Binary(Enumerable.Range(0, 200).Select(i => (new[] { MathF.Sin(i), MathF.Cos(1.3f * i) }, i * 7 % 5 < 2)).ToArray());
        var options = new GradientTrainerOptions { Optimizer = new Sgd(1e5f), Epochs = 20, L2Regularization = 0 };
        var act = () => _ml.BinaryClassification.Trainers.LogisticRegression(options).Fit(data);
        act.Should().Throw<TrainingDivergedException>().WithMessage("Training diverged in epoch *. Lower the learning rate of SGD(lr=100000) " +
            "(or leave Optimizer null: the default, Adam(lr=0.05), trains standardized features).");

        var followed = options.Clone();
        followed.Optimizer = null;
        var model = _ml.BinaryClassification.Trainers.LogisticRegression(followed).Fit(data);
        model.History.Epochs[^1].TrainLoss.Should().BeLessThan(Math.Log(2), "the fix the message gives trains: better than chance");
    }

    [Fact]
    public void Early_stopping_without_validation_data_is_refused()
    {
        var act = () => _ml.BinaryClassification.Trainers.LogisticRegression(new GradientTrainerOptions { EarlyStoppingPatience = 3 }).Fit(Separable());
        act.Should().Throw<ArgumentException>().WithMessage("EarlyStoppingPatience needs validation data*");
    }

    [Fact]
    public void A_missing_multiclass_label_names_the_row()
    {
        // Label 7 is not among the key values, so MapValueToKey gives it key 0: missing.
        var rows = new[] { new FloatLabelRow { Features = [1, 2], Label = 0 }, new FloatLabelRow { Features = [2, 1], Label = 1 }, new FloatLabelRow { Features = [0, 1], Label = 7 } };
        var keys = _ml.Data.LoadFromEnumerable(new[] { new KeyValue { Label = 0 }, new KeyValue { Label = 1 } });
        var data = _ml.Transforms.Conversion.MapValueToKey("Label", keyData: keys).Fit(_ml.Data.LoadFromEnumerable(rows)).Transform(_ml.Data.LoadFromEnumerable(rows));
        var act = () => _ml.MulticlassClassification.Trainers.SoftmaxRegression().Fit(data);
        act.Should().Throw<InvalidOperationException>().WithMessage("Row 2: label column 'Label' is missing (key 0)*");
    }

    private sealed class BinaryRow
    {
        [VectorType(2)] public float[] Features { get; set; } = [];
        public bool Label { get; set; }
    }

    private sealed class WideRow
    {
        [VectorType(3)] public float[] Features { get; set; } = [];
        public bool Label { get; set; }
    }

    private sealed class FloatLabelRow
    {
        [VectorType(2)] public float[] Features { get; set; } = [];
        public float Label { get; set; }
    }

    private sealed class KeyValue
    {
        public float Label { get; set; }
    }
}
