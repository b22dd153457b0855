namespace MlNetOptimizers.Tests.Serialization;

/// <summary>The network's own binary format: a bit-identical round trip, and nothing damaged ever loads.</summary>
public class ModelFormatTests
{
    private static NeuralNetworkModel Model(ModelKind kind = ModelKind.Multiclass, Activation activation = Activation.Tanh)
    {
        var architecture = new NetworkArchitecture(3, [4], kind == ModelKind.Multiclass ? 3 : 1, activation);
        var parameters = WeightInitializer.Initialize(architecture, seed: 7);
        parameters[^1] = -1.5f;
        return new NeuralNetworkModel(architecture, kind, parameters);
    }

    private static byte[] Bytes(NeuralNetworkModel model)
    {
        using var stream = new MemoryStream();
        model.Save(stream);
        return stream.ToArray();
    }

    [Theory]
    [InlineData(ModelKind.Binary, Activation.Relu)]
    [InlineData(ModelKind.Multiclass, Activation.Sigmoid)]
    [InlineData(ModelKind.Regression, Activation.Tanh)]
    public void Save_and_load_give_back_the_same_network_bit_for_bit(ModelKind kind, Activation activation)
    {
        var model = Model(kind, activation);
        using var stream = new MemoryStream();
        model.Save(stream);
        stream.WriteByte(42); // what follows the model in the stream is not read
        stream.Position = 0;

        var loaded = NeuralNetworkModel.Load(stream);
        stream.Position.Should().Be(stream.Length - 1);
        loaded.Kind.Should().Be(kind);
        loaded.Architecture.Activation.Should().Be(activation);
        loaded.Architecture.LayerSizes.Should().Equal(model.Architecture.LayerSizes);
        loaded.Parameters.ToArray().Select(BitConverter.SingleToInt32Bits)
            .Should().Equal(model.Parameters.ToArray().Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void Every_single_flipped_bit_is_refused()
    {
        var bytes = Bytes(Model());
        for (int bit = 0; bit < bytes.Length * 8; bit++)
        {
            var damaged = (byte[])bytes.Clone();
            damaged[bit / 8] ^= (byte)(1 << (bit % 8));
            FluentActions.Invoking(() => NeuralNetworkModel.Load(new MemoryStream(damaged)))
                .Should().Throw<InvalidDataException>($"bit {bit} of {bytes.Length * 8} is flipped");
        }
    }

    [Fact]
    public void Every_truncation_is_refused_with_a_clear_message()
    {
        var bytes = Bytes(Model());
        for (int length = 0; length < bytes.Length; length++)
        {
            FluentActions.Invoking(() => NeuralNetworkModel.Load(new MemoryStream(bytes, 0, length)))
                .Should().Throw<InvalidDataException>($"{length} of {bytes.Length} bytes")
                .Which.Message.Should().MatchRegex("damaged or truncated|not an MlNetOptimizers model");
        }
    }

    [Fact]
    public void A_huge_declared_size_is_refused_before_anything_is_allocated()
    {
        var bytes = Bytes(Model());
        // The parameter count sits after the 20-byte header and the 3 layer sizes.
        BitConverter.GetBytes(int.MaxValue).CopyTo(bytes, 20 + 3 * 4);
        FluentActions.Invoking(() => NeuralNetworkModel.Load(new MemoryStream(bytes)))
            .Should().Throw<InvalidDataException>().WithMessage("*declares 2147483647 parameters*");
    }

    [Fact]
    public void A_newer_format_version_is_named()
    {
        var bytes = Bytes(Model());
        bytes[4] = 2;
        FluentActions.Invoking(() => NeuralNetworkModel.Load(new MemoryStream(bytes)))
            .Should().Throw<InvalidDataException>().WithMessage("*format version 2*reads version 1*");
    }
}
