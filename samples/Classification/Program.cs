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

var root = new RootCommand("Trains logistic, softmax and MLP models with several optimizers on real data, next to ML.NET's L-BFGS.")
{
    datasetOption, outputOption, seedOption,
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
    foreach (var experiment in selected)
    {
        ExperimentRunner.Run(experiment!, parse.GetValue(outputOption)!.FullName, parse.GetValue(seedOption));
    }
    return 0;
});
return root.Parse(args).Invoke();
