using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetOptimizers.Bench;

/// <summary>
/// Peak working set of a training run on rows that exist only while they are enumerated (an IDataView from
/// LoadFromEnumerable over a generator, whose row count ML.NET does not know), with DataLoading = Auto: once with the
/// default MaxInMemoryBytes (Auto reads the rows into memory) and once with a budget below the matrix (Auto streams).
/// </summary>
internal static class MemoryMeasurement
{
    private const int Features = 50;

    public static string Run(bool quick)
    {
        int rows = quick ? 300_000 : 3_000_000;
        double matrix = rows * (double)Features * sizeof(float) / 1048576.0;
        var text = new System.Text.StringBuilder(FormattableString.Invariant(
            $"### Memory: {rows:N0} × {Features} lazily enumerated rows (dense matrix {matrix:N0} MB), softmax regression, 1 epoch\n\n") +
            "| DataLoading = Auto, MaxInMemoryBytes | Auto chose | peak working set (MB) | peak − matrix (MB) | baseline before training (MB) | seconds |\n|---|---|---:|---:|---:|---:|\n");
        foreach (long budget in new[] { 2L << 30, (long)(matrix * 1048576 / 4) })
        {
            var parts = ChildProcess.Run("--memory-child", rows.ToString(CultureInfo.InvariantCulture), budget.ToString(CultureInfo.InvariantCulture)).Split(' ');
            double peak = double.Parse(parts[1], CultureInfo.InvariantCulture);
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {budget / 1048576.0:N0} MB | {parts[0].Replace('_', ' ')} | {peak:N0} | {peak - matrix:N0} | {parts[2]} | {parts[3]} |"));
        }
        return text.ToString();
    }

    /// <summary>The child side: trains once and prints "mode peakMB baselineMB seconds".</summary>
    public static string Child(int rows, long budget)
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(Generate(rows), SchemaDefinition.Create(typeof(Row)) is var definition
            ? SetSize(definition) : null);
        double baseline = Process.GetCurrentProcess().WorkingSet64 / 1048576.0;
        var options = new GradientTrainerOptions { Epochs = 1, MaxInMemoryBytes = budget, DataLoading = DataLoadingMode.Auto };
        var clock = Stopwatch.StartNew();
        var model = ml.BinaryClassification.Trainers.LogisticRegression(options).Fit(data);
        double peak = Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;
        string mode = model.History.TrainedInMemory ? "in memory" : "streaming";
        return string.Create(CultureInfo.InvariantCulture, $"{mode.Replace(' ', '_')} {peak:0} {baseline:0} {clock.Elapsed.TotalSeconds:0.0}");
    }

    private static SchemaDefinition SetSize(SchemaDefinition definition)
    {
        definition[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, Features);
        return definition;
    }

    /// <summary>Rows made on demand from their index, the same on every pass.</summary>
    private static IEnumerable<Row> Generate(int rows)
    {
        for (int i = 0; i < rows; i++)
        {
            var random = new Random(i);
            var features = new float[Features];
            float z = 0;
            for (int j = 0; j < Features; j++)
            {
                features[j] = (float)(random.NextDouble() * 2 - 1);
                z += (j % 3 - 1) * features[j];
            }
            yield return new Row { Features = features, Label = z + 0.3 * (random.NextDouble() - 0.5) > 0 };
        }
    }

    private sealed class Row
    {
        public float[] Features { get; set; } = [];
        public bool Label { get; set; }
    }
}
