using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetOptimizers.Data;

/// <summary>
/// The <see cref="SchemaShape"/> of a data view, which ML.NET builds only internally: an estimator chain propagates the
/// shape of its input to its estimators before it fits any of them, and a probe at the head of a chain catches it.
/// </summary>
internal static class SchemaShapes
{
    public static SchemaShape Of(IDataView data)
    {
        try
        {
            new EstimatorChain<ITransformer>().Append(new Probe()).Fit(data);
        }
        catch (ShapeCaught caught)
        {
            return caught.Shape;
        }
        throw new InvalidOperationException("ML.NET did not propagate the schema shape before fitting.");
    }

    private sealed class ShapeCaught(SchemaShape shape) : Exception
    {
        public SchemaShape Shape { get; } = shape;
    }

    private sealed class Probe : IEstimator<ITransformer>
    {
        public ITransformer Fit(IDataView input) => throw new InvalidOperationException("The probe is never fitted.");

        public SchemaShape GetOutputSchema(SchemaShape inputSchema) => throw new ShapeCaught(inputSchema);
    }
}
