using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.ML;
using MlNetOptimizers.Datasets;

namespace MlNetOptimizers.Bench;

/// <summary>
/// The regression suite of shared/notes/regression-and-text.md with every trainer at its defaults: 5 data sets, 3 splits
/// (the quality suite's rule), the note's ML.NET pipeline fitted on each training split. R² and RMSE on the test rows
/// (mean of the splits), and the seconds the trainers' own Fit took (on the featurized, cached training rows, after one
/// untimed warm-up fit of each trainer), beside scikit-learn's figures measured with the note's tool.
/// </summary>
internal static class RegressionSection
{
    private const int Splits = 3;

    private static readonly (string Name, Func<MLContext, IEstimator<ITransformer>> Create)[] Systems =
    [
        ("ours LinearRegression()", ml => ml.Regression.Trainers.LinearRegression()),
        ("ours NeuralNetwork([100])", ml => ml.Regression.Trainers.NeuralNetwork([100])),
        ("ours Ensemble of 5 MLPs", ml => ml.Regression.Trainers.Ensemble(
            i => ml.Regression.Trainers.NeuralNetwork(new GradientTrainerOptions { HiddenLayers = [100], Seed = i + 1 }), 5)),
        ("ML.NET Sdca()", ml => ml.Regression.Trainers.Sdca()),
        ("ML.NET OnlineGradientDescent()", ml => ml.Regression.Trainers.OnlineGradientDescent()),
        ("ML.NET FastTree()", ml => ml.Regression.Trainers.FastTree()),
        ("ML.NET LightGbm()", ml => ml.Regression.Trainers.LightGbm()),
    ];

    /// <summary>scikit-learn 1.2.1's R² (Ridge, MLPRegressor with a standardized target, HistGradientBoosting), by the note's tool here.</summary>
    private static readonly Dictionary<string, (double Ridge, double Mlp, double Hgb)> Sklearn = new()
    {
        ["ames"] = (.7623, .6415, .8820), ["concrete"] = (.6433, .8865, .9340), ["car_prices"] = (.9017, .9389, .9264),
        ["stackoverflow"] = (.6707, .6294, .6752), ["diabetes"] = (.5365, .5020, .3979),
    };

    /// <summary>scikit-learn's fit seconds for the 15 fits, measured here on 2026-12-07 with the note's tool (Zen 5): Ridge, MLPRegressor (standardized target), HistGradientBoosting.</summary>
    private const double SklearnRidgeSeconds = 0.3, SklearnMlpSeconds = 17.7, SklearnHgbSeconds = 10.8;

    public static string Run()
    {
        var ml = new MLContext(seed: 1);
        if (RegressionSuite.Sets.Select(RegressionSuite.Load).ToList() is var sets && sets.Any(s => s is null))
        {
            return "### Regression suite\n\nskipped: shared/data/regression is not beside the checkout.\n";
        }
        WarmUp(ml, sets[0]!);
        var r2 = new Dictionary<(string Set, string System), double>();
        var rmse = new Dictionary<(string Set, string System), double>();
        var seconds = Systems.ToDictionary(s => s.Name, _ => 0.0);
        foreach (var data in sets)
        {
            Console.Error.WriteLine($"regression: {data!.Name} ...");
            for (int split = 0; split < Splits; split++)
            {
                var (train, test) = data.Split(ml, split);
                var featurizer = data.Featurizer(ml).Fit(train);
                var trainRows = Materialized(ml, featurizer.Transform(train));
                var testRows = Materialized(ml, featurizer.Transform(test));
                foreach (var (name, create) in Systems)
                {
                    var clock = Stopwatch.StartNew();
                    var model = create(ml).Fit(trainRows);
                    seconds[name] += clock.Elapsed.TotalSeconds;
                    var metrics = ml.Regression.Evaluate(model.Transform(testRows));
                    r2[(data.Name, name)] = r2.GetValueOrDefault((data.Name, name)) + metrics.RSquared / Splits;
                    rmse[(data.Name, name)] = rmse.GetValueOrDefault((data.Name, name)) + metrics.RootMeanSquaredError / Splits;
                }
            }
        }
        return Format([.. sets.Select(s => s!.Name)], r2, rmse, seconds);
    }

    private static string Format(List<string> sets, Dictionary<(string, string), double> r2, Dictionary<(string, string), double> rmse,
        Dictionary<string, double> seconds)
    {
        var names = Systems.Select(s => s.Name).ToArray();
        var text = new StringBuilder("### Regression suite (shared/notes/regression-and-text.md: 5 data sets, 3 splits, every trainer at its defaults)\n\n");
        text.AppendLine("R² on the test rows, mean of 3 splits (RMSE below); scikit-learn 1.2.1's R² by the note's tool on this machine.\n");
        text.AppendLine("| data set | " + string.Join(" | ", names) + " | scikit-learn Ridge / MLP (standardized target) / HistGB |");
        text.AppendLine("|---|" + string.Concat(names.Select(_ => "---:|")) + "---:|");
        foreach (var set in sets)
        {
            var (ridge, mlp, hgb) = Sklearn[set];
            text.AppendLine($"| {set} | " + string.Join(" | ", names.Select(n => R2(r2[(set, n)]))) + F($" | {ridge:0.0000} / {mlp:0.0000} / {hgb:0.0000} |"));
        }
        var mean = names.ToDictionary(n => n, n => sets.Average(s => r2[(s, n)]));
        double Mean(Func<(double Ridge, double Mlp, double Hgb), double> pick) => sets.Average(s => pick(Sklearn[s]));
        text.AppendLine("| **mean R²** | " + string.Join(" | ", names.Select(n => $"**{R2(mean[n])}**")) +
            F($" | {Mean(s => s.Ridge):0.0000} / {Mean(s => s.Mlp):0.0000} / {Mean(s => s.Hgb):0.0000} |"));
        text.AppendLine("| worst set R² − Ridge's | " + string.Join(" | ", names.Select(n => R2(sets.Min(s => r2[(s, n)] - Sklearn[s].Ridge), sign: true))) + " | |");
        text.AppendLine("| fit seconds, 15 fits | " + string.Join(" | ", names.Select(n => F($"{seconds[n]:0.00}"))) +
            F($" | {SklearnRidgeSeconds:0.0} / {SklearnMlpSeconds:0.0} / {SklearnHgbSeconds:0.0} |"));
        text.AppendLine();
        text.AppendLine("RMSE on the test rows (the label's units), mean of 3 splits:\n");
        text.AppendLine("| data set | " + string.Join(" | ", names) + " |");
        text.AppendLine("|---|" + string.Concat(names.Select(_ => "---:|")));
        foreach (var set in sets)
        {
            text.AppendLine($"| {set} | " + string.Join(" | ", names.Select(n => F($"{rmse[(set, n)]:G5}"))) + " |");
        }
        text.AppendLine();

        string linear = names[0], mlpName = names[1], ensemble = names[2], sdca = names[3], lightGbm = names[6];
        double ridgeMean = Mean(s => s.Ridge), sklearnMlp = Mean(s => s.Mlp);
        double worstLinear = sets.Min(s => r2[(s, linear)] - Sklearn[s].Ridge);
        double rmseChange = sets.Average(s => rmse[(s, ensemble)] / rmse[(s, mlpName)] - 1);
        text.AppendLine("Targets (issue #19):");
        text.AppendLine(Target($"NeuralNetwork([100]) mean R² {mean[mlpName]:0.0000} >= scikit-learn MLPRegressor (standardized target) {sklearnMlp:0.0000}", mean[mlpName] >= sklearnMlp));
        text.AppendLine(Target($"NeuralNetwork([100]) mean R² {mean[mlpName]:0.0000} >= ML.NET Sdca() {mean[sdca]:0.0000}", mean[mlpName] >= mean[sdca]));
        text.AppendLine(F($"- gap to LightGbm(): {mean[mlpName] - mean[lightGbm]:+0.0000;-0.0000} mean R² (worst set {sets.Min(s => r2[(s, mlpName)] - r2[(s, lightGbm)]):+0.0000;-0.0000})"));
        text.AppendLine(Target($"LinearRegression() mean R² {mean[linear]:0.0000} >= Ridge() {ridgeMean:0.0000} − 0.005, worst set {worstLinear:+0.0000;-0.0000} >= −0.02",
            mean[linear] >= ridgeMean - 0.005 && worstLinear >= -0.02));
        text.AppendLine(Target($"Ensemble of 5: mean RMSE {rmseChange * 100:+0.0;-0.0}% against the single MLP's, <= −2%", rmseChange <= -0.02));
        text.AppendLine(Target($"NeuralNetwork([100]) fit {seconds[mlpName]:0.00} s <= 0.5 × scikit-learn MLPRegressor's {SklearnMlpSeconds} s ({seconds[mlpName] / SklearnMlpSeconds:0.00}×)",
            seconds[mlpName] <= 0.5 * SklearnMlpSeconds));
        text.AppendLine(Target($"LinearRegression() fit {seconds[linear]:0.00} s <= 0.25 × Sdca()'s {seconds[sdca]:0.00} s ({seconds[linear] / seconds[sdca]:0.00}×)",
            seconds[linear] <= 0.25 * seconds[sdca]));
        return text.ToString();
    }

    /// <summary>
    /// Untimed fits of every system on the largest set, so that the timings compare steady-state code, not the JIT's first
    /// compilations: a short Fit runs its first few calls in tier-0 code (measured: an Ames linear fit takes 450 ms twice,
    /// then 150 ms).
    /// </summary>
    private static void WarmUp(MLContext ml, QualityData data)
    {
        var (train, _) = data.Split(ml, 0);
        var rows = Materialized(ml, data.Featurizer(ml).Fit(train).Transform(train));
        foreach (var (name, create) in Systems)
        {
            for (int fit = 0; fit < (name.Contains("Ensemble") ? 1 : 3); fit++)
            {
                create(ml).Fit(rows);
            }
        }
    }

    private static IDataView Materialized(MLContext ml, IDataView data) => QualitySection.Materialized(ml, data);

    /// <summary>An R² as four decimals, or, for a model that diverged (R² far below 0), in scientific notation.</summary>
    private static string R2(double value, bool sign = false) =>
        Math.Abs(value) > 1000 ? F($"{value:G3} (diverged)") : sign ? F($"{value:+0.0000;-0.0000}") : F($"{value:0.0000}");

    private static string Target(string text, bool met) => $"- {(met ? "met" : "NOT met")}: {text}";

    private static string F(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
