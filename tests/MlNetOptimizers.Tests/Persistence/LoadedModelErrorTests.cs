using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetOptimizers.Datasets;

namespace MlNetOptimizers.Tests.Persistence;

/// <summary>
/// A model from mlContext.Model.Load fails on wrong input like the trained transformer does, with the same message where
/// ML.NET lets it: a loaded chain checks rows as they are scored (ML.NET's CustomMapping has no schema-time hook), and
/// when ML.NET scores on several threads it wraps the error in its own "Splitter/consolidator" exception, with ours inside.
/// </summary>
public class LoadedModelErrorTests
{
    private readonly MLContext _ml = new(seed: 1);

    private sealed class ThreeFeatures
    {
        [VectorType(3)]
        public float[] Features { get; set; } = [1, 2, 3];

        public bool Label { get; set; }
    }

    private sealed class Scored
    {
        public float Score { get; set; }
    }

    private (ITransformer Trained, ITransformer Loaded, IDataView Wrong) Models(ModelKind kind)
    {
        var data = ClassificationSets.BreastCancer(_ml);
        ITransformer trained;
        if (kind == ModelKind.Binary)
        {
            trained = _ml.BinaryClassification.Trainers.LogisticRegression(new GradientTrainerOptions { Epochs = 2 }).Fit(data);
        }
        else
        {
            data = _ml.Transforms.Conversion.MapValueToKey("Label").Fit(data).Transform(data);
            trained = _ml.MulticlassClassification.Trainers.SoftmaxRegression(new GradientTrainerOptions { Epochs = 2 }).Fit(data);
        }
        using var stream = new MemoryStream();
        _ml.Model.Save(trained, data.Schema, stream);
        stream.Position = 0;
        var wrong = _ml.Data.LoadFromEnumerable(Enumerable.Range(0, 100).Select(_ => new ThreeFeatures()));
        return (trained, _ml.Model.Load(stream, out _), wrong);
    }

    private const string WrongSize = "Feature column 'Features' has 3 slots; the model was trained on 30.";

    [Theory]
    [InlineData(ModelKind.Binary)]
    [InlineData(ModelKind.Multiclass)]
    public void A_prediction_engine_on_a_loaded_model_gives_the_trained_models_message(ModelKind kind)
    {
        var (trained, loaded, _) = Models(kind);
        if (kind == ModelKind.Binary)
        {
            FluentActions.Invoking(() => _ml.Model.CreatePredictionEngine<ThreeFeatures, Scored>(trained).Predict(new ThreeFeatures()))
                .Should().Throw<ArgumentException>().WithMessage(WrongSize);
            FluentActions.Invoking(() => _ml.Model.CreatePredictionEngine<ThreeFeatures, Scored>(loaded).Predict(new ThreeFeatures()))
                .Should().Throw<ArgumentException>().WithMessage(WrongSize);
        }
        else
        {
            FluentActions.Invoking(() => _ml.Model.CreatePredictionEngine<ThreeFeatures, ScoredVector>(loaded).Predict(new ThreeFeatures()))
                .Should().Throw<ArgumentException>().WithMessage(WrongSize);
        }
    }

    [Theory]
    [InlineData(ModelKind.Binary)]
    [InlineData(ModelKind.Multiclass)]
    public void Scoring_a_data_view_with_a_loaded_model_surfaces_the_same_message(ModelKind kind)
    {
        var (trained, loaded, wrong) = Models(kind);
        FluentActions.Invoking(() => trained.Transform(wrong)).Should().Throw<ArgumentException>().WithMessage(WrongSize);

        var act = () => loaded.Transform(wrong).GetColumn<float[]>("Score").ToList();
        if (kind == ModelKind.Binary)
        {
            act = () => loaded.Transform(wrong).GetColumn<float>("Score").Select(s => new[] { s }).ToList();
        }
        var thrown = act.Should().Throw<Exception>().Which;
        (thrown is ArgumentException ? thrown : thrown.InnerException).Should().BeOfType<ArgumentException>().Which.Message.Should().Be(WrongSize);
    }

    [Fact]
    public void A_missing_feature_column_is_named_by_both()
    {
        var (trained, loaded, _) = Models(ModelKind.Binary);
        var other = _ml.Data.LoadFromEnumerable([new { Other = 1f }]);
        FluentActions.Invoking(() => trained.Transform(other)).Should().Throw<ArgumentException>().WithMessage("*'Features'*not in the data*");
        FluentActions.Invoking(() => loaded.Transform(other)).Should().Throw<ArgumentException>().WithMessage("*'Features'*");
    }

    private sealed class ScoredVector
    {
        public float[] Score { get; set; } = [];
    }
}
