using TodoGrains.Contracts.Tasks;

namespace TodoGrains.Contracts.Edge;

/// <summary>
/// One line of a person's audit trail: one task event, recorded once per event id, with the task's fields as the
/// change left them (null in entries written before they were kept), so a history can say what changed.
/// </summary>
public sealed record AuditEntry(Guid EventId, long Sequence, string Type, int TaskId, string Title, TodoStatus Status, DateTimeOffset OccurredAt, AuditFields? Fields = null);

/// <summary>The fields of a task a history compares from one change to the next.</summary>
public sealed record AuditFields(string Title, string? Description, Priority Priority, IReadOnlyList<string> Tags, string? Due, string? Recurrence, DateTimeOffset? RemindAt)
{
    public static AuditFields From(TaskSnapshot task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return new AuditFields(task.Title, task.Description, task.Priority, task.Tags, task.Due, task.Recurrence, task.RemindAt);
    }
}

/// <summary>A page of the audit trail, newest first; pass <see cref="NextBefore"/> as <c>before</c> for the next page.</summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Items, long? NextBefore);

/// <summary>Something a person is told: a reminder that came due, or the morning digest.</summary>
public sealed record NotificationMessage(
    string Id,
    string UserId,
    string Kind,
    int? TaskId,
    string Title,
    string Message,
    DateTimeOffset? RemindAt,
    DateTimeOffset CreatedAt,
    bool Read);

/// <summary>A person's notifications, newest first, and how many are unread.</summary>
public sealed record InboxPage(IReadOnlyList<NotificationMessage> Items, int Unread);

/// <summary>What the silo tells the notification service for a person's morning digest.</summary>
public sealed record DailyDigest(string TimeZone, DateOnly LocalDate, int LocalHour, int DueToday, int Overdue, IReadOnlyList<string> Titles);

/// <summary>A change an open client must show, pushed on the sync hub.</summary>
public sealed record TaskUpdate(long Sequence, string Type, int TaskId, TaskSnapshot? Task);

/// <summary>The notification kinds.</summary>
public static class NotificationKinds
{
    public const string Reminder = "reminder";
    public const string Digest = "digest";
}

/// <summary>The internal routes one service invokes on another through Dapr (and nothing else may call).</summary>
public static class InternalRoutes
{
    public static string SpawnNext(string userId, string seriesId, int afterOccurrence) =>
        $"internal/users/{Uri.EscapeDataString(userId)}/series/{Uri.EscapeDataString(seriesId)}/next?after={afterOccurrence}";

    public static string Digest(string userId) => $"internal/users/{Uri.EscapeDataString(userId)}/digest";

    public static string Audit(string userId, int limit, long? before, int? taskId) =>
        $"internal/users/{Uri.EscapeDataString(userId)}/audit?limit={limit}" +
        (before is { } b ? $"&before={b}" : "") + (taskId is { } t ? $"&task_id={t}" : "");

    public static string Notifications(string userId, int limit) => $"internal/users/{Uri.EscapeDataString(userId)}/notifications?limit={limit}";

    public static string MarkRead(string userId, string id) =>
        $"internal/users/{Uri.EscapeDataString(userId)}/notifications/{Uri.EscapeDataString(id)}/read";

    public static string Push(string userId) => $"internal/users/{Uri.EscapeDataString(userId)}/push";
}

/// <summary>The ports through which the public API reads what the edge services keep.</summary>
public interface IAuditReader
{
    Task<AuditPage> ReadAsync(string userId, int limit, long? before, int? taskId, CancellationToken cancellationToken);
}

/// <inheritdoc cref="IAuditReader"/>
public interface IInboxReader
{
    Task<InboxPage> ReadAsync(string userId, int limit, CancellationToken cancellationToken);

    /// <summary>False when the person has no such notification.</summary>
    Task<bool> MarkReadAsync(string userId, string notificationId, CancellationToken cancellationToken);
}

/// <summary>How a notification reaches a person's open browsers (the sync hub).</summary>
public interface INotificationPusher
{
    Task PushAsync(NotificationMessage notification, CancellationToken cancellationToken);
}
