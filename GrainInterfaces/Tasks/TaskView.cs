using System.Globalization;
using System.Xml;

namespace TodoGrains.GrainInterfaces.Tasks;

/// <summary>
/// A task as clients see it, on the REST API and on the live-update hub alike: the due as the person gave it
/// (<c>2026-03-05</c>, or the wall clock with the zone's offset), reminder instants in the person's zone.
/// </summary>
public sealed record TaskView(
    int Id,
    string Title,
    string? Description,
    TodoStatus Status,
    Priority Priority,
    IReadOnlyList<string> Tags,
    string? Due,
    bool DueHasTime,
    DateTimeOffset? RemindAt,
    string? RemindBefore,
    DateTimeOffset? RemindedAt,
    string? Recurrence,
    string? SeriesId,
    int? Occurrence,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? CompletedAt)
{
    public static TaskView From(TaskItem task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var due = task.Due switch
        {
            null => null,
            { Time: null } d => d.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            _ when task.DueAt is { } at => at.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
            var d => d.ToString(),
        };
        return new TaskView(
            task.Id, task.Title, task.Description, task.Status, task.Priority, task.Tags, due, task.Due?.HasTime ?? false,
            task.RemindAt, task.Reminder?.Before is { } before ? XmlConvert.ToString(before) : null, task.ReminderSentFor, task.Recurrence,
            task.SeriesId, task.Occurrence, task.CreatedAt, task.UpdatedAt, task.CompletedAt);
    }
}
