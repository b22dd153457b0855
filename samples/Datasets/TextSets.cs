using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetOptimizers.Datasets;

/// <summary>One product review of <see cref="TextSets"/>: its text, whether it is rated great (binary) and its class name.</summary>
public sealed class ProductReview
{
    /// <summary>The review's text.</summary>
    public string Review { get; set; } = "";

    /// <summary>"great" or "other".</summary>
    public string Score { get; set; } = "";

    /// <summary>Whether the review is rated great: the binary label.</summary>
    public bool Label { get; set; }
}

/// <summary>
/// The text case of <c>shared/notes/regression-and-text.md</c>: product reviews of <c>shared/data/text</c> (4,000 training
/// rows, 1,000 test rows), the label whether the score is "great", as ML.NET's sentiment tutorial reads its data.
/// </summary>
public static class TextSets
{
    /// <summary>The training and test reviews, with columns Review, Score (text) and Label (Boolean); null when shared/data/text is absent.</summary>
    public static (IDataView Train, IDataView Test)? Reviews(MLContext ml)
    {
        if (DataFiles.Shared(Path.Combine("text", "fine_foods_train.csv")) is not { } train
            || DataFiles.Shared(Path.Combine("text", "fine_foods_test.csv")) is not { } test)
        {
            return null;
        }
        IDataView Read(string path)
        {
            var rows = ml.Data.CreateEnumerable<FileRow>(
                ml.Data.LoadFromTextFile<FileRow>(path, separatorChar: ',', hasHeader: true, allowQuoting: true), reuseRowObject: false)
                .Select(r => new ProductReview { Review = r.Review, Score = r.Score, Label = r.Score == "great" })
                .ToList();
            return ml.Data.LoadFromEnumerable(rows);
        }
        return (Read(train), Read(test));
    }

    /// <summary>A line of the CSV files: product, review, score.</summary>
    private sealed class FileRow
    {
        [LoadColumn(1)]
        public string Review { get; set; } = "";

        [LoadColumn(2)]
        public string Score { get; set; } = "";
    }
}
