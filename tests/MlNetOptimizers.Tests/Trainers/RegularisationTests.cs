using Microsoft.ML;
using MlNetOptimizers.Datasets;

namespace MlNetOptimizers.Tests.Trainers;

public class RegularisationTests
{
    private readonly MLContext _ml = new(seed: 1);

    private IDataView Data() =>
        _ml.Transforms.NormalizeMeanVariance("Features").Fit(ClassificationSets.BreastCancer(_ml)).Transform(ClassificationSets.BreastCancer(_ml));

    private static double Norm(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (var v in values)
        {
            sum += (double)v * v;
        }
        return Math.Sqrt(sum);
    }

    [Fact]
    public void Gradient_clipping_bounds_the_first_step()
    {
        // One full-batch SGD step from the zero start of a linear model: θ = −lr·clip(g), so ‖θ‖ = lr·min(‖g‖, c).
        var options = new GradientTrainerOptions
        {
            Optimizer = new Sgd(1f), Epochs = 1, BatchSize = 1000, GradientClipNorm = 0.05f, StandardizeFeatures = false,
        };
        var clipped = _ml.BinaryClassification.Trainers.LogisticRegression(options).Fit(Data());
        Norm(clipped.Model.Parameters).Should().BeApproximately(0.05, 1e-5);

        options.GradientClipNorm = 0;
        var free = _ml.BinaryClassification.Trainers.LogisticRegression(options).Fit(Data());
        Norm(free.Model.Parameters).Should().BeGreaterThan(0.2, "the unclipped gradient (about 0.47) is much longer than the limit");
    }

    [Fact]
    public void More_l2_regularisation_gives_smaller_weights()
    {
        double WeightNorm(float l2) => Norm(_ml.BinaryClassification.Trainers.LogisticRegression(
            new GradientTrainerOptions { Epochs = 20, L2Regularization = l2 }).Fit(Data()).Model.GetWeights(0).Cast<float>().ToArray());

        double none = WeightNorm(0), some = WeightNorm(0.01f), more = WeightNorm(0.1f);
        some.Should().BeLessThan(none);
        more.Should().BeLessThan(some);
    }
}
