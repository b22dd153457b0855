namespace MlNetOptimizers.Training;

/// <summary>
/// The epoch records of a model trained speculatively, held until the run is known to be the model (then delivered in
/// order, and every later one as it comes) or thrown away with the run, so that the user's callbacks see only the
/// epochs of the model they get.
/// </summary>
internal sealed class DeferredReports
{
    private readonly object _gate = new();
    private List<EpochRecord>? _held = [];
    private bool _discarded;
    private Action<EpochRecord>? _deliver;

    /// <summary>The run's reporting: held, then passed to <paramref name="deliver"/> (the callbacks the model's own run reports to; null for none).</summary>
    public Action<EpochRecord> Wrap(Action<EpochRecord>? deliver)
    {
        _deliver = deliver;
        return Report;
    }

    /// <summary>Holds <paramref name="record"/>, or delivers it once released; drops it once discarded.</summary>
    private void Report(EpochRecord record)
    {
        lock (_gate)
        {
            if (_discarded)
            {
                return;
            }
            if (_held is not null)
            {
                _held.Add(record);
                return;
            }
            _deliver?.Invoke(record);
        }
    }

    /// <summary>The run is the model: delivers what was held, and from now on every record as it comes.</summary>
    public void Release()
    {
        lock (_gate)
        {
            foreach (var record in _held ?? [])
            {
                _deliver?.Invoke(record);
            }
            _held = null;
        }
    }

    /// <summary>The run is not the model: its records are never delivered.</summary>
    public void Discard()
    {
        lock (_gate)
        {
            _discarded = true;
            _held = null;
        }
    }
}
