using System.Diagnostics;

namespace MlNetOptimizers.Tests.Architecture;

/// <summary>
/// Every C# block of the README compiles and runs on data/: the "Use" example is tests/ReadmeSnippet verbatim, the others
/// are in tests/ReadmeBlocks verbatim between "// README block N" markers.
/// </summary>
public class ReadmeTests
{
    [Fact]
    public void The_readme_use_example_is_the_snippet_project_verbatim()
    {
        var readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md")).ReplaceLineEndings("\n");
        int start = readme.IndexOf("```csharp\n", readme.IndexOf("## Use", StringComparison.Ordinal), StringComparison.Ordinal) + "```csharp\n".Length;
        string block = readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];
        var snippet = File.ReadAllText(Path.Combine(Repository.Root, "tests", "ReadmeSnippet", "Program.cs")).ReplaceLineEndings("\n");

        snippet.Should().Be(block, "tests/ReadmeSnippet/Program.cs is the README's block, so that the build compiles what users paste");
    }

    [Fact]
    public void Every_other_readme_block_is_in_the_blocks_project_verbatim()
    {
        var readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md")).ReplaceLineEndings("\n");
        var blocks = System.Text.RegularExpressions.Regex.Matches(readme, "```csharp\n(.*?)```", System.Text.RegularExpressions.RegexOptions.Singleline)
            .Select(m => m.Groups[1].Value).ToList();
        var folder = Path.Combine(Repository.Root, "tests", "ReadmeBlocks");
        var code = string.Concat(Directory.GetFiles(folder, "*.cs").Order().Select(f => File.ReadAllText(f).ReplaceLineEndings("\n")));

        blocks.Count.Should().BeGreaterThan(1);
        for (int n = 2; n <= blocks.Count; n++)
        {
            string begin = $"// README block {n}\n", end = $"// end of README block {n}\n";
            int start = code.IndexOf(begin, StringComparison.Ordinal);
            start.Should().BeGreaterThanOrEqualTo(0, $"README block {n} must be in tests/ReadmeBlocks, between markers");
            start += begin.Length;
            code[start..code.IndexOf(end, start, StringComparison.Ordinal)].Should().Be(blocks[n - 1], $"README block {n} is compiled as written");
        }
        code.Should().NotContain($"// README block {blocks.Count + 1}\n", "a block removed from the README goes from the project too");
    }

    [Fact]
    public async Task The_other_readme_blocks_run_where_a_user_runs_them()
    {
        var (folder, _) = await RunWhereAUserRunsIt("ReadmeBlocks.dll");
        foreach (var file in new[] { "model.zip", "network.bin", "model.onnx" })
        {
            File.Exists(Path.Combine(folder, file)).Should().BeTrue($"block 5 writes {file}");
        }
    }

    [Fact]
    public async Task The_readme_use_example_runs_where_a_user_runs_it_and_writes_its_model()
    {
        var (folder, stdout) = await RunWhereAUserRunsIt("ReadmeSnippet.dll");
        File.Exists(Path.Combine(folder, "model.zip")).Should().BeTrue("the example saves its model");
        // The README says what the example prints: the same choice and stop reason; accuracy and epochs as near as another
        // CPU's last bits allow (library reductions such as TensorPrimitives.Sum add in an order that follows the vector width).
        var readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));
        var pattern = new System.Text.RegularExpressions.Regex(@"accuracy ([0-9.]+), λ ([0-9.E-]+), ([0-9]+) epochs, ([A-Za-z]+)");
        var said = pattern.Match(readme[readme.IndexOf("It prints `", StringComparison.Ordinal)..]);
        var printed = pattern.Match(stdout);
        said.Success.Should().BeTrue("the README quotes the example's output");
        printed.Success.Should().BeTrue($"the example prints its line, it said: {stdout}");
        printed.Groups[2].Value.Should().Be(said.Groups[2].Value, "the same λ is chosen");
        printed.Groups[4].Value.Should().Be(said.Groups[4].Value, "training stops for the same reason");
        double.Parse(printed.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture).Should()
            .BeApproximately(double.Parse(said.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 0.02);
        int.Parse(printed.Groups[3].Value).Should().BeCloseTo(int.Parse(said.Groups[3].Value), 30);
    }

    /// <summary>
    /// Runs <paramref name="program"/> (built beside the tests) in a new folder holding data/iris.csv, as a user runs the
    /// README's code from their project folder; requires it to succeed and returns the folder and what it printed.
    /// </summary>
    private static async Task<(string Folder, string Stdout)> RunWhereAUserRunsIt(string program)
    {
        var folder = Directory.CreateTempSubdirectory("mlnetopt-readme-").FullName;
        Directory.CreateDirectory(Path.Combine(folder, "data"));
        File.Copy(Path.Combine(Repository.Root, "data", "iris.csv"), Path.Combine(folder, "data", "iris.csv"));
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, program));
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit(120_000).Should().BeTrue();
        process.ExitCode.Should().Be(0, $"{program} said:\n{await stdout}\n{stderr}");
        return (folder, await stdout);
    }
}
