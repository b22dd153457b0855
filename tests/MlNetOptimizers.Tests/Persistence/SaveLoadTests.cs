using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetOptimizers.Datasets;

namespace MlNetOptimizers.Tests.Persistence;

public class SaveLoadTests
{
    public static TheoryData<string> Cases => new() { "breast-cancer", "iris", "digits", "digits-ensemble", "concrete", "concrete-ensemble", "digits-members" };

    private static (ITransformer Model, IDataView Data) Train(MLContext ml, string dataset) => dataset switch
    {
        "breast-cancer" => Fit(ml, ClassificationSets.BreastCancer(ml), ml.Transforms.NormalizeMeanVariance("Features")
            .Append(ml.BinaryClassification.Trainers.NeuralNetwork([6], epochs: 3))),
        "iris" => Fit(ml, ClassificationSets.Iris(ml), ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.MulticlassClassification.Trainers.SoftmaxRegression(epochs: 5))),
        "digits-members" => Fit(ml, ClassificationSets.Digits(ml), ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.MulticlassClassification.Trainers.NeuralNetwork(new GradientTrainerOptions { HiddenLayers = [16], Members = 4, Epochs = 2 }))),
        "concrete" => Fit(ml, RegressionSets.Concrete(ml), ml.Regression.Trainers.NeuralNetwork([8], epochs: 3)),
        "concrete-ensemble" => Fit(ml, RegressionSets.Concrete(ml), ml.Regression.Trainers.Ensemble(
            ml.Regression.Trainers.LinearRegression(epochs: 3), ml.Regression.Trainers.Sdca(maximumNumberOfIterations: 3))),
        "digits-ensemble" => Fit(ml, ClassificationSets.Digits(ml), ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.MulticlassClassification.Trainers.Ensemble(i => i == 0
                ? ml.Transforms.NormalizeMinMax("Features").Append(ml.MulticlassClassification.Trainers.NeuralNetwork([16], epochs: 2))
                : ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(), 2))),
        _ => Fit(ml, ClassificationSets.Digits(ml), ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.MulticlassClassification.Trainers.NeuralNetwork([16, 8], epochs: 2))),
    };

    private static (ITransformer, IDataView) Fit(MLContext ml, IDataView data, IEstimator<ITransformer> pipeline) =>
        (pipeline.Fit(data), data);

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_saved_pipeline_loads_in_a_new_process_with_identical_scores(string dataset)
    {
        var ml = new MLContext(seed: 1);
        var (model, data) = Train(ml, dataset);
        var folder = Directory.CreateTempSubdirectory("mlnetopt-").FullName;
        var path = Path.Combine(folder, "model.zip");
        ml.Model.Save(model, data.Schema, path);

        var expected = Scores(ml, model.Transform(data));
        var output = Path.Combine(folder, "scores.txt");
        RunLoadCheck(path, dataset.Replace("-ensemble", "").Replace("-members", ""), output);
        File.ReadAllLines(output).Should().Equal(expected);
    }

    /// <summary>
    /// A model scores the same on every machine: the saved model, loaded in a process whose JIT may not use AVX-512 (the
    /// 256-bit halves of AVX2 machines) or any vector instruction, gives the training process's scores to the last bit. The
    /// pipelines hold no ML.NET arithmetic, whose own vector paths are not ours to pin.
    /// </summary>
    [Theory]
    [InlineData("digits", "DOTNET_EnableAVX512F")]
    [InlineData("digits", "DOTNET_EnableHWIntrinsic")]
    [InlineData("breast-cancer", "DOTNET_EnableAVX512F")]
    [InlineData("breast-cancer", "DOTNET_EnableHWIntrinsic")]
    [InlineData("concrete", "DOTNET_EnableAVX512F")]
    [InlineData("concrete", "DOTNET_EnableHWIntrinsic")]
    [InlineData("digits-members", "DOTNET_EnableAVX512F")]
    [InlineData("digits-members", "DOTNET_EnableHWIntrinsic")]
    public void A_model_scores_identically_without_AVX512_and_without_vector_instructions(string dataset, string disabledInstructions)
    {
        var ml = new MLContext(seed: 1);
        var (model, data) = dataset switch
        {
            "digits" => Fit(ml, ClassificationSets.Digits(ml), ml.Transforms.Conversion.MapValueToKey("Label") // 64 wide: Gemm's 64-column panels
                .Append(ml.MulticlassClassification.Trainers.NeuralNetwork([64, 16], epochs: 2))),
            "breast-cancer" => Fit(ml, ClassificationSets.BreastCancer(ml), ml.BinaryClassification.Trainers.NeuralNetwork([6], epochs: 3)),
            "digits-members" => Train(ml, dataset),
            _ => Fit(ml, RegressionSets.Concrete(ml), ml.Regression.Trainers.LinearRegression(epochs: 3)),
        };
        var folder = Directory.CreateTempSubdirectory("mlnetopt-").FullName;
        var path = Path.Combine(folder, "model.zip");
        ml.Model.Save(model, data.Schema, path);

        var output = Path.Combine(folder, "scores.txt");
        RunLoadCheck(path, dataset.Replace("-members", ""), output, (disabledInstructions, "0"));
        File.ReadAllLines(output).Should().Equal(Scores(ml, model.Transform(data)));
    }

    [Fact]
    public void A_loaded_multiclass_model_still_evaluates_and_maps_predicted_keys_back()
    {
        var ml = new MLContext(seed: 1);
        var data = ClassificationSets.Iris(ml);
        var model = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.MulticlassClassification.Trainers.SoftmaxRegression(new Adam(0.05f), epochs: 30)).Fit(data);
        using var stream = new MemoryStream();
        ml.Model.Save(model, data.Schema, stream);
        stream.Position = 0;
        var loaded = ml.Model.Load(stream, out _);

        var before = ml.MulticlassClassification.Evaluate(model.Transform(data));
        var after = ml.MulticlassClassification.Evaluate(loaded.Transform(data));
        after.MicroAccuracy.Should().Be(before.MicroAccuracy);
        after.LogLoss.Should().Be(before.LogLoss);
        var mapped = ml.Transforms.Conversion.MapKeyToValue("PredictedValue", "PredictedLabel").Fit(loaded.Transform(data)).Transform(loaded.Transform(data));
        mapped.GetColumn<float>("PredictedValue").Distinct().Should().BeSubsetOf([0f, 1f, 2f]);
    }

    [Fact]
    public void A_loaded_model_passes_its_input_columns_through()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Transforms.Conversion.MapValueToKey("Label").Fit(ClassificationSets.Digits(ml)).Transform(ClassificationSets.Digits(ml));
        var model = ml.MulticlassClassification.Trainers.SoftmaxRegression(epochs: 1).Fit(data);
        using var stream = new MemoryStream();
        ml.Model.Save(model, data.Schema, stream);
        stream.Position = 0;
        var scored = ml.Model.Load(stream, out _).Transform(data);

        scored.GetColumn<float[]>("Features").First().Should().Equal(data.GetColumn<float[]>("Features").First());
        scored.GetColumn<uint>("Label").Should().Equal(data.GetColumn<uint>("Label"));
        scored.GetColumn<float[]>("Score").First().Should().HaveCount(10);
    }

    [Theory]
    [InlineData("breast-cancer-mlp.v1")]
    [InlineData("iris-softmax.v1")]
    [InlineData("breast-cancer-mlp.v2")]
    [InlineData("iris-softmax.v2")]
    [InlineData("breast-cancer-ensemble.v2")]
    [InlineData("iris-ensemble.v2")]
    [InlineData("breast-cancer-mlp.v4")]
    [InlineData("iris-softmax.v4")]
    [InlineData("breast-cancer-ensemble.v4")]
    [InlineData("iris-ensemble.v4")]
    public void A_model_saved_by_an_earlier_release_still_loads_with_its_original_scores(string fixture)
    {
        // ".v1": saved on 2026-11-24 by the first release of the format (parameters as a float vector, contracts "….v1").
        // ".v2": saved on 2026-12-07 by the release of 2026-11-25 (39eb8fd, format 2: the model as Base64 text), built again.
        // ".v4": saved on 2026-12-07 in format 4 (binary networks in format 3's chain), before the task abstraction.
        var ml = new MLContext(seed: 1);
        var data = fixture.StartsWith("iris") ? ClassificationSets.Iris(ml) : ClassificationSets.BreastCancer(ml);
        var folder = Path.Combine(AppContext.BaseDirectory, "Fixtures");
        var loaded = ml.Model.Load(Path.Combine(folder, fixture + ".zip"), out _);

        var scores = Scores(ml, loaded.Transform(data));
        var saved = File.ReadAllLines(Path.Combine(folder, fixture + ".scores.txt"));
        if (fixture.StartsWith("breast-cancer-ensemble", StringComparison.Ordinal))
        {
            // The binary combiner's contract (EnsembleBinaryCombiner.v1) averaged in double until 2026-11-28 and in float
            // since (as the exported ONNX graph does), under the same name, and files of both eras carry it: they predict the
            // same labels, and their Scores (logits of the average) agree to 1e-4 except where the average saturates
            // (|Score| > 5), whose logit single precision does not resolve. The v4 file's members' scores moved in their last
            // bits with the narrow layers' summation order (below), which the logit of their average magnifies the same way.
            var parsed = scores.Select(x => float.Parse(x, CultureInfo.InvariantCulture)).ToArray();
            var expected = saved.Select(x => float.Parse(x, CultureInfo.InvariantCulture)).ToArray();
            parsed.Zip(expected).Should().OnlyContain(p => p.First > 0 == p.Second > 0
                && (Math.Abs(p.Second) > 5 ? Math.Abs(p.First) > 5 : Math.Abs(p.First - p.Second) <= 1e-4f));
            return;
        }
        // Since 2026-12-07 a narrow layer over many inputs sums each output as a dot product in 16 lanes (NarrowOutput.
        // SumsAlongInputs), in input order before, and the softmax of up to 16 classes takes its exponentials in a vector:
        // the same parameters give scores that differ in their last bits, not more.
        static double[] Parse(IEnumerable<string> lines) =>
            lines.SelectMany(line => line.Split(' ')).Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray();
        var actual = Parse(scores);
        var original = Parse(saved);
        actual.Should().HaveSameCount(original);
        actual.Zip(original).Should().OnlyContain(p => Math.Abs(p.First - p.Second) <= 1e-5 * Math.Max(1, Math.Abs(p.Second)),
            $"the largest difference is {actual.Zip(original).Max(p => Math.Abs(p.First - p.Second) / Math.Max(1, Math.Abs(p.Second)))}");
    }

    [Fact]
    public void A_loaded_model_does_not_copy_its_parameters_for_every_row()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.Cache(ml.Transforms.Conversion.MapValueToKey("Label").Fit(ClassificationSets.Digits(ml))
            .Transform(ClassificationSets.Digits(ml)));
        var model = ml.MulticlassClassification.Trainers.NeuralNetwork([256], epochs: 1).Fit(data);
        int parameterBytes = model.Model.Parameters.Length * sizeof(float);
        using var stream = new MemoryStream();
        ml.Model.Save(model, data.Schema, stream);
        stream.Position = 0;
        var scored = ml.Model.Load(stream, out _).Transform(data);
        CountRows(scored); // warm-up: the model is decoded once per thread

        // This thread's allocations only: other tests run in parallel.
        long before = GC.GetAllocatedBytesForCurrentThread();
        int rows = CountRows(scored);
        double bytesPerRow = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)rows;

        parameterBytes.Should().BeGreaterThan(70_000);
        bytesPerRow.Should().BeLessThan(parameterBytes / 20.0, "format 1 allocated a copy of all parameters for every row");
    }

    private static int CountRows(IDataView scored)
    {
        using var cursor = scored.GetRowCursor(scored.Schema.Where(c => c.Name is "Score" or "PredictedLabel"));
        var score = cursor.GetGetter<VBuffer<float>>(scored.Schema["Score"]);
        var label = cursor.GetGetter<uint>(scored.Schema["PredictedLabel"]);
        VBuffer<float> values = default;
        uint predicted = 0;
        int rows = 0;
        while (cursor.MoveNext())
        {
            score(ref values);
            label(ref predicted);
            rows++;
        }
        return rows;
    }

    [Fact]
    public void A_truncated_model_file_is_refused_at_load()
    {
        var ml = new MLContext(seed: 1);
        var (model, data) = Train(ml, "breast-cancer");
        using var stream = new MemoryStream();
        ml.Model.Save(model, data.Schema, stream);
        var truncated = new MemoryStream(stream.ToArray()[..(int)(stream.Length / 2)]);

        var act = () => ml.Model.Load(truncated, out _);
        // ML.NET's own loader reads the zip; it refuses a cut file before any of our code runs.
        act.Should().Throw<FormatException>().WithMessage("*zip*");
    }

    private static string[] Scores(MLContext ml, IDataView scored)
    {
        var column = scored.Schema["Score"];
        return column.Type is VectorDataViewType
            ? scored.GetColumn<float[]>(column).Select(v => string.Join(" ", v.Select(x => x.ToString("R", CultureInfo.InvariantCulture)))).ToArray()
            : scored.GetColumn<float>(column).Select(x => x.ToString("R", CultureInfo.InvariantCulture)).ToArray();
    }

    private static void RunLoadCheck(string modelPath, string dataset, string output, (string Name, string Value)? environment = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "ModelLoadCheck.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        if (environment is { } variable)
        {
            start.Environment[variable.Name] = variable.Value;
        }
        foreach (var arg in new[] { "exec", dll, modelPath, dataset, output })
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        string stdout = process.StandardOutput.ReadToEnd(), stderr = process.StandardError.ReadToEnd();
        process.WaitForExit(120_000).Should().BeTrue();
        process.ExitCode.Should().Be(0, $"the loading process said:\n{stdout}\n{stderr}");
    }
}
