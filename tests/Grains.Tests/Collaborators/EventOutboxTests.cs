using Microsoft.Extensions.Logging.Abstractions;
using TodoGrains.Contracts.Events;
using TodoGrains.GrainInterfaces.Tasks;
using TodoGrains.Grains.Outbox;

namespace TodoGrains.Grains.Tests.Collaborators;

/// <summary>The publish loop, back-off and durable wake-up of <see cref="EventOutbox"/>, without a cluster.</summary>
public sealed class EventOutboxTests
{
    private readonly List<PendingEvent> _pending = [];
    private readonly SwitchPublisher _publisher = new();
    private readonly RecordingReminderHost _host = new();
    private readonly TestClock _clock = new();
    private long _sequence = 1;

    private EventOutbox NewOutbox() =>
        new(_pending, _publisher, _host, Collaborators.Ids(_clock), _clock, Collaborators.Metrics(), NullLogger.Instance, "u_1");

    private void Add(EventOutbox outbox, int count)
    {
        for (var i = 0; i < count; i++)
        {
            outbox.Add(TodoTopics.TaskEvents, TodoEventTypes.TaskCreated, _sequence++, new TaskItem { CreatedAt = DateTimeOffset.UnixEpoch, UpdatedAt = DateTimeOffset.UnixEpoch, Id = i + 1, Title = "T" });
        }
    }

    [Fact]
    public async Task CommittedEvents_ArePublishedInSequence_AndLeaveThePendingList()
    {
        var outbox = NewOutbox();
        Add(outbox, 3);
        outbox.Committed();

        await outbox.DrainAsync();

        Assert.Equal([1L, 2, 3], _publisher.Accepted.Select(e => e.Sequence));
        Assert.Equal(["u_1"], _publisher.Accepted.Select(e => e.UserId).Distinct());
        Assert.Empty(_pending);
        Assert.True(outbox.Shrunk);
        Assert.Empty(_host.Reminders);
    }

    [Fact]
    public async Task ARefusedEvent_StaysFirst_WithATimerThatBacksOff_AndOneDurableReminder()
    {
        var outbox = NewOutbox();
        Add(outbox, 2);
        outbox.Committed();
        _publisher.Refusing = true;

        await outbox.DrainAsync();
        await outbox.DrainAsync();
        await outbox.DrainAsync();

        Assert.Equal(2, _pending.Count);
        Assert.Equal(
            [TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(1000)],
            _host.Timers.Select(t => t.Due));
        Assert.Single(_host.LiveTimers);
        Assert.Equal(1, _host.Registrations);
        Assert.Contains(EventOutbox.ReminderName, _host.Reminders.Keys);

        _publisher.Refusing = false;
        await outbox.DrainAsync();

        Assert.Empty(_pending);
        Assert.Empty(_host.LiveTimers);
        Assert.Empty(_host.Reminders);
    }

    [Fact]
    public async Task TheBackoff_StopsAtThirtySeconds()
    {
        var outbox = NewOutbox();
        Add(outbox, 1);
        _publisher.Refusing = true;
        for (var i = 0; i < 12; i++)
        {
            await outbox.DrainAsync();
        }

        Assert.Equal(TimeSpan.FromSeconds(30), _host.Timers[^1].Due);
    }

    [Fact]
    public async Task AFailingReminderTable_DoesNotStopTheRetryTimer()
    {
        var outbox = NewOutbox();
        Add(outbox, 1);
        _publisher.Refusing = true;
        _host.FailRegistrations = true;

        await outbox.DrainAsync();

        Assert.Single(_host.LiveTimers);
        Assert.Single(_pending);
    }

    [Fact]
    public async Task AHaltedOutbox_PublishesNothing()
    {
        var outbox = NewOutbox();
        Add(outbox, 1);
        outbox.Halt();

        await outbox.DrainAsync();

        Assert.Empty(_publisher.Accepted);
        Assert.Single(_pending);
    }

    [Fact]
    public void AnActivationWithPendingEvents_DrainsThemAtOnce()
    {
        Add(NewOutbox(), 1);
        var activated = NewOutbox();

        activated.Activated(reminderRegistered: false);

        Assert.Equal([(EventOutbox.ReminderName, TimeSpan.Zero)], _host.LiveTimers);
    }
}
