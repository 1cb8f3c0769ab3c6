using Microsoft.Extensions.Logging;
using TodoGrains.GrainInterfaces.Tasks;
using TodoGrains.Grains.Diagnostics;
using TodoGrains.Grains.Time;

namespace TodoGrains.Grains.Outbox;

/// <summary>
/// The events of one person's task list between their commit and the publisher's acceptance. Events are added
/// to the pending list that the owner's head record stores, so one write commits a change with its events; the
/// drain then publishes them in sequence order. What the publisher refuses stays pending and is retried with
/// back-off (250 ms to 30 s) on a timer, with a durable reminder in case the silo goes down. See docs/task-storage.md.
/// </summary>
internal sealed class EventOutbox(
    List<PendingEvent> pending,
    IEventPublisher publisher,
    IReminderHost host,
    IIdGenerator ids,
    TimeProvider time,
    TodoMetrics metrics,
    ILogger logger,
    string userId)
{
    /// <summary>The durable wake-up's reminder name.</summary>
    public const string ReminderName = "outbox-retry";

    // The durable wake-up's period: only paces the retries after the silo that held the timer went down.
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan InitialBackoff = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(10);

    private TimeSpan _backoff = InitialBackoff;
    private IDisposable? _retry;
    private bool _reminderSet;

    // Committed events still pending, for the pending-events gauge.
    private int _committed;

    /// <summary>Whether events were accepted since the last write of the pending list.</summary>
    public bool Shrunk { get; private set; }

    /// <summary>Set when the owner's memory ran ahead of its storage: nothing more is published from it.</summary>
    public bool Halted { get; private set; }

    /// <summary>Adds the event of one change; it is committed by the owner's next write.</summary>
    public void Add(string topic, string type, long sequence, TaskItem task) =>
        pending.Add(new PendingEvent(ids.NewEventId(), topic, type, userId, task.Id, sequence, time.GetUtcNow(), task));

    /// <summary>On activation: counts what is pending and drains it soon.</summary>
    public void Activated(bool reminderRegistered)
    {
        _reminderSet = reminderRegistered;
        _committed = pending.Count;
        metrics.EventsCommitted(_committed);
        if (pending.Count > 0)
        {
            ScheduleRetry(TimeSpan.Zero);
        }
    }

    /// <summary>After the owner's write succeeded: everything pending is committed.</summary>
    public void Committed()
    {
        Shrunk = false;
        metrics.EventsCommitted(pending.Count - _committed);
        _committed = pending.Count;
    }

    public void Halt() => Halted = true;

    /// <summary>On deactivation: what is still pending is counted again by the next activation.</summary>
    public void Deactivated() => metrics.EventsCommitted(-_committed);

    /// <summary>Publishes the committed events in order until the publisher refuses one or none is left.</summary>
    public async Task DrainAsync()
    {
        while (pending.Count > 0 && !Halted)
        {
            var evt = pending[0];
            try
            {
                using var timeout = new CancellationTokenSource(PublishTimeout);
                await publisher.PublishAsync(evt.ToPublic(), timeout.Token);
            }
            catch (Exception ex)
            {
                logger.PublishFailed(ex, evt.Sequence, userId, _backoff);
                metrics.PublishFailed();
                ScheduleRetry(_backoff);
                _backoff = TimeSpan.FromTicks(Math.Min(_backoff.Ticks * 2, MaxBackoff.Ticks));
                await logger.BestEffortAsync(EnsureReminderAsync, ReminderName, userId);
                return;
            }

            pending.RemoveAt(0);
            Shrunk = true;
            _committed--;
            metrics.EventPublished(evt.Topic);
        }

        _backoff = InitialBackoff;
        _retry?.Dispose();
        _retry = null;
        if (_reminderSet)
        {
            _reminderSet = false;
            await logger.BestEffortAsync(() => host.UnregisterAsync(ReminderName), ReminderName, userId);
        }
    }

    private void ScheduleRetry(TimeSpan delay)
    {
        _retry?.Dispose();
        _retry = host.StartTimer(ReminderName, delay);
    }

    private async Task EnsureReminderAsync()
    {
        if (!_reminderSet)
        {
            await host.RegisterAsync(ReminderName, ReminderPeriod, ReminderPeriod);
            _reminderSet = true;
        }
    }
}
