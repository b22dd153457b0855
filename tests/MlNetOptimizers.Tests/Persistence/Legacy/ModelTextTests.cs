namespace MlNetOptimizers.Tests.Persistence.Legacy;

public class ModelTextTests
{
    private static NeuralNetworkModel SmallModel(float scale = 0.1f)
    {
        var architecture = new NetworkArchitecture(3, [2], 4, Activation.Tanh);
        var parameters = Enumerable.Range(0, architecture.ParameterCount).Select(i => i * scale).ToArray();
        return new NeuralNetworkModel(architecture, ModelKind.Multiclass, parameters);
    }

    [Fact]
    public void Text_round_trips_the_model_bit_for_bit()
    {
        var model = SmallModel();
        var decoded = ModelText.Decode(ModelText.Encode(model));
        decoded.Architecture.LayerSizes.Should().Equal(3, 2, 4);
        decoded.Parameters.ToArray().Should().Equal(model.Parameters.ToArray());
    }

    [Fact]
    public void The_identity_is_the_codecs_checksum_read_from_the_first_characters()
    {
        var model = SmallModel();
        string text = ModelText.Encode(model);
        var (high, low) = ModelCodec.Identity(ModelCodec.Encode(model));

        ModelText.Identity(text).Should().Be((high, low, text.Length));
        ModelText.Identity(text.AsSpan(0, 40)).Should().Be((high, low, 40), "only the header is read");
        ModelText.Identity(ModelText.Encode(SmallModel(0.2f))).Should().NotBe(ModelText.Identity(text));
    }

    [Fact]
    public void Damaged_text_is_reported_as_corrupt()
    {
        string text = ModelText.Encode(SmallModel());
        FluentActions.Invoking(() => ModelText.Decode(text.AsSpan(0, text.Length - 4)))
            .Should().Throw<InvalidDataException>().WithMessage("*corrupt or truncated*");
        FluentActions.Invoking(() => ModelText.Decode("not base64!"))
            .Should().Throw<InvalidDataException>().WithMessage("*corrupt or truncated*not Base64*");
        // A changed character in the parameters (past the 40-character header) fails the checksum.
        var changed = text.ToCharArray();
        changed[60] = changed[60] == 'A' ? 'B' : 'A';
        FluentActions.Invoking(() => ModelText.Decode(new string(changed)))
            .Should().Throw<InvalidDataException>().WithMessage("*do not match their checksum*");
    }
}
