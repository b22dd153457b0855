using System.CommandLine;
using MlNetOptimizers.Samples.Ensemble;

var datasetOption = new Option<string>("--dataset", "-d")
{
    Description = "digits (shipped) or mnist (10k MNIST digits from ../shared/data)",
    DefaultValueFactory = _ => "digits",
};
var membersOption = new Option<int>("--members", "-n") { Description = "Number of members", DefaultValueFactory = _ => 5 };
var bootstrapOption = new Option<bool>("--bootstrap") { Description = "Train each member on a bootstrap sample" };
var outputOption = new Option<DirectoryInfo>("--out")
{
    Description = "Folder for the accuracy-versus-size PNG",
    DefaultValueFactory = _ => new DirectoryInfo("ensemble-output"),
};

var root = new RootCommand("Trains an ensemble of MLPs with different seeds and shows what averaging their probabilities gains.")
{
    datasetOption, membersOption, bootstrapOption, outputOption,
};
root.SetAction(parse => EnsembleDemo.Run(
    parse.GetValue(datasetOption)!, parse.GetValue(membersOption), parse.GetValue(bootstrapOption), parse.GetValue(outputOption)!.FullName));
return root.Parse(args).Invoke();
