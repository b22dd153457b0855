using System.CommandLine;
using Microsoft.ML;
using MlNetOptimizers.Datasets;
using MlNetOptimizers.Samples.Text;
using Spectre.Console;

var networkOption = new Option<bool>("--network") { Description = "Also train NeuralNetwork([100]) (about a minute on two cores)" };
var root = new RootCommand("Review sentiment as in ML.NET's tutorial: FeaturizeText, then our LogisticRegression() next to ML.NET's SDCA and L-BFGS, at their defaults.")
{
    networkOption,
};
root.SetAction(parse =>
{
    var ml = new MLContext(seed: 1);
    if (TextSets.Reviews(ml) is not { } reviews)
    {
        AnsiConsole.MarkupLine("[yellow]shared/data/text[/] (the product reviews) is not beside the checkout: nothing to train on.");
        return 1;
    }
    SentimentRun.Run(ml, reviews.Train, reviews.Test, parse.GetValue(networkOption));
    return 0;
});
return root.Parse(args).Invoke();
