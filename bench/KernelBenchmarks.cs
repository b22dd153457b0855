using BenchmarkDotNet.Attributes;

namespace MlNetOptimizers.Bench;

/// <summary>Micro-benchmarks of the optimizer updates on a 100-128-10 network's parameter vector (14,218 floats).</summary>
[MemoryDiagnoser]
public class KernelBenchmarks
{
    private const int Parameters = 100 * 128 + 128 + 128 * 10 + 10;
    private readonly float[] _parameters = new float[Parameters];
    private readonly float[] _gradient = Enumerable.Range(0, Parameters).Select(i => (i % 7 - 3) * 0.01f).ToArray();
    private IOptimizer _optimizer = null!;
    private IOptimizerState _state = null!;

    /// <summary>The optimizer under test.</summary>
    [Params("Sgd", "Momentum", "AdaGrad", "RmsProp", "Adam", "AdamW")]
    public string Optimizer { get; set; } = "Adam";

    /// <summary>Creates the optimizer and its state.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _optimizer = Optimizer switch
        {
            "Sgd" => new Sgd(0.01f),
            "Momentum" => new Momentum(0.01f),
            "AdaGrad" => new AdaGrad(),
            "RmsProp" => new RmsProp(),
            "Adam" => new Adam(),
            _ => new AdamW(),
        };
        _state = _optimizer.CreateState(Parameters);
    }

    /// <summary>One update of all parameters.</summary>
    [Benchmark]
    public void Step() => _optimizer.Step(_parameters, _gradient, _state);
}
