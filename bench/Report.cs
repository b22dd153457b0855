using System.Globalization;
using System.Text;

namespace MlNetOptimizers.Bench;

/// <summary>Markdown tables of the measurements, with ratios to ML.NET's fastest trainer of the same task.</summary>
internal static class Report
{
    public static string Table(string dataset, IReadOnlyList<Measurement> rows)
    {
        var fastest = rows.Where(r => !r.Ours).MinBy(r => r.MedianSeconds);
        var fastestScoring = rows.Where(r => !r.Ours).MaxBy(r => r.ScoringRowsPerSecond);
        var lbfgs = rows.FirstOrDefault(r => r.Trainer.Contains("L-BFGS"));
        var text = new StringBuilder();
        text.AppendLine($"### {dataset}");
        text.AppendLine();
        text.AppendLine("| trainer | train s (median) | × ML.NET fastest | train rows/s | GFLOP/s | peak MB | test accuracy | log-loss | log-loss / L-BFGS | scoring rows/s | × ML.NET scoring |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            text.AppendLine(string.Join(" | ", new[]
            {
                "| " + r.Trainer,
                F(r.MedianSeconds, "0.000"),
                fastest is null ? "" : F(r.MedianSeconds / fastest.MedianSeconds, "0.00"),
                F(r.TrainRowsPerSecond, "N0"),
                r.Gflops is { } g ? F(g, "0.0") : "",
                F(r.PeakMegabytes, "N0"),
                F(r.Accuracy, "0.0000"),
                F(r.LogLoss, "0.0000"),
                lbfgs is null ? "" : F(r.LogLoss / lbfgs.LogLoss, "0.000"),
                F(r.ScoringRowsPerSecond, "N0"),
                fastestScoring is null ? "" : F(r.ScoringRowsPerSecond / fastestScoring.ScoringRowsPerSecond, "0.00") + " |",
            }));
        }
        return text.ToString();
    }

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
