using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetOptimizers.Datasets;

namespace MlNetOptimizers.Tests.Trainers;

public class MulticlassTrainerTests
{
    [Fact]
    public void Softmax_regression_on_iris_evaluates_and_maps_keys_back_to_values()
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Transforms.Conversion.MapValue("Species",
                [new KeyValuePair<float, string>(0, "setosa"), new(1, "versicolor"), new(2, "virginica")], "Label")
            .Fit(ClassificationSets.Iris(ml)).Transform(ClassificationSets.Iris(ml));
        var split = ml.Data.TrainTestSplit(data, 0.2, seed: 1);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", "Species")
            .Append(ml.Transforms.NormalizeMeanVariance("Features"))
            .Append(ml.MulticlassClassification.Trainers.SoftmaxRegression(new Adam(0.05f), epochs: 60))
            .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedSpecies", "PredictedLabel"));

        var model = pipeline.Fit(split.TrainSet);
        var scored = model.Transform(split.TestSet);
        var metrics = ml.MulticlassClassification.Evaluate(scored);

        metrics.MacroAccuracy.Should().BeGreaterThan(0.9);
        scored.Schema["Score"].Type.Should().Be(new VectorDataViewType(NumberDataViewType.Single, 3));
        var rows = ml.Data.CreateEnumerable<IrisPrediction>(scored, reuseRowObject: false).ToList();
        rows.Should().OnlyContain(r => Math.Abs(r.Score.Sum() - 1) < 1e-5);
        rows.Count(r => r.PredictedSpecies == r.Species).Should().BeGreaterThan((int)(0.9 * rows.Count));
    }

    private sealed class IrisPrediction
    {
        public string Species { get; set; } = "";
        public string PredictedSpecies { get; set; } = "";
        public float[] Score { get; set; } = [];
    }
}
