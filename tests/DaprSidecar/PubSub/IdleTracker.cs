namespace TodoGrains.DaprSidecar.PubSub;

/// <summary>Counts deliveries that are queued or in flight, and completes a task whenever that count drops to zero.</summary>
internal sealed class IdleTracker
{
    private readonly Lock _gate = new();
    private int _outstanding;
    private TaskCompletionSource _idle = CompletedSource();

    public Task WhenIdle
    {
        get
        {
            lock (_gate)
            {
                return _idle.Task;
            }
        }
    }

    public void Begin()
    {
        lock (_gate)
        {
            if (_outstanding++ == 0)
            {
                _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    public void End()
    {
        TaskCompletionSource? idle = null;
        lock (_gate)
        {
            if (--_outstanding == 0)
            {
                idle = _idle;
            }
        }

        idle?.TrySetResult();
    }

    private static TaskCompletionSource CompletedSource()
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        source.SetResult();
        return source;
    }
}
