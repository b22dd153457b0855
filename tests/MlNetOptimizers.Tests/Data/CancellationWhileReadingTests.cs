using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetOptimizers.Tests.Data;

/// <summary>
/// A token cancelled while the trainer counts, reads, summarises or fingerprints its data is honoured within a few
/// thousand rows (about a millisecond of reading), not at the end of the pass. The data cancels the token itself when it
/// produces a given row of a given pass, so the bound is checked in rows, not in fragile wall-clock time.
/// </summary>
public class CancellationWhileReadingTests
{
    private const int Rows = 200_000;
    private const int CancelAtRow = 10_000;

    /// <summary>Rows read after the cancellation before the trainer noticed: one check interval, with room for the cursor's own buffering.</summary>
    private const int Allowed = 2 * 4096;

    private sealed class Row
    {
        [VectorType(10)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }

    /// <summary>Lazily made rows; cancels <see cref="Cancellation"/> at row <see cref="CancelAtRow"/> of pass <paramref name="cancelOnPass"/>.</summary>
    private sealed class SelfCancellingRows(int cancelOnPass) : IEnumerable<Row>
    {
        private int _pass;

        public CancellationTokenSource Cancellation { get; } = new();

        public long RowsAfterCancel { get; private set; }

        public IEnumerator<Row> GetEnumerator()
        {
            int pass = ++_pass;
            for (int i = 0; i < Rows; i++)
            {
                if (pass == cancelOnPass && i == CancelAtRow)
                {
                    Cancellation.Cancel();
                }
                if (Cancellation.IsCancellationRequested)
                {
                    RowsAfterCancel++;
                }
                var features = new float[10];
                features[i % 10] = 1;
                yield return new Row { Features = features, Label = i % 3 == 0 };
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    [Theory]
    [InlineData(DataLoadingMode.Auto, false, 1, "counting the rows")]
    [InlineData(DataLoadingMode.InMemory, false, 2, "reading the rows into memory")]
    [InlineData(DataLoadingMode.Streaming, false, 1, "the statistics pass of streaming")]
    [InlineData(DataLoadingMode.Streaming, true, 2, "the checkpoint's fingerprint of the data")]
    public void Cancellation_is_honoured_within_a_few_thousand_rows(DataLoadingMode mode, bool checkpoint, int pass, string phase)
    {
        var ml = new MLContext(seed: 1);
        var rows = new SelfCancellingRows(pass);
        var checkpointPath = checkpoint ? Path.Combine(Path.GetTempPath(), $"cancel-{Guid.NewGuid():N}.ckpt") : null;
        var options = new GradientTrainerOptions
        {
            DataLoading = mode, CancellationToken = rows.Cancellation.Token, CheckpointPath = checkpointPath, Epochs = 1,
        };

        var act = () => ml.BinaryClassification.Trainers.LogisticRegression(options).Fit(ml.Data.LoadFromEnumerable(rows));

        act.Should().Throw<OperationCanceledException>(phase);
        rows.Cancellation.IsCancellationRequested.Should().BeTrue($"the data cancelled during {phase}");
        rows.RowsAfterCancel.Should().BeLessThan(Allowed, $"{phase} must look at the token every few thousand rows");
        if (checkpointPath is not null)
        {
            File.Exists(checkpointPath).Should().BeFalse();
        }
    }
}
