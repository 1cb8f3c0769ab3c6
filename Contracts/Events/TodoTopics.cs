namespace TodoGrains.Contracts.Events;

/// <summary>The pub/sub topics of the event contract. The only place these names are written.</summary>
public static class TodoTopics
{
    /// <summary>Every task change: created, updated, completed, reopened, deleted.</summary>
    public const string TaskEvents = "task-events";

    /// <summary>A task's reminder time has arrived.</summary>
    public const string Reminders = "reminders";

    /// <summary>Every change an open client must show: the task as it now is, or its removal.</summary>
    public const string TaskUpdates = "task-updates";

    public static IReadOnlyList<string> All { get; } = [TaskEvents, Reminders, TaskUpdates];

    /// <summary>
    /// Where the sidecar puts an event one subscription could not handle (its handler said DROP, or every bounded
    /// retry failed): one topic per subscription, named after its handler, read back by the same service.
    /// </summary>
    public static string DeadLetters(string subscription) => $"dead-letters.{subscription}";
}

/// <summary>The <see cref="TodoEvent.Type"/> values, past-tense facts.</summary>
public static class TodoEventTypes
{
    public const string TaskCreated = "task.created";
    public const string TaskUpdated = "task.updated";
    public const string TaskCompleted = "task.completed";
    public const string TaskReopened = "task.reopened";
    public const string TaskDeleted = "task.deleted";
    public const string ReminderDue = "reminder.due";
    public const string TaskChanged = "task.changed";
    public const string TaskRemoved = "task.removed";
}
