using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace MlNetOptimizers.Tests.Trainers;

/// <summary>
/// ML.NET's sentiment tutorial as a user follows it: FeaturizeText, then our trainers at their defaults, on sparse rows
/// wider than <see cref="SparseInput.MinWidth"/>; and every way of scoring the trained model agrees.
/// </summary>
public class SparseFeaturesTests
{
    private readonly MLContext _ml = new(seed: 1);

    public sealed class Review
    {
        public string Text { get; set; } = "";

        public bool Label { get; set; }
    }

    public sealed class Prediction
    {
        public float Score { get; set; }

        public float Probability { get; set; }

        public bool PredictedLabel { get; set; }
    }

    [Theory]
    [InlineData("logistic")]
    [InlineData("mlp")]
    public void After_featurize_text_the_trainers_train_at_their_defaults_on_sparse_rows_and_generalize(string trainer)
    {
        var (train, test) = Reviews();
        var featurizer = _ml.Transforms.Text.FeaturizeText("Features", "Text").Fit(train);
        var features = featurizer.Transform(train);
        ((VectorDataViewType)features.Schema["Features"].Type).Size.Should().BeGreaterThanOrEqualTo(SparseInput.MinWidth, "the case under test: wide sparse rows");

        var model = trainer == "logistic"
            ? _ml.BinaryClassification.Trainers.LogisticRegression().Fit(features)
            : _ml.BinaryClassification.Trainers.NeuralNetwork([16]).Fit(features);

        model.History.TrainedInMemory.Should().BeTrue();
        var metrics = _ml.BinaryClassification.Evaluate(model.Transform(featurizer.Transform(test)));
        metrics.Accuracy.Should().BeGreaterThan(0.85, "the label is a count of marked words the model can see");
    }

    [Fact]
    public void Transform_prediction_engine_and_a_saved_and_loaded_model_give_identical_scores_on_sparse_rows()
    {
        var (train, test) = Reviews();
        var pipeline = _ml.Transforms.Text.FeaturizeText("Features", "Text")
            .Append(_ml.BinaryClassification.Trainers.NeuralNetwork([8], epochs: 5));
        var model = pipeline.Fit(train);

        var scored = model.Transform(test).GetColumn<float>("Score").ToArray();
        var engine = _ml.Model.CreatePredictionEngine<Review, Prediction>(model);
        var rows = _ml.Data.CreateEnumerable<Review>(test, reuseRowObject: false).ToArray();
        rows.Select(r => engine.Predict(r).Score).Should().Equal(scored, "one row at a time, the same additions");

        using var file = new MemoryStream();
        _ml.Model.Save(model, train.Schema, file);
        file.Position = 0;
        var loaded = _ml.Model.Load(file, out _);
        loaded.Transform(test).GetColumn<float>("Score").ToArray().Should().Equal(scored, "a loaded model scores as the trained one");
    }

    [Fact]
    public void Streaming_and_the_in_memory_bound_read_wide_rows_sparse_too()
    {
        var (train, test) = Reviews();
        var featurizer = _ml.Transforms.Text.FeaturizeText("Features", "Text").Fit(train);
        var features = featurizer.Transform(train);
        var testFeatures = featurizer.Transform(test);

        var streamed = _ml.BinaryClassification.Trainers.LogisticRegression(
            new GradientTrainerOptions { DataLoading = DataLoadingMode.Streaming }).Fit(features);
        var bounded = _ml.BinaryClassification.Trainers.LogisticRegression(
            new GradientTrainerOptions { MaxInMemoryBytes = 40_000, StreamingShufflePoolRows = 20 }).Fit(features);

        streamed.History.TrainedInMemory.Should().BeFalse();
        bounded.History.TrainedInMemory.Should().BeFalse("the non-zeros take more than 40,000 bytes, so Auto streams");
        _ml.BinaryClassification.Evaluate(streamed.Transform(testFeatures)).Accuracy.Should().BeGreaterThan(0.85);
        _ml.BinaryClassification.Evaluate(bounded.Transform(testFeatures)).Accuracy.Should().BeGreaterThan(0.85);
    }

    [Fact]
    public void A_shuffle_pool_of_sparse_rows_larger_than_the_memory_bound_is_refused_naming_the_largest_that_fits()
    {
        var (train, _) = Reviews();
        var features = _ml.Transforms.Text.FeaturizeText("Features", "Text").Fit(train).Transform(train);
        var trainer = _ml.BinaryClassification.Trainers.LogisticRegression(new GradientTrainerOptions { MaxInMemoryBytes = 40_000 });

        var refused = () => trainer.Fit(features);

        refused.Should().Throw<ArgumentOutOfRangeException>()
            .Which.Message.Should().Contain("StreamingShufflePoolRows").And.Contain("non-zeros").And.MatchRegex(@"at most \d+");
    }

    [Fact]
    public void An_exported_wide_model_scores_dense_input_in_onnx_runtime_as_the_transformer_scores_sparse_rows()
    {
        var (train, test) = Reviews();
        var featurizer = _ml.Transforms.Text.FeaturizeText("Features", "Text").Fit(train);
        var model = _ml.BinaryClassification.Trainers.NeuralNetwork([8], epochs: 5).Fit(featurizer.Transform(train));
        var features = featurizer.Transform(test);
        var dense = features.GetColumn<VBuffer<float>>("Features").Select(v => v.DenseValues().ToArray()).ToArray();
        int rows = dense.Length, width = dense[0].Length;

        using var file = new MemoryStream();
        model.Model.ExportToOnnx(file);
        using var session = new InferenceSession(file.ToArray());
        var input = new DenseTensor<float>(dense.SelectMany(f => f).ToArray(), [rows, width]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("Features", input)]);
        var onnx = results.Single(r => r.Name == "Score").AsTensor<float>();

        var expected = model.Transform(features).GetColumn<float>("Score").ToArray();
        for (int r = 0; r < rows; r++)
        {
            onnx[r].Should().BeApproximately(expected[r], 1e-5f * Math.Max(1, Math.Abs(expected[r])), $"row {r}");
        }
    }

    /// <summary>
    /// Reviews of made-up words: 40 words mark a positive review, 40 a negative one, 2,000 are neutral; a review's label
    /// is whether it holds more positive marks than negative ones (ties are not drawn).
    /// </summary>
    private (IDataView Train, IDataView Test) Reviews()
    {
        var random = new Random(11);
        string Word() => new(Enumerable.Range(0, random.Next(5, 8)).Select(_ => (char)('a' + random.Next(26))).ToArray());
        var vocabulary = Enumerable.Range(0, 2080).Select(_ => Word()).Distinct().ToArray();
        var positive = vocabulary[..40];
        var negative = vocabulary[40..80];
        var neutral = vocabulary[80..];
        var reviews = new List<Review>();
        while (reviews.Count < 1800)
        {
            int up = random.Next(4), down = random.Next(4);
            if (up == down)
            {
                continue;
            }
            var words = Enumerable.Range(0, up).Select(_ => positive[random.Next(positive.Length)])
                .Concat(Enumerable.Range(0, down).Select(_ => negative[random.Next(negative.Length)]))
                .Concat(Enumerable.Range(0, random.Next(6, 14)).Select(_ => neutral[random.Next(neutral.Length)]))
                .OrderBy(_ => random.Next()).ToArray();
            reviews.Add(new Review { Text = string.Join(' ', words), Label = up > down });
        }
        return (_ml.Data.LoadFromEnumerable(reviews[..1200]), _ml.Data.LoadFromEnumerable(reviews[1200..]));
    }
}
