using System.Globalization;
using MlNetOptimizers.Lab;

namespace MlNetOptimizers.Lab.Cli;

/// <summary>What the user asked the lab for, and how it turns the scenarios' defaults into the runs to draw.</summary>
internal sealed record LabSettings(
    IReadOnlyList<string> Scenarios,
    IReadOnlyList<string>? Optimizers,
    IReadOnlyDictionary<string, float> LearningRates,
    int? Steps,
    DirectoryInfo Output)
{
    private const float FallbackLearningRate = 0.01f;

    public static IReadOnlyDictionary<string, float> ParseLearningRates(IEnumerable<string>? pairs)
    {
        var rates = new Dictionary<string, float>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in pairs ?? [])
        {
            var parts = pair.Split('=', 2);
            if (parts.Length != 2 || !float.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out float lr))
            {
                throw new ArgumentException($"--lr expects key=value (e.g. adam=0.05), got '{pair}'.");
            }
            LabOptimizer.Named(parts[0], 1f); // validates the key
            rates[parts[0]] = lr;
        }
        return rates;
    }

    public IReadOnlyList<LabScenario> SelectedScenarios()
    {
        var all = LabScenarios.All();
        if (Scenarios.Any(s => s.Equals("all", StringComparison.OrdinalIgnoreCase)))
        {
            return all.Select(Customize).ToArray();
        }
        return Scenarios.Select(name => all.FirstOrDefault(s => s.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
                ?? throw new ArgumentException(
                    $"Unknown scenario '{name}'. Known: all, {string.Join(", ", all.Select(s => s.Name))}."))
            .Select(Customize)
            .ToArray();
    }

    private LabScenario Customize(LabScenario scenario)
    {
        var optimizers = Optimizers is { Count: > 0 }
            ? Optimizers.Select(key => scenario.Optimizers.FirstOrDefault(o => o.Key.Equals(key, StringComparison.OrdinalIgnoreCase))
                                       ?? LabOptimizer.Named(key, FallbackLearningRate)).ToList()
            : scenario.Optimizers.ToList();
        optimizers = optimizers
            .Select(o => LearningRates.TryGetValue(o.Key, out float lr) ? o.WithLearningRate(lr) : o)
            .ToList();
        return scenario with { Optimizers = optimizers, Steps = Steps ?? scenario.Steps };
    }
}
