using System.Diagnostics;
using System.Globalization;

namespace MlNetOptimizers.Bench;

/// <summary>
/// The libtorch reference epoch (bench/torch/mlp_epoch.cpp: the same MLP 100-128-10, batch 256, Adam, 160,000 rows, one
/// thread, through libtorch's C++ API), compiled and run when libtorch's headers and g++ are on the machine
/// (Debian: <c>apt-get install libtorch-dev g++ libopenblas0-pthread</c>). TorchSharp's native package needs a newer
/// libstdc++ than Debian 12 has, so the C++ API is the way to the same kernels here.
/// </summary>
internal static class TorchReference
{
    private const string Headers = "/usr/include/torch/csrc/api/include";

    /// <summary>A Markdown paragraph comparing <paramref name="ourOneThreadMs"/> with libtorch's epoch, or why it was skipped.</summary>
    public static string Compare(double ourOneThreadMs)
    {
        if (!Directory.Exists(Headers))
        {
            return "libtorch reference: skipped (libtorch-dev is not installed).\n";
        }
        var source = Path.Combine(AppContext.BaseDirectory, "torch", "mlp_epoch.cpp");
        var binary = Path.Combine(Path.GetTempPath(), "mlnetoptimizers-mlp_epoch");
        if (!File.Exists(binary) || File.GetLastWriteTimeUtc(binary) < File.GetLastWriteTimeUtc(source))
        {
            var (built, log) = Execute("g++", "-O2", "-std=c++17", source, "-I" + Headers, "-ltorch", "-ltorch_cpu", "-lc10", "-o", binary);
            if (!built)
            {
                return $"libtorch reference: skipped (g++ failed: {log.Split('\n')[0]}).\n";
            }
        }
        var (ran, output) = Execute(binary);
        if (!ran || !double.TryParse(output.Trim().Split('\n')[^1], CultureInfo.InvariantCulture, out double torchMs))
        {
            return $"libtorch reference: failed ({output.Split('\n')[0]}).\n";
        }
        return string.Create(CultureInfo.InvariantCulture,
            $"### Against libtorch (C++ API, one thread, same network, batch and optimizer, same run)\n\n| | ms per epoch | ratio |\n|---|---:|---:|\n" +
            $"| libtorch | {torchMs:0.0} | 1.00× |\n| ours | {ourOneThreadMs:0.0} | {ourOneThreadMs / torchMs:0.00}× |\n");
    }

    private static (bool Ok, string Output) Execute(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["OMP_NUM_THREADS"] = "1";
        start.Environment["OPENBLAS_NUM_THREADS"] = "1";
        try
        {
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode == 0, process.ExitCode == 0 ? stdout.Result : stderr + stdout.Result);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (false, e.Message);
        }
    }
}
