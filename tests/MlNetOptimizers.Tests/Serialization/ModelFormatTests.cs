namespace MlNetOptimizers.Tests.Serialization;

/// <summary>The network's own binary format: a bit-identical round trip, and nothing damaged ever loads.</summary>
public class ModelFormatTests
{
    private static NeuralNetworkModel Model(ModelKind kind = ModelKind.Multiclass, Activation activation = Activation.Tanh, int members = 1)
    {
        var architecture = new NetworkArchitecture(3, [4], kind == ModelKind.Multiclass ? 3 : 1, activation, members);
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
    [InlineData(ModelKind.Binary, Activation.Relu, 3)]
    [InlineData(ModelKind.Multiclass, Activation.Tanh, 5)]
    public void Save_and_load_give_back_the_same_network_bit_for_bit(ModelKind kind, Activation activation, int members = 1)
    {
        var model = Model(kind, activation, members);
        using var stream = new MemoryStream();
        model.Save(stream);
        stream.WriteByte(42); // what follows the model in the stream is not read
        stream.Position = 0;

        var loaded = NeuralNetworkModel.Load(stream);
        stream.Position.Should().Be(stream.Length - 1);
        loaded.Kind.Should().Be(kind);
        loaded.Architecture.Activation.Should().Be(activation);
        loaded.Architecture.LayerSizes.Should().Equal(model.Architecture.LayerSizes);
        loaded.Architecture.Members.Should().Be(members);
        loaded.Parameters.ToArray().Select(BitConverter.SingleToInt32Bits)
            .Should().Equal(model.Parameters.ToArray().Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void A_one_member_network_is_written_in_the_first_version_and_a_k_member_one_in_the_second()
    {
        BitConverter.ToInt32(Bytes(Model()), 4).Should().Be(1, "files of one-member networks are what they were");
        BitConverter.ToInt32(Bytes(Model(members: 2)), 4).Should().Be(2);
    }

    [Fact]
    public void A_member_count_out_of_range_is_refused_as_damage()
    {
        var bytes = Bytes(Model(members: 2));
        BitConverter.GetBytes(1000).CopyTo(bytes, 20 + 3 * 4); // the member count follows the 3 layer sizes
        var body = bytes.AsSpan(0, bytes.Length - 8);
        BitConverter.GetBytes(Fnv1a(body)).CopyTo(bytes, bytes.Length - 8); // a consistent checksum: only the range check refuses it
        FluentActions.Invoking(() => NeuralNetworkModel.Load(new MemoryStream(bytes)))
            .Should().Throw<InvalidDataException>().WithMessage("*damaged*declares 1000 members*");
    }

    private static ulong Fnv1a(ReadOnlySpan<byte> bytes)
    {
        ulong hash = 14695981039346656037UL;
        foreach (byte b in bytes)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }
        return hash;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Every_single_flipped_bit_is_refused(int members)
    {
        var bytes = Bytes(Model(members: members));
        for (int bit = 0; bit < bytes.Length * 8; bit++)
        {
            var damaged = (byte[])bytes.Clone();
            damaged[bit / 8] ^= (byte)(1 << (bit % 8));
            FluentActions.Invoking(() => NeuralNetworkModel.Load(new MemoryStream(damaged)))
                .Should().Throw<InvalidDataException>($"bit {bit} of {bytes.Length * 8} is flipped");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Every_truncation_is_refused_with_a_clear_message(int members)
    {
        var bytes = Bytes(Model(members: members));
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
        bytes[4] = 3;
        FluentActions.Invoking(() => NeuralNetworkModel.Load(new MemoryStream(bytes)))
            .Should().Throw<InvalidDataException>().WithMessage("*format version 3*reads versions 1 and 2*");
    }
}
