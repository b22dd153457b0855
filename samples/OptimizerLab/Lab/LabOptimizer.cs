namespace MlNetOptimizers.Lab;

/// <summary>An optimizer of a lab scenario: a short key ("sgd", "adam"), its learning rate and how to build it.</summary>
/// <param name="Key">Short name used on the command line.</param>
/// <param name="LearningRate">The learning rate the scenario uses by default.</param>
/// <param name="Create">Builds the optimizer for a learning rate.</param>
public sealed record LabOptimizer(string Key, float LearningRate, Func<float, IOptimizer> Create)
{
    /// <summary>The same optimizer with another learning rate.</summary>
    public LabOptimizer WithLearningRate(float learningRate) => this with { LearningRate = learningRate };

    /// <summary>Label for legends and tables, e.g. "adam (lr=0.05)".</summary>
    public string Label => $"{Key} (lr={LearningRate:G3})";

    /// <summary>The optimizers every scenario knows, by key, with the factory for each.</summary>
    public static IReadOnlyDictionary<string, Func<float, IOptimizer>> Catalog { get; } =
        new Dictionary<string, Func<float, IOptimizer>>(StringComparer.OrdinalIgnoreCase)
        {
            ["sgd"] = lr => new Sgd(lr),
            ["momentum"] = lr => new Momentum(lr, 0.9f),
            ["nesterov"] = lr => new Momentum(lr, 0.9f, nesterov: true),
            ["adagrad"] = lr => new AdaGrad(lr),
            ["rmsprop"] = lr => new RmsProp(lr),
            ["adam"] = lr => new Adam(lr),
            ["adam-no-bias-correction"] = lr => new Adam(lr, biasCorrection: false),
            ["amsgrad"] = lr => new Adam(lr, amsGrad: true),
            ["adamw"] = lr => new AdamW(lr),
        };

    /// <summary>A catalog optimizer by key.</summary>
    /// <exception cref="ArgumentException">The key is not in <see cref="Catalog"/>.</exception>
    public static LabOptimizer Named(string key, float learningRate) =>
        Catalog.TryGetValue(key, out var create)
            ? new LabOptimizer(key.ToLowerInvariant(), learningRate, create)
            : throw new ArgumentException(
                $"Unknown optimizer '{key}'. Known: {string.Join(", ", Catalog.Keys)}.", nameof(key));
}
