using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetOptimizers.Tests.Data;

/// <summary>
/// A label of the wrong type gets one message, whether the trainer's Fit or a pipeline's schema check meets it first,
/// and the line of code that message gives, pasted, makes the data train.
/// </summary>
public class LabelAdviceTests
{
    private readonly MLContext _ml = new(seed: 1);

    private IDataView Rows<TLabel>(Func<int, TLabel> label) => _ml.Data.LoadFromEnumerable(Enumerable.Range(0, 60)
        .Select(i => new Row<TLabel> { Features = [i % 2 == 0 ? 1f : -1f, (i % 5) * 0.1f], Label = label(i) }));

    /// <summary>The message from Fit, after checking that a pipeline's Fit throws the same one.</summary>
    private string OneMessage(IDataView data, Func<IEstimator<ITransformer>> trainer)
    {
        var direct = trainer.Invoking(t => t().Fit(data)).Should().Throw<ArgumentException>().Which.Message;
        var pipeline = _ml.Transforms.NormalizeMinMax("Features").Append(trainer());
        pipeline.Invoking(p => p.Fit(data)).Should().Throw<ArgumentException>().Which.Message.Should().Be(direct);
        return direct;
    }

    /// <summary>Accuracy on <paramref name="data"/> after the Expression the message gives, then a binary trainer.</summary>
    private double BinaryAccuracyAfterExpression(IDataView data, string lambda)
    {
        var converted = _ml.Transforms.Expression("Label", lambda, "Label").Fit(data).Transform(data);
        return _ml.BinaryClassification.Evaluate(_ml.BinaryClassification.Trainers.LogisticRegression().Fit(converted).Transform(converted)).Accuracy;
    }

    [Fact]
    public void A_yes_no_text_label_on_a_binary_trainer_gets_the_expression_that_converts_it()
    {
        var data = Rows(i => i % 2 == 0 ? "Yes" : "No");
        var message = OneMessage(data, () => _ml.BinaryClassification.Trainers.LogisticRegression());

        message.Should().Be("Label column 'Label' has type String; binary classification needs a Boolean label. Load it as bool, or add " +
            "mlContext.Transforms.Expression(\"Label\", \"x : x == \\\"Yes\\\"\", \"Label\") before the trainer, with your positive class for Yes.");
        BinaryAccuracyAfterExpression(data, "x : x == \"Yes\"").Should().Be(1);
    }

    [Fact]
    public void A_numeric_label_on_a_binary_trainer_gets_the_expression_that_converts_it()
    {
        var data = Rows(i => i % 2 == 0 ? 1f : 0f);
        var message = OneMessage(data, () => _ml.BinaryClassification.Trainers.NeuralNetwork([4]));

        message.Should().Contain("has type Single; binary classification needs a Boolean label. Load it as bool, or add " +
            "mlContext.Transforms.Expression(\"Label\", \"x : x == 1\", \"Label\") before the trainer");
        BinaryAccuracyAfterExpression(data, "x : x == 1").Should().Be(1);
    }

    [Fact]
    public void A_key_label_on_a_binary_trainer_is_told_to_drop_the_key_mapping_and_convert_the_values()
    {
        var text = Rows(i => i % 2 == 0 ? "Yes" : "No");
        var keyed = _ml.Transforms.Conversion.MapValueToKey("Label").Fit(text).Transform(text);
        var message = OneMessage(keyed, () => _ml.BinaryClassification.Trainers.LogisticRegression());

        message.Should().StartWith("Label column 'Label' has a key type; binary classification needs a Boolean label. Remove the " +
            "MapValueToKey that made it and add mlContext.Transforms.Expression(\"Label\", \"x : x == \\\"Yes\\\"\", \"Label\")");
        BinaryAccuracyAfterExpression(text, "x : x == \"Yes\"").Should().Be(1);
    }

    [Fact]
    public void A_text_label_on_a_multiclass_trainer_gets_the_key_mapping()
    {
        var data = Rows(i => i % 2 == 0 ? "Yes" : "No");
        var message = OneMessage(data, () => _ml.MulticlassClassification.Trainers.SoftmaxRegression());

        message.Should().Contain("Add mlContext.Transforms.Conversion.MapValueToKey(\"Label\") before the trainer.");
        var model = _ml.Transforms.Conversion.MapValueToKey("Label").Append(_ml.MulticlassClassification.Trainers.SoftmaxRegression()).Fit(data);
        _ml.MulticlassClassification.Evaluate(model.Transform(data)).MicroAccuracy.Should().Be(1);
    }

    [Fact]
    public void A_double_label_on_a_regression_trainer_gets_the_conversion()
    {
        var data = Rows(i => (double)(i % 2));
        var message = OneMessage(data, () => _ml.Regression.Trainers.LinearRegression());

        message.Should().Contain("add mlContext.Transforms.Conversion.ConvertType(\"Label\", outputKind: DataKind.Single) before the trainer.");
        var model = _ml.Transforms.Conversion.ConvertType("Label", outputKind: DataKind.Single).Append(_ml.Regression.Trainers.LinearRegression()).Fit(data);
        _ml.Regression.Evaluate(model.Transform(data)).RSquared.Should().BeGreaterThan(0.9);
    }

    private sealed class Row<TLabel>
    {
        [VectorType(2)]
        public float[] Features { get; set; } = [];

        public TLabel Label { get; set; } = default!;
    }
}
