using System.Globalization;
using TodoGrains.Contracts.Tasks;
using TodoGrains.GrainInterfaces.Tasks;
using TodoGrains.Silo.Apis.Json;

namespace TodoGrains.Silo.Apis;

/// <summary>A new task. Dates: <c>2026-03-05</c>, <c>2026-03-05T17:00</c> (your zone) or with an offset.</summary>
public sealed record CreateTaskRequest(
    string? Title,
    string? Description = null,
    Priority? Priority = null,
    IReadOnlyList<string>? Tags = null,
    string? Due = null,
    string? RemindAt = null,
    string? RemindBefore = null,
    string? Recurrence = null);

/// <summary>Only the members present change; null clears a field.</summary>
public sealed record PatchTaskRequest
{
    public PatchField<string> Title { get; init; }

    public PatchField<string> Description { get; init; }

    public PatchField<Priority> Priority { get; init; }

    /// <summary>Replaces all tags.</summary>
    public PatchField<IReadOnlyList<string>> Tags { get; init; }

    public IReadOnlyList<string>? AddTags { get; init; }

    public IReadOnlyList<string>? RemoveTags { get; init; }

    public PatchField<string> Due { get; init; }

    public PatchField<string> RemindAt { get; init; }

    /// <summary>An ISO 8601 duration before the due, e.g. <c>PT15M</c>.</summary>
    public PatchField<string> RemindBefore { get; init; }

    /// <summary>An RFC 5545 RRULE, or null to stop repeating.</summary>
    public PatchField<string> Recurrence { get; init; }
}

/// <summary>Completes a task, or reopens it with <c>{"completed": false}</c>.</summary>
public sealed record CompleteTaskRequest(bool? Completed = true);

/// <summary>Which tasks a bulk reschedule moves (pending ones only).</summary>
public sealed record TaskFilterRequest(
    string? Status = null,
    IReadOnlyList<Priority>? Priority = null,
    IReadOnlyList<string>? Tags = null,
    TagMode? TagMode = null,
    string? Q = null,
    string? DueFrom = null,
    string? DueTo = null,
    bool? Overdue = null,
    IReadOnlyList<int>? Ids = null);

/// <summary>Moves the selected tasks to <c>due</c>, or shifts them by <c>shift</c> (ISO 8601, e.g. <c>P1D</c>).</summary>
public sealed record RescheduleTasksRequest(TaskFilterRequest? Filter = null, string? Due = null, string? Shift = null);

public sealed record TaskListResponse(IReadOnlyList<TaskView> Items, int Total);

public sealed record RescheduleResponse(int Moved, IReadOnlyList<TaskView> Items);

/// <summary>A task's text to read without adding it (the board's quick add).</summary>
public sealed record ReadTaskRequest(string? Text);

/// <summary>
/// What the text says, as the body to POST to /tasks (title, due, recurrence, priority, tags, remind_before or
/// remind_at), and the parts of the text each field came from (kind: due, recurrence, priority, tag, reminder, title).
/// </summary>
public sealed record ReadTaskResponse(IReadOnlyDictionary<string, object?> Task, IReadOnlyList<TodoGrains.Grains.Agent.Offline.TextSpan> Spans);

public sealed record ProfileRequest(string? TimeZone = null, string? DefaultReminderTime = null);

public sealed record ProfileResponse(string UserId, string TimeZone, string DefaultReminderTime)
{
    public static ProfileResponse From(string userId, UserProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return new(userId, profile.TimeZone, profile.DefaultReminderTime.ToString("HH:mm", CultureInfo.InvariantCulture));
    }
}
