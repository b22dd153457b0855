using System.CommandLine;
using MlNetOptimizers.Datasets;
using MlNetOptimizers.Samples.Regression;
using Spectre.Console;

var dataOption = new Option<string>("--data", "-d")
{
    Description = "Data set: ames (house prices, from shared/data), or concrete or diabetes (shipped in data/); "
        + "also any regression set of shared/data/regression: " + string.Join(", ", RegressionSuite.Sets),
    DefaultValueFactory = _ => "ames",
};
var outputOption = new Option<DirectoryInfo>("--out")
{
    Description = "Folder for the learning-curve and predicted-versus-actual PNG files",
    DefaultValueFactory = _ => new DirectoryInfo("regression-output"),
};
var seedOption = new Option<int>("--seed") { Description = "Seed of the 80/20 split", DefaultValueFactory = _ => 1 };

var root = new RootCommand("Trains linear regression and an MLP regressor on real data at their defaults, next to ML.NET's SDCA.")
{
    dataOption, outputOption, seedOption,
};
root.SetAction(parse =>
{
    string name = parse.GetValue(dataOption)!;
    var data = RegressionData.Load(name);
    if (data is null)
    {
        AnsiConsole.MarkupLineInterpolated($"[yellow]{name}[/] is not in shared/data beside the checkout; running on [yellow]concrete[/] (data/concrete.csv) instead.");
        data = RegressionData.Load("concrete")!;
    }
    RegressionRun.Run(data, parse.GetValue(outputOption)!.FullName, parse.GetValue(seedOption));
    return 0;
});
return root.Parse(args).Invoke();
