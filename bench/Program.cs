using System.CommandLine;
using System.Text;
using BenchmarkDotNet.Running;
using MlNetOptimizers.Bench;

// The child modes: one measurement in a process of its own, its result on the last line of standard output.
if (args.Length >= 3 && args[0] == "--child")
{
    bool quickChild = args.Contains("--quick");
    int repeatsChild = int.Parse(args[3]);
    int threads = int.Parse(args[4]);
    Console.WriteLine(Measure.Run(args[1], args[2], repeatsChild, quickChild, threads).ToJson());
    return 0;
}
if (args.Length == 1 && args[0] == "--firstfit-child")
{
    Console.WriteLine(FirstFit.Child());
    return 0;
}
if (args.Length == 2 && args[0] == "--soak-child")
{
    Console.WriteLine(SoakMeasurement.Child(int.Parse(args[1])));
    return 0;
}
if (args.Length == 3 && args[0] == "--memory-child")
{
    Console.WriteLine(MemoryMeasurement.Child(int.Parse(args[1]), long.Parse(args[2])));
    return 0;
}
if (args.Length == 2 && args[0] == "--stream-child")
{
    Console.WriteLine(SpecialMeasurements.StreamingChild(args[1]));
    return 0;
}

if (args.Length == 2 && args[0] == "--text-child")
{
    Console.WriteLine(TextSection.Child(args[1]));
    return 0;
}
if (args.Length == 1 && args[0] == "--text-scale-child")
{
    Console.WriteLine(TextSection.ScaleChild());
    return 0;
}

var datasetsOption = new Option<string[]>("--datasets")
{
    Description = "Datasets: " + string.Join(", ", BenchDatasets.Names),
    DefaultValueFactory = _ => BenchDatasets.Names,
    AllowMultipleArgumentsPerToken = true,
};
var repeatsOption = new Option<int>("--repeats") { Description = "Training runs per trainer (the median is reported)", DefaultValueFactory = _ => 3 };
var quickOption = new Option<bool>("--quick") { Description = "Small synthetic sets and one repeat, without the quality suite unless --sections names it: a smoke run" };
var kernelsOption = new Option<bool>("--kernels") { Description = "Run the BenchmarkDotNet micro-benchmarks of the kernels instead" };
var outputOption = new Option<FileInfo>("--out") { Description = "Also write the Markdown report to this file" };
var threadsOption = new Option<int>("--threads") { Description = "NumberOfThreads of our trainers (0: left null, their default)", DefaultValueFactory = _ => 0 };
var sectionsOption = new Option<string[]>("--sections")
{
    Description = "Which parts to run: tables, epoch, onnx, firstfit, ensemble, streaming, memory, loaded, soak, quality, regression, text",
    DefaultValueFactory = _ => ["tables", "epoch", "onnx", "firstfit", "ensemble", "streaming", "memory", "loaded", "soak", "quality", "regression", "text"],
    AllowMultipleArgumentsPerToken = true,
};
var root = new RootCommand("Benchmarks our trainers against ML.NET's on the same splits and prints Markdown tables.")
{
    datasetsOption, repeatsOption, quickOption, kernelsOption, outputOption, threadsOption, sectionsOption,
};
root.SetAction(parse =>
{
    if (parse.GetValue(kernelsOption))
    {
        BenchmarkRunner.Run<KernelBenchmarks>();
        return 0;
    }
    bool quick = parse.GetValue(quickOption);
    int repeats = quick ? 1 : parse.GetValue(repeatsOption);
    int threads = parse.GetValue(threadsOption);
    var report = new StringBuilder($"## MlNetOptimizers benchmark ({DateTime.UtcNow:yyyy-MM-dd}, {Environment.ProcessorCount} cores{(quick ? ", quick" : "")})\n\n");
    void Emit(string section)
    {
        Console.WriteLine(section);
        report.AppendLine(section);
    }

    var sections = parse.GetValue(sectionsOption)!;
    if (quick && parse.GetResult(sectionsOption) is not { Implicit: false })
    {
        sections = [.. sections.Where(s => s is not ("quality" or "regression" or "text"))]; // measurements of their own, which have no small version
    }
    foreach (var dataset in sections.Contains("tables") ? parse.GetValue(datasetsOption)! : [])
    {
        var ml = new Microsoft.ML.MLContext(seed: 1);
        var data = BenchDatasets.Load(ml, dataset, quick);
        if (data is null)
        {
            Emit($"### {dataset}\n\nskipped: its file is not in ../shared/data beside the checkout.\n");
            continue;
        }
        var rows = new List<Measurement>();
        foreach (var trainer in BenchTrainers.For(dataset, data.Binary, data.TrainRows))
        {
            Console.Error.WriteLine($"{dataset}: {trainer.Name} ...");
            string[] childArgs = ["--child", dataset, trainer.Name, repeats.ToString(), threads.ToString(), .. quick ? new[] { "--quick" } : []];
            rows.Add(Measurement.FromJson(ChildProcess.Run(childArgs)));
        }
        Emit(Report.Table($"{dataset} ({data.TrainRows:N0} training rows, {data.Features} features)", rows));
    }
    if (sections.Contains("epoch"))
    {
        double peak = PeakProbe.GigaflopsPerCore();
        Emit(SpecialMeasurements.EpochTime(quick, peak, out double oneThreadMs));
        Emit(EpochBreakdown.Run(peak, oneThreadMs));
        Emit(TorchReference.Compare(oneThreadMs));
    }
    if (sections.Contains("onnx"))
    {
        Emit(OnnxScoring.Run());
    }
    if (sections.Contains("firstfit"))
    {
        Emit(FirstFit.Run());
    }
    if (sections.Contains("ensemble"))
    {
        Emit(SpecialMeasurements.Ensemble(quick));
    }
    if (sections.Contains("streaming"))
    {
        Emit(SpecialMeasurements.Streaming(quick));
    }
    if (sections.Contains("memory"))
    {
        Emit(MemoryMeasurement.Run(quick));
    }
    if (sections.Contains("loaded"))
    {
        Emit(SpecialMeasurements.Loaded(quick));
    }
    if (sections.Contains("soak"))
    {
        Emit(SoakMeasurement.Run(quick));
    }
    if (sections.Contains("quality"))
    {
        Emit(QualitySection.Run());
    }
    if (sections.Contains("regression"))
    {
        Emit(RegressionSection.Run());
    }

    if (sections.Contains("text"))
    {
        Emit(TextSection.Run());
    }

    if (parse.GetValue(outputOption) is { } file)
    {
        File.WriteAllText(file.FullName, report.ToString());
    }
    return 0;
});
return root.Parse(args).Invoke();
