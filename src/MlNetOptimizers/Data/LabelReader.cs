using Microsoft.ML;

namespace MlNetOptimizers.Data;

/// <summary>
/// What the data layer needs to know of a task's label: which column types it accepts and how to read a row's label.
/// Each task's ML.NET half (<c>MlNetTask</c>) is one.
/// </summary>
internal interface ILabelRule
{
    /// <summary>Checks the label column of a training schema and returns its class count (0 for a task without classes).</summary>
    /// <exception cref="ArgumentException">The column's type does not suit the task: the message names the conversion to add.</exception>
    int LabelClasses(DataViewSchema.Column label);

    /// <summary>A reader of the label column <paramref name="label"/> (of <paramref name="classes"/> classes) of <paramref name="cursor"/>.</summary>
    LabelReader LabelReader(DataViewRow cursor, DataViewSchema.Column label, int classes);
}

/// <summary>Reads the label of the cursor's current row as the training loop holds it (<see cref="ILabelRule.LabelReader"/>).</summary>
internal abstract class LabelReader
{
    /// <summary>The current row's label; throws naming row <paramref name="row"/> and the column when it cannot be learned from.</summary>
    public abstract float Read(long row);
}
