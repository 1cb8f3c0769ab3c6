using Microsoft.Extensions.Logging;
using TodoGrains.Contracts.Events;
using TodoGrains.GrainInterfaces.Tasks;
using TodoGrains.Grains.Diagnostics;
using TodoGrains.Grains.Outbox;

namespace TodoGrains.Grains.Tasks;

/// <summary>
/// The unit of work of a task list: stages task changes (the new version in the store's journal, its events in the
/// outbox) and commits them with one write of the head record. Reminders that must exist are armed before the
/// write (an early or orphaned tick is harmless: it finds nothing due); after it the outbox drains, ended
/// reminders go and a grown journal is written out, all best effort: the change has happened.
/// </summary>
internal sealed class TaskListChanges(
    TaskListStore store, EventOutbox outbox, TaskReminders reminders, Action diverged, ILogger logger, string userId)
{
    private readonly List<(TaskItem? Before, TaskItem? After)> _staged = [];

    /// <summary>
    /// Records one task change for the next commit: its <c>task-events</c> event of <paramref name="type"/> and the
    /// matching <c>task-updates</c> event.
    /// </summary>
    public void Stage(TaskItem? before, TaskItem? after, string type)
    {
        var subject = after ?? before!;
        if (after is null)
        {
            store.Remove(subject.Id);
        }
        else
        {
            store.Put(after);
        }

        Emit(TodoTopics.TaskEvents, type, subject);
        Emit(TodoTopics.TaskUpdates, after is null ? TodoEventTypes.TaskRemoved : TodoEventTypes.TaskChanged, subject);
        _staged.Add((before, after));
    }

    /// <summary>
    /// Records that the task's reminder for <paramref name="at"/> was sent: a second tick for the same instant is
    /// then a no-op. The change is no news to the task's other consumers, so only the reminders topic hears of it.
    /// </summary>
    public void ReminderSent(TaskItem task, DateTimeOffset at) =>
        Emit(TodoTopics.Reminders, TodoEventTypes.ReminderDue, store.Put(task with { ReminderSentFor = at }));

    /// <summary>Stages every change as one of <paramref name="type"/> and commits them together.</summary>
    public Task CommitAsync(IEnumerable<(TaskItem? Before, TaskItem? After)> changes, string type)
    {
        foreach (var (before, after) in changes)
        {
            Stage(before, after, type);
        }

        return CommitAsync();
    }

    /// <summary>The one write that commits what was staged (and any change to the head record) with its events.</summary>
    public async Task CommitAsync()
    {
        var staged = _staged.ToList();
        _staged.Clear();
        try
        {
            await reminders.ArmChangedAsync(staged);
            await store.WriteAsync();
            outbox.Committed();
        }
        catch
        {
            // Memory now runs ahead of storage: nothing more is written or published from this activation,
            // and the next call starts again from what was really stored.
            Diverge();
            throw;
        }

        await outbox.DrainAsync();
        await reminders.DisarmEndedAsync(staged);
        try
        {
            await store.FlushIfDueAsync();
        }
        catch (Exception ex)
        {
            // Nothing is lost: the journal still holds every version, and the next activation replays it.
            logger.FlushFailed(ex, userId);
            Diverge();
        }
    }

    /// <summary>
    /// On deactivation: writes the outbox if the publisher accepted events since the last write; they would
    /// otherwise be published again on the next activation (harmless, consumers are idempotent, but avoidable).
    /// </summary>
    public async Task WriteAcceptedAsync(CancellationToken cancellationToken)
    {
        if (!outbox.Shrunk || store.Diverged)
        {
            return;
        }

        try
        {
            await store.WriteAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.DeactivationWriteFailed(ex, userId);
        }
    }

    private void Emit(string topic, string type, TaskItem task) => outbox.Add(topic, type, store.Head.NextSequence++, task);

    private void Diverge()
    {
        store.Diverge();
        outbox.Halt();
        diverged();
    }
}
