using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetOptimizers.Datasets;
using Xunit.Abstractions;

namespace MlNetOptimizers.Tests.Quality;

/// <summary>
/// Logistic and softmax regression with default settings reach the optimum of their objective: within 0.5% of what an
/// exact full-batch solver reaches on the same objective (mean loss on the standardized features + ½·λ·‖W‖² with the
/// default λ = max(1/n, 0.003), small enough to keep the models close to unregularized ones and large enough to make the
/// optimum finite), on every data set of the quality suite that is present (the four shipped ones always, the eight of
/// shared/data when it is beside the checkout).
/// </summary>
public class ConvexOptimumTests(ITestOutputHelper output)
{
    private const double Tolerance = 0.005;

    public static TheoryData<string> Sets => new(QualitySuite.Sets.Select(s => s.Name).Where(n => QualitySuite.Load(n) is not null));

    public static TheoryData<string> BinarySets => new(QualitySuite.Sets.Select(s => s.Name).Where(n => QualitySuite.Load(n) is { ClassCount: 2 }));

    [Theory]
    [MemberData(nameof(Sets))]
    public void Softmax_regression_with_defaults_reaches_the_optimum(string set)
    {
        var ml = new MLContext(seed: 1);
        var train = Featurized(ml, set);
        var trainer = ml.MulticlassClassification.Trainers.SoftmaxRegression(new GradientTrainerOptions());
        Check(set, train, trainer.Fit(train), ModelKind.Multiclass);
    }

    [Theory]
    [MemberData(nameof(BinarySets))]
    public void Logistic_regression_with_defaults_reaches_the_optimum(string set)
    {
        var ml = new MLContext(seed: 1);
        var train = ml.Transforms.CustomMapping<KeyLabel, BoolLabel>((i, o) => o.Label = i.Label == 2, contractName: null)
            .Fit(Featurized(ml, set)).Transform(Featurized(ml, set));
        var trainer = ml.BinaryClassification.Trainers.LogisticRegression(new GradientTrainerOptions());
        Check(set, train, trainer.Fit(train), ModelKind.Binary);
    }

    private void Check(string set, IDataView train, NeuralNetworkPredictionTransformer model, ModelKind kind)
    {
        var columns = TrainingColumns.Resolve(train.Schema, "Label", "Features", null, MlNetTask.For(kind));
        var data = (DenseDataset)TrainingDataLoader.Load(new MLContext(seed: 1), train, columns, MlNetTask.For(kind),
            new DataLoadingSettings(DataLoadingMode.InMemory, long.MaxValue, 1), "training", CancellationToken.None);
        var standardization = FeatureStandardization.Compute(data);
        data.Standardize(standardization);
        var architecture = model.Model.Architecture;
        float lambda = TrainerDefaults.LinearL2(data.RowCount);

        var ours = model.Model.Parameters.ToArray();
        standardization.UnfoldFrom(architecture, ours);
        double reached = ReferenceSolver.Objective(architecture, kind, data, lambda, ours);
        double optimum = ReferenceSolver.Objective(architecture, kind, data, lambda, ReferenceSolver.Minimize(architecture, kind, data, lambda));
        double gap = (reached - optimum) / optimum;
        output.WriteLine($"{set}: optimum {optimum:0.000000}, reached {reached:0.000000} ({gap:P3}) in {model.History.Epochs.Count} epochs, {model.History.StopReason}");
        gap.Should().BeLessThanOrEqualTo(Tolerance, $"{set}: the default settings should come within 0.5% of the optimum {optimum}");
    }

    private static IDataView Featurized(MLContext ml, string set)
    {
        var data = QualitySuite.Load(set)!;
        var (train, _) = data.Split(ml, 0);
        return data.Featurizer(ml).Fit(train).Transform(train);
    }

    private sealed class KeyLabel
    {
        [KeyType(2)] public uint Label { get; set; }
    }

    private sealed class BoolLabel
    {
        public bool Label { get; set; }
    }
}
