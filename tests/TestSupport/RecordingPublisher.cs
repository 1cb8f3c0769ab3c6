using System.Collections.Concurrent;
using TodoGrains.Contracts.Events;
using TodoGrains.Grains.Outbox;

namespace TodoGrains.TestSupport;

/// <summary>The publisher port's test double: records what it accepts, and can refuse for a while.</summary>
public sealed class RecordingPublisher : IEventPublisher
{
    public static RecordingPublisher Instance { get; } = new();

    private readonly ConcurrentQueue<TodoEvent> _accepted = new();
    private readonly ConcurrentDictionary<string, bool> _failingUsers = new();

    public int Refused => _refused;

    private int _refused;

    public void FailFor(string userId) => _failingUsers[userId] = true;

    public void Recover(string userId) => _failingUsers.TryRemove(userId, out _);

    public IReadOnlyList<TodoEvent> For(string userId) => _accepted.Where(e => e.UserId == userId).ToList();

    public Task PublishAsync(TodoEvent evt, CancellationToken cancellationToken)
    {
        if (_failingUsers.ContainsKey(evt.UserId))
        {
            Interlocked.Increment(ref _refused);
            throw new InvalidOperationException("The broker is down (test).");
        }

        _accepted.Enqueue(evt);
        return Task.CompletedTask;
    }
}
