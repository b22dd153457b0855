using System.Reflection;

namespace MlNetOptimizers.Tests.Architecture;

/// <summary>The package version moves with every commit (MinVer); the assembly version ML.NET's saved models name does not.</summary>
public class VersionTests
{
    [Theory]
    [InlineData(typeof(GradientTrainerOptions))]
    [InlineData(typeof(Adam))]
    public void The_assembly_version_stays_1_0_0_0_so_that_every_saved_model_loads(Type type) =>
        type.Assembly.GetName().Version.Should().Be(new Version(1, 0, 0, 0));

    [Fact]
    public void The_informational_version_is_the_package_version_from_git()
    {
        var version = typeof(GradientTrainerOptions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        version.Should().MatchRegex(@"^0\.[0-9]+\.[0-9]+(-alpha\.0\.[0-9]+)?(\+[0-9a-f]+)?$", "MinVer versions every build from the commit's height since the last tag");
    }
}
