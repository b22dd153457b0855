using System.Diagnostics;
using System.Globalization;
using System.Text;
using MlNetOptimizers.Kernels;
using MlNetOptimizers.Network;
using MlNetOptimizers.Training;

namespace MlNetOptimizers.Bench;

/// <summary>
/// Where one epoch of MLP 100-128-10 (batch 256, Adam, 160,000 rows, one thread) goes: each step of the training loop
/// timed alone on the same shapes, as milliseconds per epoch (625 batches) and as a share of the FMA peak measured in
/// the same run; beside the whole epoch as the trainer runs it.
/// </summary>
internal static class EpochBreakdown
{
    private const int Rows = 160_000, In = 100, Hidden = 128, Out = 10, Batch = 256;
    private const int Batches = Rows / Batch;

    public static string Run(double peakGflops, double wholeEpochMs)
    {
        var random = new Random(1);
        float[] Random(int n, float scale) => Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 1) * scale).ToArray();
        var architecture = new NetworkArchitecture(In, [Hidden], Out, Activation.Relu);
        var parameters = WeightInitializer.Initialize(architecture, seed: 1);
        var gradient = new float[architecture.ParameterCount];
        var w1 = parameters.AsSpan(architecture.WeightOffset(0), In * Hidden).ToArray();
        var b1 = parameters.AsSpan(architecture.BiasOffset(0), Hidden).ToArray();
        var w2 = parameters.AsSpan(architecture.WeightOffset(1), Hidden * Out).ToArray();
        var b2 = parameters.AsSpan(architecture.BiasOffset(1), Out).ToArray();
        // The batch matrices on 64-byte boundaries, as the trainer's workspace holds them.
        AlignedBuffer Aligned(int n) => new(n);
        var x = Aligned(Batch * In);
        Random(Batch * In, 1).CopyTo(x.Span);
        var h = Aligned(Batch * Hidden);
        var logits = Aligned(Batch * Out);
        var delta2 = Aligned(Batch * Out);
        var delta1 = Aligned(Batch * Hidden);
        var gw1 = Aligned(In * Hidden);
        var gb1 = new float[Hidden];
        var gw2 = new float[Hidden * Out];
        var gb2 = new float[Out];
        var narrow = new float[NarrowOutput.ScratchSize(Hidden, Batch)];
        var transposed = new float[Hidden * Out];
        var labels = Enumerable.Range(0, Batch).Select(i => i % Out).ToArray();
        var data = new DenseDataset(Random(Rows * In, 1), labels.Select(l => (float)l).Concat(Enumerable.Repeat(0f, Rows - Batch)).ToArray(),
            Enumerable.Repeat(1f, Rows).ToArray(), In);
        var adam = new Adam(0.003f);
        var state = adam.CreateState(architecture.Layout);
        var batchLabels = new float[Batch];
        var classLabels = labels.Select(l => (float)l).ToArray();
        var batchWeights = new float[Batch];

        DenseLayerMath.Forward(x.Span, Batch, In, w1, b1, h.Span, []);
        ActivationFunctions.Apply(Activation.Relu, h.Span);

        var steps = new (string Name, double Flops, Action PerEpoch)[]
        {
            ("shuffle and gather the rows", 0, () =>
            {
                using var cursor = data.Open(new Random(3));
                while (cursor.Fill(x.Span, batchLabels, batchWeights, Batch) > 0)
                {
                }
            }),
            ("layer 1 forward X·W₁ + b₁ (256×100 · 100×128)", 2.0 * Batch * In * Hidden, () => Repeat(() => DenseLayerMath.Forward(x.Span, Batch, In, w1, b1, h.Span, []))),
            ("ReLU", 0, () => Repeat(() => ActivationFunctions.Apply(Activation.Relu, h.Span))),
            ("layer 2 forward (128 → 10, 12 rows × 16 padded lanes)", 2.0 * Batch * Hidden * Out, () => Repeat(() => DenseLayerMath.Forward(h.Span, Batch, Hidden, w2, b2, logits.Span, narrow))),
            ("softmax + cross-entropy + Δ₂", 0, () => Repeat(() => Losses.CrossEntropyRows(logits.Span, Batch, Out, classLabels, [], 1f / Batch, delta2.Span))),
            ("layer 2 gradient dW₂, db₂", 2.0 * Batch * Hidden * Out, () => Repeat(() => DenseLayerMath.AccumulateParameterGradient(h.Span, delta2.Span, Batch, Hidden, Out, gw2, gb2, narrow))),
            ("back-propagate Δ₁ = Δ₂·W₂ᵀ", 2.0 * Batch * Out * Hidden, () => Repeat(() => DenseLayerMath.BackpropagateDelta(delta2.Span, Batch, Hidden, Out, w2, delta1.Span, transposed))),
            ("ReLU derivative", 0, () => Repeat(() => ActivationFunctions.MultiplyByDerivative(Activation.Relu, h.Span, delta1.Span))),
            ("layer 1 gradient dW₁ = Xᵀ·Δ₁, db₁", 2.0 * Batch * In * Hidden, () => Repeat(() => DenseLayerMath.AccumulateParameterGradient(x.Span, delta1.Span, Batch, In, Hidden, gw1.Span, gb1, []))),
            ("clear the gradient", 0, () => Repeat(() => gradient.AsSpan().Clear())),
            ("Adam step (14,218 parameters)", 0, () => Repeat(() => adam.Step(parameters, gradient, state))),
        };

        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture,
            $"### Where an epoch goes: MLP 100-128-10, batch 256, Adam, 160,000 rows, one thread (FMA peak this run: {peakGflops:0} GFLOP/s per core)\n\n") +
            "| step | ms per epoch | share of the steps | GFLOP/s | % of peak |\n|---|---:|---:|---:|---:|\n");
        var times = steps.Select(s => (s.Name, s.Flops, Ms: Time(s.PerEpoch))).ToList();
        double total = times.Sum(t => t.Ms);
        foreach (var (name, flops, ms) in times)
        {
            string rate = flops > 0 ? (flops * Batches / (ms / 1000) / 1e9).ToString("0", CultureInfo.InvariantCulture) : "";
            string share = flops > 0 ? (flops * Batches / (ms / 1000) / 1e9 / peakGflops * 100).ToString("0", CultureInfo.InvariantCulture) + "%" : "";
            text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {ms:0.0} | {ms / total * 100:0}% | {rate} | {share} |"));
        }
        double epochFlops = 2.0 * Batch * (2 * In * Hidden + 3 * Hidden * Out) * Batches;
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"| **sum of the steps** | **{total:0.0}** | 100% | {epochFlops / (total / 1000) / 1e9:0} | {epochFlops / (total / 1000) / 1e9 / peakGflops * 100:0}% |"));
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"| **the trainer's epoch** (epoch section, one thread) | **{wholeEpochMs:0.0}** | | {epochFlops / (wholeEpochMs / 1000) / 1e9:0} | **{epochFlops / (wholeEpochMs / 1000) / 1e9 / peakGflops * 100:0}%** |"));
        return text.ToString();
    }

    private static void Repeat(Action batch)
    {
        for (int i = 0; i < Batches; i++)
        {
            batch();
        }
    }

    /// <summary>The median of 7 timings after a warm-up.</summary>
    private static double Time(Action perEpoch)
    {
        perEpoch();
        var ms = new List<double>();
        for (int i = 0; i < 7; i++)
        {
            var clock = Stopwatch.StartNew();
            perEpoch();
            ms.Add(clock.Elapsed.TotalMilliseconds);
        }
        return ms.Order().ElementAt(3);
    }
}
