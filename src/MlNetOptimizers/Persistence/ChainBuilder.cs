using Microsoft.ML;
using Microsoft.ML.Data;

namespace MlNetOptimizers.Persistence;

/// <summary>
/// Builds a chain of fitted transformers step by step over a view of the data (usually schema-only), so that steps that
/// must be fitted on data of their own (the slot trimmer) sit beside ones fitted on the chain's view.
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

    /// <summary>
    /// Makes <paramref name="output"/>, a vector of exactly <paramref name="classes"/> slots, from <paramref name="slots"/>, a
    /// bucket of <paramref name="bucket"/> slots whose first K hold the values: a feature selector fitted on one row that
    /// is non-zero in exactly those slots keeps them and nothing else (a public transform that knows the size K).
    /// </summary>
    public void Trim(string output, string slots, int classes, int bucket)
    {
        if (classes == bucket)
        {
            Fit(ML.Transforms.CopyColumns(output, slots));
            return;
        }
        var definition = SchemaDefinition.Create(typeof(SlotRow));
        var column = definition[nameof(SlotRow.Values)];
        column.ColumnName = slots;
        column.ColumnType = new VectorDataViewType(NumberDataViewType.Single, bucket);
        var row = new SlotRow { Values = Enumerable.Range(0, bucket).Select(i => i < classes ? 1f : 0f).ToArray() };
        Add(ML.Transforms.FeatureSelection.SelectFeaturesBasedOnCount(output, slots, count: 1)
            .Fit(ML.Data.LoadFromEnumerable([row], definition)));
    }

    private sealed class SlotRow
    {
        public float[] Values { get; set; } = [];
    }
}
