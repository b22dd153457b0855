using System.IO.Compression;
using System.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetOptimizers.Datasets;
using Xunit.Abstractions;

namespace MlNetOptimizers.Tests.Persistence;

/// <summary>
/// Property test of a whole saved model (ML.NET's zip): random single-bit flips in its entries (unzipped, flipped,
/// re-zipped, so that the zip's own CRC does not catch them) must make loading or scoring throw, or leave every prediction
/// bit-identical, and never hang. The one documented exception: ML.NET's own tables of the label's values (the MapValue
/// and MapValueToKey after our scorer) are ML.NET's format, outside our checksum; a flip there may change the
/// PredictedLabel of a class, never Score or Probability.
/// </summary>
public class DamagedModelFileTests(ITestOutputHelper output)
{
    private const int Flips = 300;
    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(20);
    private readonly MLContext _ml = new(seed: 1);

    [Theory]
    [InlineData(ModelKind.Binary)]
    [InlineData(ModelKind.Multiclass)]
    [InlineData(ModelKind.Regression)]
    public async Task A_flipped_bit_anywhere_fails_or_changes_nothing(ModelKind kind)
    {
        IDataView data = kind switch
        {
            ModelKind.Binary => ClassificationSets.BreastCancer(_ml),
            ModelKind.Regression => RegressionSets.Diabetes(_ml),
            _ => _ml.Transforms.Conversion.MapValueToKey("Label").Fit(ClassificationSets.Iris(_ml)).Transform(ClassificationSets.Iris(_ml)),
        };
        ITransformer model = kind switch
        {
            ModelKind.Binary => _ml.BinaryClassification.Trainers.NeuralNetwork(new GradientTrainerOptions { HiddenLayers = [4], Activation = Activation.Tanh, Epochs = 3 }).Fit(data),
            ModelKind.Regression => _ml.Regression.Trainers.NeuralNetwork(new GradientTrainerOptions { HiddenLayers = [4], Epochs = 3 }).Fit(data),
            _ => _ml.MulticlassClassification.Trainers.NeuralNetwork(new GradientTrainerOptions { HiddenLayers = [4], Epochs = 3 }).Fit(data),
        };
        using var saved = new MemoryStream();
        _ml.Model.Save(model, data.Schema, saved);
        var entries = Unzip(saved.ToArray());
        var expected = Outputs(Load(Zip(entries, -1, 0)), data);
        var labelTables = LabelTableEntries(entries);
        long totalBits = entries.Sum(e => e.Bytes.Length * 8L);

        var random = new Random(5);
        var outcomes = new Dictionary<string, int>();
        for (int trial = 0; trial < Flips; trial++)
        {
            long bit = random.NextInt64(totalBits);
            int entry = 0;
            while (bit >= entries[entry].Bytes.Length * 8L)
            {
                bit -= entries[entry].Bytes.Length * 8L;
                entry++;
            }
            var damaged = Zip(entries, entry, bit);
            string where = $"{entries[entry].Name}, byte {bit / 8}, bit {bit % 8}";

            var attempt = Task.Run(() => Outputs(Load(damaged), data));
            (await Task.WhenAny(attempt, Task.Delay(HangLimit))).Should().BeSameAs(attempt,
                $"a model with a flipped bit ({where}) must fail or score, never hang");
            Dictionary<string, string> result;
            try
            {
                result = await attempt;
            }
            catch (Exception e)
            {
                outcomes["throws " + e.GetType().Name] = outcomes.GetValueOrDefault("throws " + e.GetType().Name) + 1;
                continue;
            }
            string outcome;
            if (result.SequenceEqual(expected))
            {
                outcome = "identical";
            }
            else
            {
                var changed = expected.Keys.Where(c => !result.TryGetValue(c, out var v) || v != expected[c]).ToList();
                changed.Should().Equal(["PredictedLabel"], $"only the label's value tables are outside our checksum, and {where} changed {string.Join(", ", changed)}");
                labelTables.Should().Contain(entries[entry].Name, $"a flip at {where} changed PredictedLabel");
                outcome = "PredictedLabel changed (ML.NET label table)";
            }
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }
        output.WriteLine(string.Join("\n", outcomes.OrderByDescending(o => o.Value).Select(o => $"{o.Value,4} {o.Key}")));
        outcomes.Keys.Should().Contain(o => o.StartsWith("throws"));
    }

    private ITransformer Load(byte[] zip) => _ml.Model.Load(new MemoryStream(zip), out _);

    /// <summary>
    /// Every output column as text of its raw bits; a column the damaged model lacks is missing from the result (reading
    /// it would throw). Scoring is forced over all rows.
    /// </summary>
    private Dictionary<string, string> Outputs(ITransformer model, IDataView data)
    {
        var scored = model.Transform(data);
        var result = new Dictionary<string, string>();
        foreach (var column in scored.Schema.Where(c => c.Name is "Score" or "Probability" or "PredictedLabel"))
        {
            var text = new StringBuilder(column.Type.ToString()).Append(':');
            switch (column.Type)
            {
                case VectorDataViewType:
                    foreach (var v in scored.GetColumn<float[]>(column))
                    {
                        text.AppendJoin(' ', v.Select(BitConverter.SingleToInt32Bits)).Append(',');
                    }
                    break;
                case KeyDataViewType:
                    text.AppendJoin(',', scored.GetColumn<uint>(column));
                    VBuffer<float> values = default;
                    if (column.Annotations.Schema.GetColumnOrNull("KeyValues") is { Type: VectorDataViewType { ItemType: NumberDataViewType } })
                    {
                        column.Annotations.GetValue("KeyValues", ref values);
                    }
                    text.Append('|').AppendJoin(',', values.DenseValues().Select(BitConverter.SingleToInt32Bits));
                    break;
                case BooleanDataViewType:
                    text.AppendJoin(',', scored.GetColumn<bool>(column));
                    break;
                default:
                    text.AppendJoin(',', scored.GetColumn<float>(column).Select(BitConverter.SingleToInt32Bits));
                    break;
            }
            result[column.Name] = text.ToString();
        }
        return result;
    }

    /// <summary>The entries of ML.NET's MapValue and MapValueToKey transforms after the last Concatenate: the label's values.</summary>
    private static HashSet<string> LabelTableEntries(List<(string Name, byte[] Bytes)> entries)
    {
        string Loader(string transform) =>
            Encoding.ASCII.GetString(entries.Single(e => e.Name == transform + "/Model.key").Bytes, 64, 8);
        var transforms = entries.Select(e => e.Name).Where(n => n.StartsWith("TransformerChain/Transform_") && n.EndsWith("/Model.key"))
            .Select(n => n[..n.IndexOf("/Model.key", StringComparison.Ordinal)]).Where(t => t.Count(c => c == '/') == 1).Order().ToList();
        int concatenate = transforms.FindLastIndex(t => Loader(t) == "CONCATF\0");
        var tables = transforms.Skip(concatenate + 1).Where(t => Loader(t) is "VALUMAPG" or "TERMTRNF").ToList();
        return entries.Select(e => e.Name).Where(n => tables.Any(t => n.StartsWith(t + "/", StringComparison.Ordinal))).ToHashSet();
    }

    private static List<(string Name, byte[] Bytes)> Unzip(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip));
        return archive.Entries.Select(e =>
        {
            using var stream = e.Open();
            var copy = new MemoryStream();
            stream.CopyTo(copy);
            return (e.FullName, copy.ToArray());
        }).ToList();
    }

    /// <summary>Zips the entries again with bit <paramref name="bit"/> of entry <paramref name="damaged"/> flipped (none for −1).</summary>
    private static byte[] Zip(List<(string Name, byte[] Bytes)> entries, int damaged, long bit)
    {
        var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            for (int i = 0; i < entries.Count; i++)
            {
                var bytes = (byte[])entries[i].Bytes.Clone();
                if (i == damaged)
                {
                    bytes[bit / 8] ^= (byte)(1 << (int)(bit % 8));
                }
                using var stream = archive.CreateEntry(entries[i].Name).Open();
                stream.Write(bytes);
            }
        }
        return zip.ToArray();
    }
}
