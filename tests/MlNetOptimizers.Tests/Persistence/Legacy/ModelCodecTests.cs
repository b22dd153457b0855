namespace MlNetOptimizers.Tests.Persistence.Legacy;

public class ModelCodecTests
{
    private static NeuralNetworkModel SmallModel()
    {
        var architecture = new NetworkArchitecture(3, [2], 4, Activation.Tanh);
        var parameters = Enumerable.Range(0, architecture.ParameterCount).Select(i => i * 0.1f).ToArray();
        return new NeuralNetworkModel(architecture, ModelKind.Multiclass, parameters);
    }

    [Fact]
    public void Encode_then_decode_gives_the_same_model()
    {
        var model = SmallModel();
        var decoded = ModelCodec.Decode(ModelCodec.Encode(model));
        decoded.Kind.Should().Be(ModelKind.Multiclass);
        decoded.Architecture.LayerSizes.Should().Equal(3, 2, 4);
        decoded.Architecture.Activation.Should().Be(Activation.Tanh);
        decoded.Parameters.ToArray().Should().Equal(model.Parameters.ToArray());
    }

    [Fact]
    public void A_truncated_vector_is_reported_as_corrupt()
    {
        var packed = ModelCodec.Encode(SmallModel());
        FluentActions.Invoking(() => ModelCodec.Decode(packed[..^3]))
            .Should().Throw<InvalidDataException>().WithMessage("*corrupt or truncated*needs 20 parameters*has 17*");
        FluentActions.Invoking(() => ModelCodec.Decode(packed[..3]))
            .Should().Throw<InvalidDataException>().WithMessage("*corrupt or truncated*header*");
    }

    [Fact]
    public void A_changed_parameter_fails_the_checksum()
    {
        var packed = ModelCodec.Encode(SmallModel());
        packed[^5] += 1e-3f;
        FluentActions.Invoking(() => ModelCodec.Decode(packed))
            .Should().Throw<InvalidDataException>().WithMessage("*corrupt*do not match their checksum*");
    }

    [Fact]
    public void A_foreign_vector_or_a_future_version_is_refused()
    {
        var packed = ModelCodec.Encode(SmallModel());
        var foreign = (float[])packed.Clone();
        foreign[0] = 1f;
        FluentActions.Invoking(() => ModelCodec.Decode(foreign)).Should().Throw<InvalidDataException>().WithMessage("*header*");
        var future = (float[])packed.Clone();
        future[1] = 2f;
        FluentActions.Invoking(() => ModelCodec.Decode(future)).Should().Throw<InvalidDataException>().WithMessage("*version 2*");
    }
}
