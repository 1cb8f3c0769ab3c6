using System.Globalization;

namespace TodoGrains.Contracts.Tasks;

/// <summary>
/// A task as everything outside the silo sees it: in every event, on the live-update hub and, field for field, in
/// the REST API's task JSON. It is not the stored record (<c>TaskItem</c>, the silo's own): a storage change is
/// not a wire change. Version <see cref="CurrentVersion"/>; within a version fields are only ever added, so a
/// consumer ignores what it does not know (docs/events.md).
/// </summary>
/// <param name="Id">Per-user sequential id ("task 3").</param>
/// <param name="Title">What the task is, trimmed, never empty.</param>
/// <param name="Description">Free text, or none.</param>
/// <param name="Status">Pending or completed.</param>
/// <param name="Priority">None, low, medium or high.</param>
/// <param name="Tags">Lower-case, distinct, in the order first given.</param>
/// <param name="Due">As the person gave it: <c>2026-03-05</c>, or the wall clock with the zone's offset, <c>2026-03-05T17:00:00+00:00</c>.</param>
/// <param name="DueHasTime">Whether <paramref name="Due"/> has a time of day.</param>
/// <param name="RemindAt">When the reminder fires, in the person's zone.</param>
/// <param name="RemindBefore">An ISO 8601 duration before the due, when the reminder was set that way.</param>
/// <param name="RemindedAt">The reminder instant already announced, if any.</param>
/// <param name="Recurrence">An RFC 5545 RRULE in canonical form, e.g. <c>FREQ=WEEKLY;BYDAY=MO</c>.</param>
/// <param name="SeriesId">Shared by every occurrence of one recurring task.</param>
/// <param name="Occurrence">1 for the first occurrence of a series, then 2, 3, ...</param>
/// <param name="CreatedAt">When the task was created.</param>
/// <param name="UpdatedAt">When it last changed.</param>
/// <param name="CompletedAt">When it was completed, while it is.</param>
public sealed record TaskSnapshot(
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
    /// <summary>The version of this shape the publisher writes.</summary>
    public const int CurrentVersion = 1;

    /// <summary>The due instant, for a due with a time of day.</summary>
    public DateTimeOffset? DueInstant() =>
        DueHasTime && DateTimeOffset.TryParse(Due, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) ? at : null;
}
