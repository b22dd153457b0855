namespace MlNetOptimizers.Training;

/// <summary>
/// Helper threads that stay awake (spinning, then yielding) between mini-batches, so that handing each batch's share
/// to them costs about a microsecond instead of a thread-pool wake-up. Worker 0 is always the calling thread.
/// </summary>
internal sealed class SpinningWorkers : IDisposable
{
    private readonly Action<int> _work;
    private readonly Thread[] _threads;
    private long _generation;
    private int _pending;
    private volatile bool _stopping;
    private Exception? _failure;

    public SpinningWorkers(int count, Action<int> work)
    {
        _work = work;
        _threads = new Thread[count - 1];
        for (int i = 0; i < _threads.Length; i++)
        {
            int worker = i + 1;
            _threads[i] = new Thread(() => Loop(worker)) { IsBackground = true, Name = $"MlNetOptimizers worker {worker}" };
            _threads[i].Start();
        }
    }

    /// <summary>Runs <c>work(0)</c> here and <c>work(1..)</c> on the helpers; returns when all are done.</summary>
    public void Run()
    {
        Volatile.Write(ref _pending, _threads.Length);
        Interlocked.Increment(ref _generation);
        _work(0);
        var spin = new SpinWait();
        while (Volatile.Read(ref _pending) > 0)
        {
            spin.SpinOnce(sleep1Threshold: -1);
        }
        if (Interlocked.Exchange(ref _failure, null) is { } failure)
        {
            throw new AggregateException("A training worker failed.", failure);
        }
    }

    private void Loop(int worker)
    {
        long seen = 0;
        while (true)
        {
            var spin = new SpinWait();
            while (Volatile.Read(ref _generation) == seen && !_stopping)
            {
                spin.SpinOnce(sleep1Threshold: -1);
            }
            if (_stopping)
            {
                return;
            }
            seen = Volatile.Read(ref _generation);
            try
            {
                _work(worker);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _failure, e, null);
            }
            Interlocked.Decrement(ref _pending);
        }
    }

    public void Dispose()
    {
        _stopping = true;
        foreach (var thread in _threads)
        {
            thread.Join();
        }
    }
}
