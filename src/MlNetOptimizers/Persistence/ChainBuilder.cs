using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetOptimizers.Persistence;

/// <summary>
/// Builds a chain of fitted transformers step by step over a view of the data (usually schema-only): each step is fitted on
/// the output of the steps before it.
/// </summary>
internal sealed class ChainBuilder(MLContext ml, IDataView input)
{
    private readonly List<ITransformer> _steps = [];

    public IDataView Current { get; private set; } = input;

    public MLContext ML { get; } = ml;

    public void Add(ITransformer step)
    {
        _steps.Add(step);
        Current = step.Transform(Current);
    }

    public void Fit(IEstimator<ITransformer> estimator) => Add(estimator.Fit(Current));

    public TransformerChain<ITransformer> Build() => new([.. _steps]);
}
