namespace MlNetOptimizers.Tests.Network;

/// <summary>What a k-member network (TabM-mini) computes, against values worked out by hand.</summary>
public class MemberNetworkTests
{
    [Fact]
    public void A_binary_network_gives_the_logit_of_its_members_mean_probability()
    {
        // members' logits 0 and ln 3: probabilities 1/2 and 3/4, mean 5/8, logit ln(5/3)
        var combined = new float[2];
        ModelTask.Binary.CombineMembers([0f, 2f, MathF.Log(3), -2f], members: 2, rows: 2, width: 1, combined);
        combined[0].Should().BeApproximately(MathF.Log(5f / 3), 1e-6f);
        combined[1].Should().BeApproximately(0f, 1e-6f, "σ(2) and σ(−2) average to 1/2");
    }

    [Fact]
    public void A_binary_network_of_confident_members_keeps_a_finite_logit()
    {
        var combined = new float[1];
        ModelTask.Binary.CombineMembers([60f, 80f], members: 2, rows: 1, width: 1, combined);
        // 1 − p̄ = (e^−60 + e^−80)/2: logit ≈ 60 + ln 2
        combined[0].Should().BeApproximately(60 + MathF.Log(2), 1e-4f);
    }

    [Fact]
    public void A_multiclass_network_gives_the_log_of_its_members_mean_probabilities()
    {
        // member 0: logits (0, 0) → (1/2, 1/2); member 1: logits (ln 3, 0) → (3/4, 1/4); mean (5/8, 3/8)
        var combined = new float[2];
        ModelTask.Multiclass.CombineMembers([0f, 0f, MathF.Log(3), 0f], members: 2, rows: 1, width: 2, combined);
        combined[0].Should().BeApproximately(MathF.Log(5f / 8), 1e-6f);
        combined[1].Should().BeApproximately(MathF.Log(3f / 8), 1e-6f);
        var probabilities = combined.ToArray();
        ModelTask.Multiclass.Link(probabilities).Should().Be(0);
        probabilities[0].Should().BeApproximately(5f / 8, 1e-6f);
    }

    [Fact]
    public void A_regression_network_gives_its_members_mean_prediction()
    {
        var combined = new float[2];
        ModelTask.Regression.CombineMembers([1f, 10f, 2f, 20f, 6f, 60f], members: 3, rows: 2, width: 1, combined);
        combined.Should().Equal(3f, 30f);
    }

    [Theory]
    [InlineData(ModelKind.Binary)]
    [InlineData(ModelKind.Multiclass)]
    [InlineData(ModelKind.Regression)]
    public void Members_with_the_same_scales_and_heads_score_as_the_one_network_they_copy(ModelKind kind)
    {
        const int inputs = 6, members = 3;
        int outputs = kind == ModelKind.Multiclass ? 3 : 1;
        int[] hidden = [7, 5];
        var single = new NetworkArchitecture(inputs, hidden, outputs, Activation.Tanh);
        var one = WeightInitializer.Initialize(single, seed: 2);
        var random = new Random(3);
        for (int i = 0; i < one.Length; i++)
        {
            one[i] += (float)(random.NextDouble() - 0.5);
        }
        var scales = Enumerable.Range(0, inputs).Select(i => i % 2 == 0 ? 1f : -1f).ToArray();
        var architecture = new NetworkArchitecture(inputs, hidden, outputs, Activation.Tanh, members);
        var copies = new float[architecture.ParameterCount];
        for (int m = 0; m < members; m++)
        {
            for (int l = 0; l < single.LayerCount; l++)
            {
                int w = single.LayerSizes[l] * single.LayerSizes[l + 1], b = single.LayerSizes[l + 1];
                one.AsSpan(single.WeightOffset(l), w).CopyTo(copies.AsSpan(architecture.WeightOffset(l, m)));
                one.AsSpan(single.BiasOffset(l), b).CopyTo(copies.AsSpan(architecture.BiasOffset(l, m)));
            }
            scales.CopyTo(copies.AsSpan(architecture.InputScaleOffset + m * inputs));
        }
        // the single network sees the scaled input: fold the signs into its first layer's weight rows
        for (int i = 0; i < inputs; i++)
        {
            for (int o = 0; o < hidden[0]; o++)
            {
                one[single.WeightOffset(0) + i * hidden[0] + o] *= scales[i];
            }
        }
        var expected = new NeuralNetworkModel(single, kind, one).CreatePredictor();
        var actual = new NeuralNetworkModel(architecture, kind, copies).CreatePredictor();
        var x = Enumerable.Range(0, inputs).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
        float[] a = new float[outputs], e = new float[outputs];
        actual.Predict(x, a);
        expected.Predict(x, e);
        a.Should().BeEquivalentTo(e, o => o.Using<float>(c => c.Subject.Should().BeApproximately(c.Expectation, 1e-5f)).WhenTypeIs<float>());
    }

    [Fact]
    public void The_layout_repeats_the_first_layers_biases_and_the_head_per_member_and_ends_with_the_input_scales()
    {
        var a = new NetworkArchitecture(5, [4, 3], 2, Activation.Relu, members: 3);
        a.Layout.Segments.Select(s => (s.Name, s.Offset, s.Length)).Should().Equal(
            ("layer0.weights", 0, 20), ("layer0.biases", 20, 12),
            ("layer1.weights", 32, 12), ("layer1.biases", 44, 3),
            ("layer2.weights", 47, 18), ("layer2.biases", 65, 6),
            ("members.inputScales", 71, 15));
        a.ParameterCount.Should().Be(86);
        a.WeightOffset(2, 1).Should().Be(53);
        a.BiasOffset(0, 2).Should().Be(28);
        a.Layout.Segments[^1].Role.Should().Be(ParameterRole.Scale, "weight decay leaves the scales alone");
        var one = new NetworkArchitecture(5, [4, 3], 2, Activation.Relu);
        one.Layout.Segments.Select(s => s.Name).Should().NotContain("members.inputScales");
        one.ParameterCount.Should().Be(5 * 4 + 4 + 4 * 3 + 3 + 3 * 2 + 2);
    }

    [Fact]
    public void Members_start_alike_in_the_shared_layers_and_differ_in_their_heads_and_input_signs()
    {
        var a = new NetworkArchitecture(8, [6], 1, Activation.Relu, members: 4);
        var p = WeightInitializer.Initialize(a, seed: 1);
        var scales = p.AsSpan(a.InputScaleOffset, 4 * 8).ToArray();
        scales.Should().OnlyContain(s => s == 1f || s == -1f);
        scales.Take(8).Should().NotEqual(scales.Skip(8).Take(8), "members see differently signed inputs");
        p.AsSpan(a.WeightOffset(1, 0), 6).ToArray().Should().NotEqual(p.AsSpan(a.WeightOffset(1, 1), 6).ToArray());
        p.AsSpan(a.BiasOffset(0), 4 * 6).ToArray().Should().OnlyContain(b => b == 0);
    }

    [Fact]
    public void A_linear_model_of_several_members_is_refused_naming_why()
    {
        var act = () => new NetworkArchitecture(5, [], 2, Activation.Relu, members: 2);
        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("*needs a hidden layer*");
    }
}
