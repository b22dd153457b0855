using System.CommandLine;
using MlNetOptimizers.Samples.Classification;
using Spectre.Console;

var datasetOption = new Option<string[]>("--dataset", "-d")
{
    Description = "Datasets to run: all, " + string.Join(", ", Experiments.All.Select(e => e.Name)),
    DefaultValueFactory = _ => ["all"],
    AllowMultipleArgumentsPerToken = true,
};
var outputOption = new Option<DirectoryInfo>("--out")
{
    Description = "Folder for the learning-curve PNG files",
    DefaultValueFactory = _ => new DirectoryInfo("classification-output"),
};
var seedOption = new Option<int>("--seed") { Description = "Seed of the 80/20 split", DefaultValueFactory = _ => 1 };
var seedsOption = new Option<int>("--seeds")
{
    Description = "Repeat on this many 80/20 splits (seeds seed, seed+1, ...) and print mean test accuracies",
    DefaultValueFactory = _ => 1,
};

var root = new RootCommand("Trains logistic, softmax and MLP models with several optimizers on real data, next to ML.NET's L-BFGS.")
{
    datasetOption, outputOption, seedOption, seedsOption,
};
root.SetAction(parse =>
{
    var names = parse.GetValue(datasetOption) ?? ["all"];
    var selected = names.Contains("all", StringComparer.OrdinalIgnoreCase)
        ? Experiments.All.Select(e => (Experiment?)e).ToList()
        : names.Select(n => Experiments.All.FirstOrDefault(e => e.Name.Equals(n, StringComparison.OrdinalIgnoreCase))).ToList();
    if (selected.Any(e => e is null))
    {
        AnsiConsole.MarkupLineInterpolated($"[red]error:[/] unknown dataset; known: all, {string.Join(", ", Experiments.All.Select(e => e.Name))}");
        return 2;
    }
    int firstSeed = parse.GetValue(seedOption), seeds = Math.Max(1, parse.GetValue(seedsOption));
    foreach (var experiment in selected)
    {
        var runs = Enumerable.Range(firstSeed, seeds)
            .Select(seed => ExperimentRunner.Run(experiment!, parse.GetValue(outputOption)!.FullName, seed))
            .ToList();
        if (seeds > 1 && runs.All(r => r is not null))
        {
            SeedSummary.Print(experiment!.Name, runs!);
        }
    }
    return 0;
});
return root.Parse(args).Invoke();
