using System.Globalization;
using System.Xml;
using TodoGrains.Contracts.Tasks;

namespace TodoGrains.GrainInterfaces.Tasks;

/// <summary>
/// A task as clients see it on the REST API, with exactly the fields of the public <see cref="TaskSnapshot"/>: the due
/// as the person gave it (<c>2026-03-05</c>, or the wall clock with the zone's offset), reminder instants in the person's zone.
/// It is a view over the <see cref="TaskItem"/>, computed as it is written: a list response used to copy 50 tasks
/// into 50 new records first, a fifth of everything the silo allocated under load (docs/performance.md).
/// </summary>
public sealed record TaskView
{
    private readonly TaskItem _task;

    private TaskView(TaskItem task) => _task = task;

    public int Id => _task.Id;

    public string Title => _task.Title;

    public string? Description => _task.Description;

    public TodoStatus Status => _task.Status;

    public Priority Priority => _task.Priority;

    public IReadOnlyList<string> Tags => _task.Tags;

    public string? Due => _task.Due switch
    {
        null => null,
        { Time: null } d => d.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ when _task.DueAt is { } at => at.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
        var d => d.ToString(),
    };

    public bool DueHasTime => _task.Due?.HasTime ?? false;

    public DateTimeOffset? RemindAt => _task.RemindAt;

    public string? RemindBefore => _task.Reminder?.Before is { } before ? XmlConvert.ToString(before) : null;

    public DateTimeOffset? RemindedAt => _task.ReminderSentFor;

    public string? Recurrence => _task.Recurrence;

    public string? SeriesId => _task.SeriesId;

    public int? Occurrence => _task.Occurrence;

    public DateTimeOffset CreatedAt => _task.CreatedAt;

    public DateTimeOffset UpdatedAt => _task.UpdatedAt;

    public DateTimeOffset? CompletedAt => _task.CompletedAt;

    /// <summary>The same fields as a <see cref="TaskSnapshot"/>, the public shape this view writes without copying.</summary>
    public TaskSnapshot ToSnapshot() => new(
        Id, Title, Description, Status, Priority, Tags, Due, DueHasTime, RemindAt, RemindBefore, RemindedAt,
        Recurrence, SeriesId, Occurrence, CreatedAt, UpdatedAt, CompletedAt);

    public static TaskView From(TaskItem task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return new TaskView(task);
    }
}
