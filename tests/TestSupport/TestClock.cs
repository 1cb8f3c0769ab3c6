namespace TodoGrains.TestSupport;

/// <summary>A clock that tests pin to an instant, or let follow real time.</summary>
public sealed class TestClock : TimeProvider
{
    public static TestClock Instance { get; } = new();

    private readonly Lock _gate = new();
    private DateTimeOffset? _fixed;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _fixed ?? TimeProvider.System.GetUtcNow();
        }
    }

    public void Set(DateTimeOffset instant)
    {
        lock (_gate)
        {
            _fixed = instant.ToUniversalTime();
        }
    }

    public void FollowRealTime()
    {
        lock (_gate)
        {
            _fixed = null;
        }
    }
}
