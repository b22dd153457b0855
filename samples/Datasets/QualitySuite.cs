using System.Globalization;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetOptimizers.Datasets;

/// <summary>
/// The quality suite of <c>shared/notes/quality-anchors.md</c>: twelve real data sets (label = last column), split the
/// way the note says, loaded and featurized the way an ML.NET user would: text columns one-hot, numeric columns as one
/// vector with missing values replaced, then <c>NormalizeMeanVariance</c> with its defaults.
/// </summary>
public static class QualitySuite
{
    /// <summary>The data sets, in the note's order, with their paths under <c>shared/data</c>.</summary>
    public static IReadOnlyList<(string Name, string Path)> Sets { get; } =
    [
        ("iris", "sklearn/iris.csv"), ("wine", "sklearn/wine_data.csv"), ("breast_cancer", "sklearn/breast_cancer.csv"),
        ("digits", "sklearn/digits.csv.gz"), ("cells", "modeldata/cells.csv"), ("hpc_data", "modeldata/hpc_data.csv"),
        ("mlc_churn", "modeldata/mlc_churn.csv"), ("credit_data", "modeldata/credit_data.csv"), ("penguins", "modeldata/penguins.csv"),
        ("attrition", "modeldata/attrition.csv"), ("wa_churn", "modeldata/wa_churn.csv"), ("lending_club", "modeldata/lending_club.csv"),
    ];

    /// <summary>
    /// Reads a data set of <see cref="Sets"/> from <c>shared/data</c>, or, for the four scikit-learn sets, from the copies
    /// the project ships in <c>data/</c>; null when neither is there.
    /// </summary>
    public static QualityData? Load(string name)
    {
        var (_, relative) = Sets.Single(s => s.Name == name);
        var path = DataFiles.Shared(relative)
            ?? (relative.StartsWith("sklearn/") ? DataFiles.ProjectOrNull(Path.GetFileName(relative)) : null);
        return path is null ? null : QualityData.Read(name, DataFiles.Plain(path), hasHeader: relative.StartsWith("modeldata/"),
            metadataLine: relative.StartsWith("sklearn/") && name != "digits");
    }

    /// <summary>Whether data row <paramref name="row"/> (0-based) is a test row of split <paramref name="split"/>: the note's rule.</summary>
    public static bool IsTestRow(long row, int split) => (uint)(row * 2654435761L + split * 40503L) % 1000 < 200;
}

/// <summary>
/// One data set of the quality suite (or of the regression suite): its rows as text, and which columns are numeric and
/// which text.
/// </summary>
public sealed class QualityData
{
    private readonly string _header;
    private readonly string[] _lines;
    private readonly TextLoader.Column[] _columns;

    private QualityData(string name, string header, string[] lines, TextLoader.Column[] columns, string[] textColumns, int numericCount, int classes,
        bool regression)
    {
        Regression = regression;
        Name = name;
        _header = header;
        _lines = lines;
        _columns = columns;
        TextColumns = textColumns;
        NumericCount = numericCount;
        ClassCount = classes;
    }

    /// <summary>The data set's name.</summary>
    public string Name { get; }

    /// <summary>Number of data rows.</summary>
    public int Rows => _lines.Length;

    /// <summary>Number of numeric columns (loaded as the vector column "Numeric").</summary>
    public int NumericCount { get; }

    /// <summary>The text columns (loaded one by one, one-hot encoded by the featurizer).</summary>
    public IReadOnlyList<string> TextColumns { get; }

    /// <summary>Number of distinct labels.</summary>
    public int ClassCount { get; }

    /// <summary>Whether the label is a number to predict (loaded as Single) rather than a class (loaded as text).</summary>
    public bool Regression { get; }

    /// <summary>The training and test rows of split <paramref name="split"/>, as a user's TextLoader would give them.</summary>
    public (IDataView Train, IDataView Test) Split(MLContext ml, int split)
    {
        var train = new List<string>();
        var test = new List<string>();
        for (int i = 0; i < _lines.Length; i++)
        {
            (QualitySuite.IsTestRow(i, split) ? test : train).Add(_lines[i]);
        }
        var loader = ml.Data.CreateTextLoader(new TextLoader.Options
        {
            Columns = _columns, Separators = [','], HasHeader = true, AllowQuoting = true, MissingRealsAsNaNs = true,
        });
        return (loader.Load(new LinesSource(_header, train)), loader.Load(new LinesSource(_header, test)));
    }

    /// <summary>
    /// The note's featurizer, as an ML.NET user writes it with default settings: <c>MapValueToKey("Label")</c> (classes
    /// only); the numeric vector through <c>ReplaceMissingValues</c>; each text column through <c>OneHotEncoding</c>;
    /// <c>Concatenate("Features")</c>; <c>NormalizeMeanVariance("Features")</c>.
    /// </summary>
    public IEstimator<ITransformer> Featurizer(MLContext ml)
    {
        IEstimator<ITransformer> chain = Regression
            ? new EstimatorChain<ITransformer>()
            : ml.Transforms.Conversion.MapValueToKey("Label");
        var parts = new List<string>();
        if (NumericCount > 0)
        {
            chain = chain.Append(ml.Transforms.ReplaceMissingValues("Numeric"));
            parts.Add("Numeric");
        }
        foreach (var text in TextColumns)
        {
            chain = chain.Append(ml.Transforms.Categorical.OneHotEncoding(text + "_onehot", text));
            parts.Add(text + "_onehot");
        }
        return chain.Append(ml.Transforms.Concatenate("Features", [.. parts]))
            .Append(ml.Transforms.NormalizeMeanVariance("Features"));
    }

    /// <summary>Reads any comma-separated file with the label in its last column, as the suite's files are read.</summary>
    public static QualityData ReadCsv(string name, string path, bool hasHeader, bool regression = false) =>
        Read(name, path, hasHeader, metadataLine: false, regression);

    internal static QualityData Read(string name, string path, bool hasHeader, bool metadataLine, bool regression = false)
    {
        var all = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
        var data = hasHeader || metadataLine ? all[1..] : all;
        var fields = data.Select(SplitCsv).ToArray();
        int width = fields[0].Length;
        string[] names = hasHeader ? SplitCsv(all[0]).Select(n => n.Value).ToArray() : Enumerable.Range(0, width).Select(i => $"c{i}").ToArray();

        var numeric = new List<int>();
        var text = new List<int>();
        for (int c = 0; c < width - 1; c++)
        {
            bool isText = fields.Any(row => row[c].Quoted || (row[c].Value.Length > 0
                && !double.TryParse(row[c].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)));
            (isText ? text : numeric).Add(c);
        }
        var columns = new List<TextLoader.Column> { new("Label", regression ? DataKind.Single : DataKind.String, width - 1) };
        if (numeric.Count > 0)
        {
            columns.Add(new TextLoader.Column("Numeric", DataKind.Single, numeric.Select(c => new TextLoader.Range(c)).ToArray()));
        }
        var textNames = text.Select(c => Identifier(names[c])).ToArray();
        columns.AddRange(text.Select((c, i) => new TextLoader.Column(textNames[i], DataKind.String, c)));
        int classes = fields.Select(row => row[^1].Value).Distinct().Count();
        // The loader gets a header line of its own, so that the split views look like files with a header.
        return new QualityData(name, string.Join(",", Enumerable.Range(0, width).Select(i => $"c{i}")), data, [.. columns], textNames, numeric.Count, classes, regression);
    }

    private static string Identifier(string name) => "t_" + new string(name.Select(ch => char.IsLetterOrDigit(ch) ? ch : '_').ToArray());

    private static (string Value, bool Quoted)[] SplitCsv(string line)
    {
        var result = new List<(string, bool)>();
        var field = new StringBuilder();
        bool quoted = false, inQuotes = false;
        for (int i = 0; i < line.Length; i++)
        {
            char ch = line[i];
            if (inQuotes)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    inQuotes = false;
                }
                else
                {
                    field.Append(ch);
                }
            }
            else if (ch == '"')
            {
                inQuotes = quoted = true;
            }
            else if (ch == ',')
            {
                result.Add((field.ToString(), quoted));
                field.Clear();
                quoted = false;
            }
            else
            {
                field.Append(ch);
            }
        }
        result.Add((field.ToString(), quoted));
        return [.. result];
    }

    /// <summary>Lines held in memory, served to a TextLoader as one file.</summary>
    private sealed class LinesSource(string header, IReadOnlyList<string> lines) : IMultiStreamSource
    {
        public int Count => 1;

        public string? GetPathOrNull(int index) => null;

        public Stream Open(int index) => new MemoryStream(Encoding.UTF8.GetBytes(header + "\n" + string.Join("\n", lines) + "\n"));

        public TextReader OpenTextReader(int index) => new StreamReader(Open(index));
    }
}
