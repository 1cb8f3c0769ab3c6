using Microsoft.Extensions.Logging.Abstractions;
using TodoGrains.Contracts.Events;
using TodoGrains.GrainInterfaces.Tasks;
using TodoGrains.Grains.Outbox;
using TodoGrains.Grains.Tasks;

namespace TodoGrains.Grains.Tests.Collaborators;

/// <summary>The unit of work of <see cref="TaskListChanges"/>: one write commits a change with its events, or nothing is written.</summary>
public sealed class TaskListChangesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 10, 0, 0, TimeSpan.Zero);
    private readonly DictionaryGrainStorage _storage = new();
    private readonly RecordingReminderHost _host = new();
    private readonly SwitchPublisher _publisher = new();
    private readonly TestClock _clock = new();
    private bool _deactivated;

    public TaskListChangesTests() => _clock.Set(Now);

    private TaskListChanges NewChanges()
    {
        var head = new StoredState<TaskListState>(_storage, TaskListLayout.HeadStateName);
        var store = new TaskListStore(head, _storage, default);
        var outbox = new EventOutbox(head.State.Outbox, _publisher, _host, Collaborators.Ids(_clock), _clock, Collaborators.Metrics(), NullLogger.Instance, "u_1");
        var reminders = new TaskReminders(_host, _clock, NullLogger.Instance, "u_1");
        return new TaskListChanges(store, outbox, reminders, () => _deactivated = true, NullLogger.Instance, "u_1");
    }

    private static TaskItem Task(int id, DateTimeOffset? remindAt = null) => new()
    {
        Id = id, Title = "T" + id, CreatedAt = Now, UpdatedAt = Now,
        Reminder = remindAt is { } at ? TaskReminder.AtInstant(at) : null, RemindAt = remindAt,
    };

    [Fact]
    public async Task ACommit_WritesTheChangeWithItsTwoEvents_AndPublishesThem()
    {
        var changes = NewChanges();

        changes.Stage(null, Task(1), TodoEventTypes.TaskCreated);
        await changes.CommitAsync();

        Assert.Equal([TaskListLayout.HeadStateName], _storage.Written);
        Assert.Equal([(TodoTopics.TaskEvents, 1L), (TodoTopics.TaskUpdates, 2L)], _publisher.Accepted.Select(e => (e.Topic, e.Sequence)));
    }

    [Fact]
    public async Task AReminderTheTableRefusesBeforeTheWrite_FailsTheCommit_AndNothingIsWrittenAfter()
    {
        var changes = NewChanges();
        changes.Stage(null, Task(1), TodoEventTypes.TaskCreated);
        await changes.CommitAsync();
        _host.FailRegistrations = true;

        changes.Stage(null, Task(2, Now.AddHours(1)), TodoEventTypes.TaskCreated);
        await Assert.ThrowsAsync<InvalidOperationException>(changes.CommitAsync);
        await changes.WriteAcceptedAsync(TestContext.Current.CancellationToken);

        // Memory runs ahead of storage: the activation goes, and what it holds is never written.
        Assert.True(_deactivated);
        Assert.Single(_storage.Written);
        Assert.Equal(2, _publisher.Accepted.Count);
    }
}
