namespace TodoGrains.GrainInterfaces.Tasks;

/// <summary>
/// When a task is due, as the person said it: a calendar date, optionally with a wall-clock time.
/// Always read in the owner's IANA time zone, so "Friday 17:00" stays 17:00 where the person is.
/// </summary>
[GenerateSerializer, Immutable, Alias("TodoGrains.TaskDue")]
public sealed record TaskDue([property: Id(0)] DateOnly Date, [property: Id(1)] TimeOnly? Time = null)
{
    public bool HasTime => Time is not null;

    /// <summary>The wall-clock moment this due stands for; a date-only due uses <paramref name="dateOnlyTime"/>.</summary>
    public DateTime ToLocal(TimeOnly dateOnlyTime) => Date.ToDateTime(Time ?? dateOnlyTime);

    public override string ToString() => Time is { } t ? $"{Date:yyyy-MM-dd}T{t:HH\\:mm}" : $"{Date:yyyy-MM-dd}";
}

/// <summary>
/// When to remind: an absolute instant, or an offset before the due time (for a date-only due,
/// before the owner's default reminder time on that date). Exactly one of the two is set.
/// </summary>
[GenerateSerializer, Immutable, Alias("TodoGrains.TaskReminder")]
public sealed record TaskReminder([property: Id(0)] DateTimeOffset? At, [property: Id(1)] TimeSpan? Before)
{
    public static TaskReminder AtInstant(DateTimeOffset at) => new(at, null);

    public static TaskReminder BeforeDue(TimeSpan before) => new(null, before);
}

/// <summary>One task of one person, as stored and as carried in every event.</summary>
[GenerateSerializer, Immutable, Alias("TodoGrains.TaskItem")]
public sealed record TaskItem
{
    /// <summary>Per-user sequential id ("task 3").</summary>
    [Id(0)] public required int Id { get; init; }

    [Id(1)] public required string Title { get; init; }

    [Id(2)] public string? Description { get; init; }

    [Id(3)] public TodoStatus Status { get; init; }

    [Id(4)] public Priority Priority { get; init; }

    /// <summary>Lower-case, distinct, in the order first given.</summary>
    [Id(5)] public IReadOnlyList<string> Tags { get; init; } = [];

    [Id(6)] public TaskDue? Due { get; init; }

    [Id(7)] public TaskReminder? Reminder { get; init; }

    /// <summary>An RFC 5545 RRULE in canonical form, e.g. <c>FREQ=WEEKLY;BYDAY=MO</c>.</summary>
    [Id(8)] public string? Recurrence { get; init; }

    /// <summary>Shared by every occurrence of one recurring task.</summary>
    [Id(9)] public string? SeriesId { get; init; }

    /// <summary>1 for the first occurrence of a series, then 2, 3, ...</summary>
    [Id(10)] public int? Occurrence { get; init; }

    [Id(11)] public required DateTimeOffset CreatedAt { get; init; }

    [Id(12)] public required DateTimeOffset UpdatedAt { get; init; }

    [Id(13)] public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>The reminder instant that has already been announced, so a reminder fires once per instant.</summary>
    [Id(14)] public DateTimeOffset? ReminderSentFor { get; init; }

    /// <summary>The due instant in the owner's zone (with its offset); null for a date-only or absent due.</summary>
    [Id(15)] public DateTimeOffset? DueAt { get; init; }

    /// <summary>When the reminder fires, resolved in the owner's zone; null without a reminder.</summary>
    [Id(16)] public DateTimeOffset? RemindAt { get; init; }

    public bool IsPending => Status == TodoStatus.Pending;

    /// <summary>Value equality, tags compared element by element (a record alone compares the list reference).</summary>
    public bool Equals(TaskItem? other) =>
        other is not null && Id == other.Id && Title == other.Title && Description == other.Description &&
        Status == other.Status && Priority == other.Priority && Tags.SequenceEqual(other.Tags) && Due == other.Due &&
        Reminder == other.Reminder && Recurrence == other.Recurrence && SeriesId == other.SeriesId &&
        Occurrence == other.Occurrence && CreatedAt == other.CreatedAt && UpdatedAt == other.UpdatedAt &&
        CompletedAt == other.CompletedAt && ReminderSentFor == other.ReminderSentFor && Exact(DueAt, other.DueAt) &&
        Exact(RemindAt, other.RemindAt);

    public override int GetHashCode() => HashCode.Combine(Id, Title, Status, UpdatedAt);

    // DateTimeOffset equality ignores the offset; the offset is what the owner's zone shows, so it counts.
    private static bool Exact(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b is null : b is not null && a.Value.EqualsExact(b.Value);
}
