using Microsoft.ML;

namespace MlNetOptimizers.Data;

/// <summary>Column lookup on a <see cref="SchemaShape"/> (ML.NET's own TryFindColumn is internal).</summary>
internal static class SchemaShapeExtensions
{
    public static bool TryFind(this SchemaShape shape, string name, out SchemaShape.Column column)
    {
        foreach (var candidate in shape)
        {
            if (candidate.Name == name)
            {
                column = candidate;
                return true;
            }
        }
        column = default;
        return false;
    }
}
