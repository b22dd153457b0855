using System.IO.Compression;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetOptimizers.Datasets;

/// <summary>One row of a dense classification set: a feature vector and a class number (Single) or flag.</summary>
public sealed class DenseRow
{
    /// <summary>The features.</summary>
    public float[] Features { get; set; } = [];

    /// <summary>The class number, 0-based.</summary>
    public float Label { get; set; }
}

/// <summary>The larger sets of the benchmark: synthetic, Fashion-MNIST and Shuttle.</summary>
public static class BenchmarkSets
{
    /// <summary>
    /// A deterministic synthetic set: x ~ U(−1, 1)^features, label = argmax of a random teacher network's logits plus
    /// Gumbel noise, so that a non-linear model can beat a linear one. Label is the class number as Single.
    /// </summary>
    public static IDataView Synthetic(MLContext ml, int rows, int features, int classes, int seed)
    {
        var random = new Random(seed);
        int hidden = 32;
        var w1 = Enumerable.Range(0, features * hidden).Select(_ => (float)(random.NextDouble() * 2 - 1) / MathF.Sqrt(features)).ToArray();
        var w2 = Enumerable.Range(0, hidden * classes).Select(_ => (float)(random.NextDouble() * 2 - 1) * 3 / MathF.Sqrt(hidden)).ToArray();
        var linear = Enumerable.Range(0, features * classes).Select(_ => (float)(random.NextDouble() * 2 - 1) / MathF.Sqrt(features)).ToArray();
        var data = new DenseRow[rows];
        var h = new float[hidden];
        for (int r = 0; r < rows; r++)
        {
            var x = new float[features];
            for (int i = 0; i < features; i++)
            {
                x[i] = (float)(random.NextDouble() * 2 - 1);
            }
            for (int j = 0; j < hidden; j++)
            {
                float s = 0;
                for (int i = 0; i < features; i++)
                {
                    s += x[i] * w1[i * hidden + j];
                }
                h[j] = MathF.Tanh(2 * s);
            }
            int best = 0;
            float bestValue = float.NegativeInfinity;
            for (int c = 0; c < classes; c++)
            {
                float z = 0;
                for (int j = 0; j < hidden; j++)
                {
                    z += h[j] * w2[j * classes + c];
                }
                for (int i = 0; i < features; i++)
                {
                    z += x[i] * linear[i * classes + c];
                }
                z += -MathF.Log(-MathF.Log((float)random.NextDouble() + 1e-12f)) * 0.2f; // Gumbel noise: labels are not a pure function of x
                if (z > bestValue)
                {
                    (bestValue, best) = (z, c);
                }
            }
            data[r] = new DenseRow { Features = x, Label = best };
        }
        return Load(ml, data, features);
    }

    /// <summary>Fashion-MNIST from shared/data (60,000 train and 10,000 test images, 784 pixels 0–255), or null when absent.</summary>
    public static (IDataView Train, IDataView Test)? FashionMnist(MLContext ml)
    {
        var folder = DataFiles.Shared("fashion-mnist/train-images-idx3-ubyte.gz") is { } path ? Path.GetDirectoryName(path)! : null;
        if (folder is null)
        {
            return null;
        }
        return (Load(ml, ReadIdx(folder, "train"), 784), Load(ml, ReadIdx(folder, "t10k"), 784));
    }

    /// <summary>Statlog Shuttle from shared/data: 58,000 rows, 9 integer features, 7 very unbalanced classes; or null.</summary>
    public static IDataView? Shuttle(MLContext ml)
    {
        var path = DataFiles.Shared("mlbench/shuttle.csv.gz");
        if (path is null)
        {
            return null;
        }
        var columns = Enumerable.Range(0, 9).Select(i => new TextLoader.Column($"V{i + 1}", DataKind.Single, i))
            .Append(new TextLoader.Column("Class", DataKind.String, 9)).ToArray();
        var raw = ml.Data.LoadFromTextFile(DataFiles.Plain(path), columns, separatorChar: ',', hasHeader: true);
        return ml.Transforms.Concatenate("Features", Enumerable.Range(1, 9).Select(i => $"V{i}").ToArray())
            .Append(ml.Transforms.CopyColumns("Label", "Class"))
            .Fit(raw).Transform(raw);
    }

    private static DenseRow[] ReadIdx(string folder, string part)
    {
        byte[] images = Gunzip(Path.Combine(folder, $"{part}-images-idx3-ubyte.gz"));
        byte[] labels = Gunzip(Path.Combine(folder, $"{part}-labels-idx1-ubyte.gz"));
        int count = ReadBigEndian(labels, 4);
        if (ReadBigEndian(images, 0) != 0x803 || ReadBigEndian(labels, 0) != 0x801 || ReadBigEndian(images, 4) != count)
        {
            throw new InvalidDataException($"{folder}/{part}: not a matching pair of IDX image and label files.");
        }
        var rows = new DenseRow[count];
        for (int r = 0; r < count; r++)
        {
            var x = new float[784];
            for (int i = 0; i < 784; i++)
            {
                x[i] = images[16 + r * 784 + i];
            }
            rows[r] = new DenseRow { Features = x, Label = labels[8 + r] };
        }
        return rows;
    }

    private static byte[] Gunzip(string path)
    {
        using var input = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    private static int ReadBigEndian(byte[] data, int offset) =>
        System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(offset, 4));

    private static IDataView Load(MLContext ml, DenseRow[] rows, int features)
    {
        var schema = SchemaDefinition.Create(typeof(DenseRow));
        schema[nameof(DenseRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, features);
        return ml.Data.LoadFromEnumerable(rows, schema);
    }
}
