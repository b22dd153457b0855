namespace MlNetOptimizers.Training;

/// <summary>
/// scikit-learn's stopping rule (MLPClassifier's <c>tol</c> and <c>n_iter_no_change</c>) with a relative tolerance: training
/// has converged when the monitored loss has not fallen below <c>best − tolerance·|best|</c> for <c>patience</c> epochs in
/// a row. Relative, so that a data set whose loss is small (nearly separable classes) trains as far as one whose loss
/// is large; scikit-learn's absolute 1e-4 stops such sets percents away from their optimum.
/// </summary>
internal sealed class ConvergenceRule(double tolerance, int patience)
{
    private double _best = double.PositiveInfinity;
    private int _stale;

    /// <summary>Counts this epoch's loss; true once the rule says stop. A tolerance of 0 never stops.</summary>
    public bool Converged(double loss)
    {
        if (tolerance <= 0)
        {
            return false;
        }
        bool improved = double.IsPositiveInfinity(_best) ? loss < _best : loss < _best - tolerance * Math.Abs(_best);
        _stale = improved ? 0 : _stale + 1;
        _best = Math.Min(_best, loss);
        return _stale >= patience;
    }

    /// <summary>What a checkpoint saves of the rule: the best loss and the stale epochs since it.</summary>
    public (double Best, int Stale) Snapshot
    {
        get => (_best, _stale);
        set => (_best, _stale) = value;
    }

    /// <summary>Starts counting stale epochs again (the learning rate was lowered).</summary>
    public void Reset() => _stale = 0;
}
