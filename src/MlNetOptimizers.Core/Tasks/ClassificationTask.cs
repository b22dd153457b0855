namespace MlNetOptimizers.Tasks;

/// <summary>
/// What the binary and the multiclass task share: labels are class indices (0/1 for binary), counted per class, held
/// out class by class (a stratified split), and judged on validation rows by their loss and accuracy.
/// </summary>
internal abstract class ClassificationTask : ModelTask
{
    /// <summary>The loss of one row's outputs for class <paramref name="label"/>; <paramref name="scratch"/> holds one row of outputs.</summary>
    public abstract float RowLoss(ReadOnlySpan<float> outputs, int label, Span<float> scratch);

    /// <summary>The class one row's outputs predict.</summary>
    public abstract int Predicted(ReadOnlySpan<float> outputs);

    public sealed override ValidationAccumulator CreateValidation(int outputs) => new Accuracy(this, outputs);

    public sealed override LabelSummary CreateLabelSummary(int classes) => new ClassCounts(classes);

    public sealed override (ModelTask Task, LabelScale? Scale) ForTraining(LabelSummary labels) => (this, null);

    public sealed override int StratumCount(int classes) => classes;

    public sealed override int Stratum(float label) => (int)label;

    /// <summary>Mean weighted loss and weighted accuracy.</summary>
    private sealed class Accuracy(ClassificationTask task, int outputs) : ValidationAccumulator
    {
        private readonly float[] _scratch = new float[outputs];
        private double _loss, _correct, _weight;

        public override void Add(ReadOnlySpan<float> row, float label, float weight)
        {
            int target = (int)label;
            float loss = task.RowLoss(row, target, _scratch);
            _loss += weight * loss;
            _correct += task.Predicted(row) == target ? weight : 0;
            _weight += weight;
        }

        public override double Weight => _weight;

        public override ValidationResult Result() => new(_loss / _weight) { Accuracy = _correct / _weight };
    }
}
