using System.Runtime.ExceptionServices;

namespace MlNetOptimizers.Training;

/// <summary>
/// The model trained beside the last λ trials (<see cref="L2Selection.OnHoldout"/>), at most one per choice: started on a
/// trial's thread that has no trial left, for the favourite so far on the <see cref="TrialBoard"/>; kept when every trial
/// has ended and the favourite won, stopped and thrown away otherwise. Its records reach the user only once it is kept.
/// </summary>
internal sealed class ModelBesideTrials(ModelBesideTrials.Train train, TrialBoard board)
{
    /// <summary>
    /// Trains the model for candidate <c>index</c>: on all the rows for as many epochs as that candidate's trial runs
    /// (<c>mayTrainEpoch</c>, asked before each epoch, may wait for the trial), on the cores <c>cores</c> gives, stopped by
    /// <c>cancellation</c>, its epoch records reported through <c>reports</c>; returns its parameters and history.
    /// </summary>
    public delegate (float[] Parameters, TrainingHistory History) Train(int index, Func<int, bool> mayTrainEpoch, Func<int> cores,
        CancellationToken cancellation, DeferredReports reports);

    private readonly object _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private int _index = -1;
    private bool _settled, _kept, _failed;
    private DeferredReports? _reports;
    private (float[] Parameters, TrainingHistory History)? _model;
    private ExceptionDispatchInfo? _failure;

    /// <summary>On a trial's thread that has no trial left: trains the model for the favourite, unless the choice is made.</summary>
    public void Run()
    {
        lock (_gate)
        {
            if (_settled || _index >= 0 || board.Favourite() is not { } favourite)
            {
                return;
            }
            (_index, _reports) = (favourite, new DeferredReports());
        }
        board.Started();
        try
        {
            int index = _index;
            _model = train(index, epoch => board.MayTrainEpoch(index, epoch, _stop.Token), board.CoresNow, _stop.Token, _reports);
        }
        catch (Exception e)
        {
            lock (_gate)
            {
                if (_kept)
                {
                    _failure = ExceptionDispatchInfo.Capture(e); // the model's own run failed: so does the Fit
                }
                else
                {
                    _failed = true; // stopped, or failed where training it after the trials fails the same way
                    _reports.Discard();
                }
            }
        }
        finally
        {
            board.Stopped();
        }
    }

    /// <summary>
    /// Every trial has ended and <paramref name="winner"/> won: the run for it is the model (its records go to the user);
    /// a run for another candidate, one that failed, or one for a winner of fewer epochs than the divergence rule's grace
    /// (which judges a run by its last epoch) is stopped.
    /// </summary>
    public void Settle(int winner, L2Candidate[] path)
    {
        lock (_gate)
        {
            _settled = true;
            if (_index < 0)
            {
                return;
            }
            if (_index == winner && !_failed && path[winner].Epochs >= DivergenceRule.GraceEpochs)
            {
                _kept = true;
                _reports!.Release();
                return;
            }
            _reports!.Discard();
            _stop.Cancel();
        }
    }

    /// <summary>A trial failed, so the choice does: the model's run, if any, is stopped.</summary>
    public void Abandon()
    {
        lock (_gate)
        {
            _settled = true;
            _reports?.Discard();
            _stop.Cancel();
        }
    }

    /// <summary>The model, when the run for <paramref name="chosen"/> was kept; a failure of that run is rethrown.</summary>
    public (float[] Parameters, TrainingHistory History)? ModelFor(int chosen)
    {
        _failure?.Throw();
        return _kept && _index == chosen ? _model : null;
    }
}
