using System.CommandLine;
using MlNetOptimizers.Lab;
using MlNetOptimizers.Lab.Cli;
using Spectre.Console;

var scenarioOption = new Option<string[]>("--scenario", "-s")
{
    Description = "Which pictures to draw: all, " + string.Join(", ", LabScenarios.All().Select(s => s.Name)),
    DefaultValueFactory = _ => ["all"],
    AllowMultipleArgumentsPerToken = true,
};
var optimizersOption = new Option<string[]>("--optimizers", "-o")
{
    Description = "Optimizers to compare instead of each scenario's own: " + string.Join(", ", LabOptimizer.Catalog.Keys),
    AllowMultipleArgumentsPerToken = true,
};
var learningRateOption = new Option<string[]>("--lr")
{
    Description = "Learning rates as key=value, e.g. --lr adam=0.1 sgd=0.001 (default: the scenario's)",
    AllowMultipleArgumentsPerToken = true,
};
var stepsOption = new Option<int?>("--steps") { Description = "Steps per optimizer (default: the scenario's)" };
var outputOption = new Option<DirectoryInfo>("--out")
{
    Description = "Folder for the PNG files",
    DefaultValueFactory = _ => new DirectoryInfo("lab-output"),
};

var root = new RootCommand("Optimizer lab: the classic pictures of optimization, drawn as PNG files.")
{
    scenarioOption, optimizersOption, learningRateOption, stepsOption, outputOption,
};
root.SetAction(parse =>
{
    try
    {
        var settings = new LabSettings(
            parse.GetValue(scenarioOption) ?? ["all"],
            parse.GetValue(optimizersOption),
            LabSettings.ParseLearningRates(parse.GetValue(learningRateOption)),
            parse.GetValue(stepsOption),
            parse.GetValue(outputOption)!);
        return LabCommand.Run(settings);
    }
    catch (ArgumentException e)
    {
        AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
        return 2;
    }
});
return root.Parse(args).Invoke();
