using System.Diagnostics;

namespace MlNetOptimizers.Bench;

/// <summary>Runs one measurement in a fresh process of this program, so that its peak memory is its own.</summary>
internal static class ChildProcess
{
    public static string Run(params string[] arguments)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(ChildProcess).Assembly.Location);
        }
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"The measurement '{string.Join(" ", arguments)}' failed:\n{stderr.Result}");
        }
        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last().Trim();
    }
}
