using Microsoft.ML;
using Microsoft.ML.Data;
using MlNetOptimizers.Datasets;

namespace MlNetOptimizers.Tests.Models;

/// <summary>The network survives Save/Load: it can be found in any model, and a loaded model can get its fast scorer back.</summary>
public class NetworkLifecycleTests
{
    private readonly MLContext _ml = new(seed: 1);

    private IDataView Iris() => ClassificationSets.Iris(_ml);

    private (ITransformer Model, NeuralNetworkModel Network) Pipeline()
    {
        var model = _ml.Transforms.Conversion.MapValueToKey("Label").Append(_ml.Transforms.NormalizeMinMax("Features"))
            .Append(_ml.MulticlassClassification.Trainers.NeuralNetwork(new GradientTrainerOptions { HiddenLayers = [8], Epochs = 5 }))
            .Fit(Iris());
        return (model, model.LastTransformer.Model);
    }

    private ITransformer SaveAndLoad(ITransformer model, out DataViewSchema schema)
    {
        using var stream = new MemoryStream();
        _ml.Model.Save(model, Iris().Schema, stream);
        stream.Position = 0;
        return _ml.Model.Load(stream, out schema);
    }

    private static int[] Bits(NeuralNetworkModel model) => model.Parameters.ToArray().Select(BitConverter.SingleToInt32Bits).ToArray();

    [Fact]
    public void The_network_is_found_in_a_trained_transformer_a_fitted_chain_and_a_loaded_chain_bit_for_bit()
    {
        var (model, network) = Pipeline();
        var loaded = SaveAndLoad(model, out _);

        foreach (var holder in new ITransformer[] { ((TransformerChain<NeuralNetworkPredictionTransformer>)model).LastTransformer, model, loaded })
        {
            var found = NeuralNetworkModel.FromTransformer(holder);
            found.Architecture.LayerSizes.Should().Equal(network.Architecture.LayerSizes);
            found.Kind.Should().Be(network.Kind);
            Bits(found).Should().Equal(Bits(network), holder.GetType().Name);
        }
    }

    [Fact]
    public void The_network_of_a_file_of_the_first_format_is_found_too()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "iris-softmax.v1.zip");
        var loaded = _ml.Model.Load(path, out _);
        var network = NeuralNetworkModel.FromTransformer(loaded);
        network.Architecture.LayerSizes.Should().Equal(4, 3);
    }

    [Fact]
    public void A_transformer_without_a_network_or_with_several_is_refused_clearly()
    {
        var normalizer = _ml.Transforms.NormalizeMinMax("Features").Fit(Iris());
        FluentActions.Invoking(() => NeuralNetworkModel.FromTransformer(normalizer))
            .Should().Throw<ArgumentException>().WithMessage("*holds no MlNetOptimizers network*");

        var data = _ml.Transforms.Conversion.MapValueToKey("Label").Fit(Iris()).Transform(Iris());
        var ensemble = _ml.MulticlassClassification.Trainers.Ensemble(
            i => _ml.MulticlassClassification.Trainers.SoftmaxRegression(new GradientTrainerOptions { Epochs = 2, Seed = i }), 2).Fit(data);
        FluentActions.Invoking(() => NeuralNetworkModel.FromTransformer(ensemble))
            .Should().Throw<ArgumentException>().WithMessage("*holds 2 MlNetOptimizers networks*");
    }

    [Fact]
    public void A_loaded_model_with_its_scorers_restored_scores_identically_through_our_transformer()
    {
        var (model, _) = Pipeline();
        var loaded = SaveAndLoad(model, out var schema);
        var restored = loaded.RestoreNetworkScorers(schema);

        Flatten(restored).OfType<NeuralNetworkPredictionTransformer>().Should().ContainSingle();
        var data = Iris();
        restored.Transform(data).GetColumn<float[]>("Score").Should().BeEquivalentTo(model.Transform(data).GetColumn<float[]>("Score"),
            o => o.WithStrictOrdering());
        restored.Transform(data).GetColumn<uint>("PredictedLabel").Should().Equal(model.Transform(data).GetColumn<uint>("PredictedLabel"));
        var metrics = _ml.MulticlassClassification.Evaluate(restored.Transform(data));
        metrics.MicroAccuracy.Should().Be(_ml.MulticlassClassification.Evaluate(model.Transform(data)).MicroAccuracy);

        // It saves again, and that file loads with the same scores.
        var again = SaveAndLoad(restored, out _);
        again.Transform(data).GetColumn<float[]>("Score").Should().BeEquivalentTo(model.Transform(data).GetColumn<float[]>("Score"),
            o => o.WithStrictOrdering());
    }

    private static IEnumerable<ITransformer> Flatten(ITransformer t) =>
        t is IEnumerable<ITransformer> chain ? chain.SelectMany(Flatten) : [t];
}
