using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetOptimizers.Tests.Scoring;

/// <summary>
/// Transform scores rows in batches behind the cursor: the rows, their order, their ids and every column must be what
/// the row-at-a-time path (PredictionEngine) and the input give, across batch boundaries and with shuffling.
/// </summary>
public class BatchScoringCursorTests
{
    private const int Rows = 300; // more than two batches of BatchScoringCursor.BatchRows, with a partial last one

    public sealed class Row
    {
        [VectorType(6)]
        public float[] Features { get; set; } = [];

        public string Name { get; set; } = "";

        public uint Class { get; set; }

        public bool Positive { get; set; }

        [VectorType(3)]
        public float[] Extra { get; set; } = [];
    }

    public sealed class MulticlassOutput
    {
        public float[] Score { get; set; } = [];

        public uint PredictedLabel { get; set; }
    }

    public sealed class BinaryOutput
    {
        public float Score { get; set; }

        public float Probability { get; set; }

        public bool PredictedLabel { get; set; }
    }

    private static Row[] Data()
    {
        var random = new Random(5);
        return Enumerable.Range(0, Rows).Select(i =>
        {
            var features = Enumerable.Range(0, 6).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
            return new Row
            {
                Features = features,
                Name = $"row {i}",
                Class = (uint)(features[0] + features[1] > 0.5 ? 1 : features[2] > 0 ? 2 : 3),
                Positive = features[0] - features[3] > 0,
                Extra = [i, -i, i * 0.5f],
            };
        }).ToArray();
    }

    [Theory]
    [InlineData(new int[0])]
    [InlineData(new[] { 16 })]
    [InlineData(new[] { 24, 20 })]
    public void Multiclass_transform_gives_the_prediction_engines_scores_and_the_inputs_columns(int[] hidden)
    {
        var ml = new MLContext(seed: 1);
        var rows = Data();
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = ml.Transforms.Conversion.MapValueToKey("Label", nameof(Row.Class))
            .Append(ml.MulticlassClassification.Trainers.NeuralNetwork(new GradientTrainerOptions { HiddenLayers = hidden, Epochs = 5 }))
            .Fit(data);
        var engine = ml.Model.CreatePredictionEngine<Row, MulticlassOutput>(model);
        var scored = model.Transform(data);

        using var cursor = scored.GetRowCursor(scored.Schema);
        var score = cursor.GetGetter<VBuffer<float>>(scored.Schema["Score"]);
        var predicted = cursor.GetGetter<uint>(scored.Schema["PredictedLabel"]);
        var name = cursor.GetGetter<ReadOnlyMemory<char>>(scored.Schema["Name"]);
        var extra = cursor.GetGetter<VBuffer<float>>(scored.Schema["Extra"]);
        var id = cursor.GetIdGetter();
        int i = 0;
        VBuffer<float> scores = default, extras = default;
        ReadOnlyMemory<char> text = default;
        DataViewRowId rowId = default;
        uint label = 0;
        while (cursor.MoveNext())
        {
            cursor.Position.Should().Be(i);
            score(ref scores);
            predicted(ref label);
            name(ref text);
            extra(ref extras);
            id(ref rowId);
            var expected = engine.Predict(rows[i]);
            scores.DenseValues().Should().Equal(expected.Score, $"row {i}: the batch and the row path add in the same order");
            label.Should().Be(expected.PredictedLabel);
            text.ToString().Should().Be(rows[i].Name);
            extras.DenseValues().Should().Equal(rows[i].Extra);
            rowId.Should().Be(new DataViewRowId((ulong)i, 0), "the input's row ids pass through");
            i++;
        }
        i.Should().Be(Rows);
    }

    [Fact]
    public void Binary_transform_gives_the_prediction_engines_score_probability_and_label()
    {
        var ml = new MLContext(seed: 1);
        var rows = Data();
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = ml.Transforms.CopyColumns("Label", nameof(Row.Positive))
            .Append(ml.BinaryClassification.Trainers.NeuralNetwork([8], epochs: 5))
            .Fit(data);
        var engine = ml.Model.CreatePredictionEngine<Row, BinaryOutput>(model);
        var scored = ml.Data.CreateEnumerable<BinaryOutput>(model.Transform(data), reuseRowObject: false).ToArray();

        scored.Should().HaveCount(Rows);
        for (int i = 0; i < Rows; i++)
        {
            var expected = engine.Predict(rows[i]);
            scored[i].Score.Should().Be(expected.Score, $"row {i}");
            scored[i].Probability.Should().Be(expected.Probability, $"row {i}");
            scored[i].PredictedLabel.Should().Be(expected.PredictedLabel, $"row {i}");
        }
    }

    [Fact]
    public void A_shuffled_cursor_serves_the_inputs_shuffled_rows_with_their_own_scores()
    {
        var ml = new MLContext(seed: 1);
        var rows = Data();
        var data = ml.Data.Cache(ml.Data.LoadFromEnumerable(rows)); // a cache can shuffle
        var model = ml.Transforms.Conversion.MapValueToKey("Label", nameof(Row.Class))
            .Append(ml.MulticlassClassification.Trainers.SoftmaxRegression(epochs: 3))
            .Fit(data);
        var engine = ml.Model.CreatePredictionEngine<Row, MulticlassOutput>(model);
        var scored = model.Transform(data);
        scored.CanShuffle.Should().BeTrue();

        using var cursor = scored.GetRowCursor(scored.Schema, new Random(7));
        var score = cursor.GetGetter<VBuffer<float>>(scored.Schema["Score"]);
        var extra = cursor.GetGetter<VBuffer<float>>(scored.Schema["Extra"]);
        VBuffer<float> scores = default, extras = default;
        var seen = new List<int>();
        while (cursor.MoveNext())
        {
            extra(ref extras);
            int index = (int)extras.GetItemOrDefault(0);
            score(ref scores);
            scores.DenseValues().Should().Equal(engine.Predict(rows[index]).Score, $"row {index}");
            seen.Add(index);
        }
        seen.Should().BeEquivalentTo(Enumerable.Range(0, Rows));
        seen.Should().NotBeInAscendingOrder("the cursor was asked to shuffle");
    }

    [Fact]
    public void Evaluate_gives_the_same_metrics_as_scoring_row_by_row()
    {
        var ml = new MLContext(seed: 1);
        var rows = Data();
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = ml.Transforms.Conversion.MapValueToKey("Label", nameof(Row.Class))
            .Append(ml.MulticlassClassification.Trainers.NeuralNetwork([12], epochs: 5))
            .Fit(data);
        var metrics = ml.MulticlassClassification.Evaluate(model.Transform(data));

        var engine = ml.Model.CreatePredictionEngine<Row, MulticlassOutput>(model);
        var keys = rows.Select(r => r.Class).Distinct().Order().ToArray(); // MapValueToKey orders keys by first appearance
        var firstSeen = rows.Select(r => r.Class).Distinct().ToArray();
        double correct = rows.Count(r => firstSeen[engine.Predict(r).PredictedLabel - 1] == r.Class);
        metrics.MicroAccuracy.Should().BeApproximately(correct / Rows, 1e-12);
        keys.Should().HaveCount(3);
    }

    public sealed class WideRow
    {
        [VectorType(40)]
        public VBuffer<float> Features { get; set; }

        public bool Label { get; set; }
    }

    public sealed class WideDenseRow
    {
        [VectorType(40)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }

    [Fact]
    public void A_linear_model_over_many_features_scores_rows_read_once_alike_dense_sparse_and_row_by_row()
    {
        // 40 features: the layer sums along its inputs, so Transform reads each dense row straight into the predictor's
        // array for it; sparse rows (half the slots zero) are spread there instead.
        var ml = new MLContext(seed: 1);
        var random = new Random(9);
        var values = Enumerable.Range(0, Rows).Select(_ => Enumerable.Range(0, 40)
            .Select(j => j % 2 == 0 ? (float)(random.NextDouble() * 2 - 1) : 0f).ToArray()).ToArray();
        var dense = values.Select(v => new WideDenseRow { Features = v, Label = v[0] + v[2] > 0 }).ToArray();
        var sparse = values.Select(v =>
        {
            var indices = Enumerable.Range(0, 40).Where(j => v[j] != 0).ToArray();
            return new WideRow { Features = new VBuffer<float>(40, indices.Length, indices.Select(j => v[j]).ToArray(), indices), Label = v[0] + v[2] > 0 };
        }).ToArray();
        var denseView = ml.Data.LoadFromEnumerable(dense);
        var model = ml.BinaryClassification.Trainers.LogisticRegression(epochs: 5).Fit(denseView);
        NarrowOutput.SumsAlongInputs(40, model.Model.Architecture.OutputSize).Should().BeTrue();

        float[] Scores(IDataView view) => [.. model.Transform(view).GetColumn<float>("Score")];
        var fromDense = Scores(denseView);
        var fromSparse = Scores(ml.Data.LoadFromEnumerable(sparse));
        var mixed = sparse.Select((r, i) => i % 3 == 0 ? new WideRow { Features = new VBuffer<float>(40, values[i]), Label = r.Label } : r).ToArray();
        var fromMixed = Scores(ml.Data.LoadFromEnumerable(mixed));
        var engine = ml.Model.CreatePredictionEngine<WideDenseRow, BinaryOutput>(model);

        fromSparse.Should().Equal(fromDense);
        fromMixed.Should().Equal(fromDense, "dense and sparse rows in one column, each read into its row's array");
        fromDense.Should().Equal(dense.Select(r => engine.Predict(r).Score));
        fromDense.Distinct().Should().HaveCountGreaterThan(Rows / 2, "each row has its own score, not a neighbour's");
    }
}
