using System.Globalization;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace MlNetOptimizers.Bench;

/// <summary>
/// Scoring speed against ONNX Runtime on one thread: the same trained network scored through our Transform (batched
/// cursor), our PredictionEngine (one row at a time) and ONNX Runtime running our ONNX export on 1000-row batches.
/// 784 uniform inputs (an MNIST-sized row), 10 classes; the figures are rows per second.
/// </summary>
internal static class OnnxScoring
{
    private const int Width = 784, Classes = 10, TrainRows = 2_000, TestRows = 10_000, OnnxBatch = 1000;

    public sealed class Row
    {
        [VectorType(Width)]
        public float[] Features { get; set; } = [];

        public uint Class { get; set; }
    }

    public sealed class Output
    {
        public float[] Score { get; set; } = [];
    }

    public static string Run()
    {
        var text = new StringBuilder("### Scoring rows per second, one thread: Transform and PredictionEngine against ONNX Runtime (1000-row batches)\n\n" +
            "| model | ours: Transform | ours: PredictionEngine | ONNX Runtime 1.31.1 | Transform / ONNX Runtime | PredictionEngine / ONNX Runtime |\n" +
            "|---|---:|---:|---:|---:|---:|\n");
        foreach (var (name, hidden) in new (string, int[])[] { ("MLP 784-256-128-10", [256, 128]), ("softmax 784-10", []) })
        {
            var ml = new MLContext(seed: 1);
            var train = ml.Data.LoadFromEnumerable(Rows(TrainRows, 1));
            var testRows = Rows(TestRows, 2);
            var test = ml.Data.Cache(ml.Data.LoadFromEnumerable(testRows));
            var model = ml.Transforms.Conversion.MapValueToKey("Label", nameof(Row.Class))
                .Append(ml.MulticlassClassification.Trainers.NeuralNetwork(new GradientTrainerOptions { HiddenLayers = hidden, Epochs = 1, L2Regularization = 0.01f }))
                .Fit(train).LastTransformer;

            double transform = Measure.ScoringRowsPerSecond(model, test);
            double engine = EngineRowsPerSecond(ml, model, testRows);
            double onnx = OnnxRowsPerSecond(model.Model, testRows);
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {transform:N0} | {engine:N0} | {onnx:N0} | {transform / onnx:0.00}× | {engine / onnx:0.00}× |"));
        }
        return text.ToString();
    }

    /// <summary>Uniform [0, 1) inputs, labelled by the largest output of a fixed random linear map.</summary>
    private static Row[] Rows(int count, int seed)
    {
        var teacher = new Random(7);
        var w = Enumerable.Range(0, Width * Classes).Select(_ => (float)(teacher.NextDouble() * 2 - 1)).ToArray();
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ =>
        {
            var x = Enumerable.Range(0, Width).Select(_ => (float)random.NextDouble()).ToArray();
            var logits = Enumerable.Range(0, Classes).Select(k => Enumerable.Range(0, Width).Sum(i => x[i] * w[i * Classes + k])).ToArray();
            return new Row { Features = x, Class = (uint)Array.IndexOf(logits, logits.Max()) };
        }).ToArray();
    }

    private static double EngineRowsPerSecond(MLContext ml, ITransformer model, Row[] rows)
    {
        var engine = ml.Model.CreatePredictionEngine<Row, Output>(model);
        var output = new Output();
        return Rate(() =>
        {
            foreach (var row in rows)
            {
                engine.Predict(row, ref output);
            }
            return rows.Length;
        });
    }

    private static double OnnxRowsPerSecond(NeuralNetworkModel network, Row[] rows)
    {
        using var stream = new MemoryStream();
        network.ExportToOnnx(stream);
        using var options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        using var session = new InferenceSession(stream.ToArray(), options);
        var batches = rows.Chunk(OnnxBatch)
            .Select(chunk => new DenseTensor<float>(chunk.SelectMany(r => r.Features).ToArray(), [chunk.Length, Width]))
            .ToArray();
        return Rate(() =>
        {
            long scored = 0;
            foreach (var batch in batches)
            {
                using var results = session.Run([NamedOnnxValue.CreateFromTensor("Features", batch)], ["Score"]);
                scored += batch.Dimensions[0];
            }
            return scored;
        });
    }

    private static double Rate(Func<long> pass) => Measure.RowsPerSecond(pass, windowSeconds: 0.3);
}
