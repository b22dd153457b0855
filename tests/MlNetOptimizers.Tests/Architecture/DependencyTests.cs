using System.Text.RegularExpressions;

namespace MlNetOptimizers.Tests.Architecture;

/// <summary>
/// The layering of docs/architecture.md, kept by a test: the core has no Microsoft.ML reference (the compiler then keeps
/// adapter → core), and inside each assembly a folder uses the types of another folder only along a declared arrow.
/// A type reference is a top-level type name of another folder found in code (comments and strings stripped).
/// </summary>
public partial class DependencyTests
{
    /// <summary>Folder → the folders of the same assembly it may use. The order is bottom-up.</summary>
    private static readonly Dictionary<string, Dictionary<string, string[]>> Allowed = new()
    {
        ["MlNetOptimizers.Core"] = new()
        {
            ["Schedules"] = [],
            ["Kernels"] = [],
            ["Onnx"] = [],
            ["Optimization"] = ["Schedules"],
            ["GradientTransforms"] = ["Kernels", "Optimization", "Schedules"],
            ["Optimizers"] = ["GradientTransforms", "Optimization", "Schedules"],
            ["Tasks"] = ["Kernels", "Onnx"],
            ["Network"] = ["Kernels", "Optimization", "Tasks"],
            ["Serialization"] = ["Network", "Onnx", "Tasks"],
            ["Training"] = ["Network", "Kernels", "Optimization", "Schedules", "Serialization", "Tasks"],
        },
        ["MlNetOptimizers"] = new()
        {
            ["Data"] = [],
            ["Options"] = ["Data"],
            ["Persistence"] = ["Data"],
            ["Persistence/Legacy"] = ["Data", "Persistence"],
            ["Tasks"] = ["Data", "Options", "Persistence"],
            ["Scoring"] = ["Data", "Tasks"],
            ["Trainers"] = ["Data", "Options", "Scoring", "Persistence", "Tasks"],
            ["Ensemble"] = ["Data", "Persistence", "Tasks"],
            ["Models"] = ["Data", "Scoring", "Persistence", "Persistence/Legacy", "Ensemble", "Tasks"],
            ["Catalog"] = ["Options", "Trainers", "Ensemble", "Tasks"],
        },
    };

    [Fact]
    public void The_core_references_neither_Microsoft_ML_nor_the_adapter()
    {
        var project = File.ReadAllText(Path.Combine(Repository.Root, "src", "MlNetOptimizers.Core", "MlNetOptimizers.Core.csproj"));
        project.Should().NotContain("Microsoft.ML").And.NotContain("ProjectReference");
    }

    [Fact]
    public void Every_folder_is_declared()
    {
        foreach (var (assembly, folders) in Allowed)
        {
            SourceFolders(assembly).Keys.Should().BeEquivalentTo(folders.Keys, $"every folder of {assembly} has a row in the table");
        }
    }

    [Theory]
    [InlineData("MlNetOptimizers.Core")]
    [InlineData("MlNetOptimizers")]
    public void Folders_depend_on_each_other_only_along_the_declared_arrows(string assembly)
    {
        var folders = SourceFolders(assembly);
        var owner = new Dictionary<string, string>();
        foreach (var (folder, files) in folders)
        {
            foreach (var file in files)
            {
                foreach (Match m in TopLevelType().Matches(File.ReadAllText(file)))
                {
                    owner[m.Groups["name"].Value] = folder;
                }
            }
        }

        var violations = new List<string>();
        foreach (var (folder, files) in folders)
        {
            foreach (var file in files)
            {
                var code = StripCommentsAndStrings(File.ReadAllText(file));
                var used = Identifier().Matches(code).Select(m => m.Value).Distinct();
                foreach (var name in used)
                {
                    if (owner.TryGetValue(name, out var target) && target != folder && !Allowed[assembly][folder].Contains(target))
                    {
                        violations.Add($"{Path.GetFileName(file)} ({folder}) uses {name} ({target})");
                    }
                }
            }
        }
        violations.Should().BeEmpty("a folder may only use the folders its row of the table names");
    }

    /// <summary>The namespaces of the public surface: what a user needs, and the parts to build an optimizer from.</summary>
    private static readonly string[] PublicNamespaces = ["MlNetOptimizers", "MlNetOptimizers.Optimization"];

    [Theory]
    [InlineData("MlNetOptimizers.Core")]
    [InlineData("MlNetOptimizers")]
    public void Internal_types_live_in_their_folders_namespace_and_public_ones_in_the_public_namespaces(string assembly)
    {
        var folderOf = new Dictionary<string, string>();
        foreach (var (folder, files) in SourceFolders(assembly))
        {
            foreach (var file in files)
            {
                foreach (Match m in TopLevelType().Matches(File.ReadAllText(file)))
                {
                    folderOf[m.Groups["name"].Value] = folder;
                }
            }
        }
        var types = (assembly == "MlNetOptimizers" ? typeof(GradientTrainerOptions) : typeof(NeuralNetworkModel)).Assembly.GetTypes()
            .Where(t => !t.IsNested && !t.Name.StartsWith('<') && t.Namespace?.StartsWith("MlNetOptimizers", StringComparison.Ordinal) == true);
        var wrong = new List<string>();
        foreach (var type in types)
        {
            string name = type.IsGenericType ? type.Name[..type.Name.IndexOf('`')] : type.Name;
            var folder = folderOf[name];
            bool persistence = folder.StartsWith("Persistence", StringComparison.Ordinal);
            string expected = "MlNetOptimizers." + folder.Replace('/', '.');
            if (type.IsPublic && persistence)
            {
                // The saved format's row and factory types must be public for ML.NET, and stay out of IntelliSense.
                var browsable = type.GetCustomAttributes(typeof(System.ComponentModel.EditorBrowsableAttribute), false)
                    .Cast<System.ComponentModel.EditorBrowsableAttribute>().SingleOrDefault();
                if (type.Namespace != expected || browsable?.State != System.ComponentModel.EditorBrowsableState.Never)
                {
                    wrong.Add($"{type.FullName} ({folder}): public saved-format types live in {expected}, hidden from IntelliSense");
                }
            }
            else if (type.IsPublic ? !PublicNamespaces.Contains(type.Namespace) : type.Namespace != expected)
            {
                wrong.Add($"{type.FullName} ({folder}): {(type.IsPublic ? string.Join(" or ", PublicNamespaces) : expected)} expected");
            }
        }
        wrong.Should().BeEmpty("internal code is in the namespace of its folder, so that its using lines show what it depends on");
    }

    /// <summary>Test folders that are not a source folder: the layering, end-to-end quality, the lab's claims, saved files, the reference arithmetic.</summary>
    private static readonly string[] CrossCuttingTestFolders = ["Architecture", "Quality", "Lab", "Fixtures", "Reference"];

    [Fact]
    public void The_test_folders_mirror_the_source_folders()
    {
        var sourceFolders = Allowed.Values.SelectMany(folders => folders.Keys).ToHashSet();
        var tests = Path.Combine(Repository.Root, "tests", "MlNetOptimizers.Tests");
        var testFolders = Directory.GetDirectories(tests, "*", SearchOption.AllDirectories)
            .Select(d => Path.GetRelativePath(tests, d).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(d => !d.StartsWith("bin", StringComparison.Ordinal) && !d.StartsWith("obj", StringComparison.Ordinal));
        testFolders.Where(d => !sourceFolders.Contains(d) && !CrossCuttingTestFolders.Contains(d)).Should().BeEmpty(
            "a test lives in the folder of the code it tests, or in one of the cross-cutting folders");
    }

    [Fact]
    public void The_declared_arrows_have_no_cycle()
    {
        foreach (var (assembly, folders) in Allowed)
        {
            var placed = new List<string>();
            foreach (var (folder, uses) in folders)
            {
                uses.Where(u => !placed.Contains(u)).Should().BeEmpty($"{assembly}: {folder} may only use folders listed above it");
                placed.Add(folder);
            }
        }
    }

    private static Dictionary<string, string[]> SourceFolders(string assembly)
    {
        var dir = Path.Combine(Repository.Root, "src", assembly);
        return Directory.GetFiles(dir, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .GroupBy(f => Path.GetRelativePath(dir, Path.GetDirectoryName(f)!).Replace(Path.DirectorySeparatorChar, '/'))
            .ToDictionary(g => g.Key, g => g.ToArray());
    }

    private static string StripCommentsAndStrings(string code) => CommentOrString().Replace(code, " ");

    // File-scoped namespaces put top-level types at column 0.
    [GeneratedRegex(@"^(?:(?:public|internal|sealed|static|abstract|readonly|ref|partial|file)\s+)*(?:class|struct|interface|enum|record(?:\s+struct|\s+class)?)\s+(?<name>[A-Z]\w*)", RegexOptions.Multiline)]
    private static partial Regex TopLevelType();

    // A type name, not a member access (preceded by a dot).
    [GeneratedRegex(@"(?<![\w.])[A-Z]\w*")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/|@""(?:[^""]|"""")*""|\$?""(?:[^""\\\n]|\\.)*""|'(?:[^'\\\n]|\\.)'", RegexOptions.Singleline)]
    private static partial Regex CommentOrString();
}
