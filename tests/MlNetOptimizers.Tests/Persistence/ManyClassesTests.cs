using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetOptimizers.Tests.Persistence;

/// <summary>Any number of classes: a 1,000-class model trains, evaluates, saves, loads and scores identically.</summary>
public class ManyClassesTests
{
    private const int Classes = 1000, Width = 12;
    private readonly MLContext _ml = new(seed: 1);

    /// <summary>Class c sits near a point of its own in 12 dimensions; 10 rows per class.</summary>
    private IDataView Data()
    {
        var random = new Random(3);
        var centres = Enumerable.Range(0, Classes).Select(_ => Enumerable.Range(0, Width).Select(_ => (float)(random.NextDouble() * 20 - 10)).ToArray()).ToArray();
        var rows = Enumerable.Range(0, Classes * 10).Select(i => new Row
        {
            Label = $"class {i % Classes}",
            Features = centres[i % Classes].Select(v => v + (float)(random.NextDouble() - 0.5)).ToArray(),
        }).ToArray();
        return _ml.Transforms.Conversion.MapValueToKey("Label").Fit(_ml.Data.LoadFromEnumerable(rows)).Transform(_ml.Data.LoadFromEnumerable(rows));
    }

    [Fact]
    public void A_thousand_class_model_trains_evaluates_saves_loads_and_scores_identically()
    {
        var data = _ml.Data.Cache(Data());
        var model = _ml.MulticlassClassification.Trainers.SoftmaxRegression(new GradientTrainerOptions { Epochs = 30 }).Fit(data);
        var metrics = _ml.MulticlassClassification.Evaluate(model.Transform(data));
        metrics.MicroAccuracy.Should().BeGreaterThan(0.5, "chance is 0.001; a linear model cannot separate all 1,000 clusters");

        using var stream = new MemoryStream();
        _ml.Model.Save(model, data.Schema, stream);
        stream.Position = 0;
        var loaded = _ml.Model.Load(stream, out _);
        var scored = loaded.Transform(data);
        scored.Schema["Score"].Type.Should().Be(new VectorDataViewType(NumberDataViewType.Single, Classes));
        _ml.MulticlassClassification.Evaluate(scored).MicroAccuracy.Should().Be(metrics.MicroAccuracy);
        scored.GetColumn<float[]>("Score").Take(50).Should().BeEquivalentTo(model.Transform(data).GetColumn<float[]>("Score").Take(50),
            o => o.WithStrictOrdering());
        var values = _ml.Transforms.Conversion.MapKeyToValue("PredictedLabel").Fit(scored).Transform(scored).GetColumn<string>("PredictedLabel").Take(3);
        values.Should().Equal("class 0", "class 1", "class 2");
    }

    private sealed class Row
    {
        public string Label { get; set; } = "";

        [VectorType(Width)] public float[] Features { get; set; } = [];
    }

    [Fact]
    public void More_classes_than_the_saved_form_holds_are_refused_before_training()
    {
        var keys = _ml.Data.LoadFromEnumerable(Enumerable.Range(0, 70_000).Select(i => new KeyValue { Value = $"k{i}" }));
        var rows = _ml.Data.LoadFromEnumerable(new[] { new Row { Label = "k1", Features = new float[Width] }, new Row { Label = "k2", Features = new float[Width] } });
        var data = _ml.Transforms.Conversion.MapValueToKey("Label", keyData: keys).Fit(rows).Transform(rows);
        var seen = 0;
        var trainer = _ml.MulticlassClassification.Trainers.SoftmaxRegression(new GradientTrainerOptions { OnEpoch = _ => seen++ });
        trainer.Invoking(t => t.Fit(data)).Should().Throw<ArgumentException>().WithMessage("Label column 'Label' has 70000 classes*at most 65536*");
        seen.Should().Be(0);
    }

    private sealed class KeyValue
    {
        public string Value { get; set; } = "";
    }
}
