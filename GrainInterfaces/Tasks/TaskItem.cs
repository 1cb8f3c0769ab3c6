using TodoGrains.Contracts.Tasks;

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

/// <summary>
/// One task of one person, as stored and as carried in every event. Orleans writes it with
/// <see cref="TaskItemCodec"/> (the stored format, pinned by a test).
/// </summary>
[Immutable, Alias("TodoGrains.TaskItem")]
public sealed record TaskItem
{
    /// <summary>Per-user sequential id ("task 3").</summary>
    public required int Id { get; init; }

    public required string Title { get; init; }

    public string? Description { get; init; }

    public TodoStatus Status { get; init; }

    public Priority Priority { get; init; }

    /// <summary>Lower-case, distinct, in the order first given.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    public TaskDue? Due { get; init; }

    public TaskReminder? Reminder { get; init; }

    /// <summary>An RFC 5545 RRULE in canonical form, e.g. <c>FREQ=WEEKLY;BYDAY=MO</c>.</summary>
    public string? Recurrence { get; init; }

    /// <summary>Shared by every occurrence of one recurring task.</summary>
    public string? SeriesId { get; init; }

    /// <summary>1 for the first occurrence of a series, then 2, 3, ...</summary>
    public int? Occurrence { get; init; }

    // The six instants are kept as clock ticks and offset minutes (10 bytes each) rather than as DateTimeOffset
    // (16 bytes, 24 when nullable): an active person holds hundreds of tasks in memory, and this took a task from
    // 224 to 152 bytes (docs/performance.md). The properties, the JSON and the stored format are unchanged.
    private long _createdTicks;
    private long _updatedTicks;
    private long _completedTicks = Instant.None;
    private long _reminderSentTicks = Instant.None;
    private long _dueAtTicks = Instant.None;
    private long _remindAtTicks = Instant.None;
    private short _createdOffset;
    private short _updatedOffset;
    private short _completedOffset;
    private short _reminderSentOffset;
    private short _dueAtOffset;
    private short _remindAtOffset;

    public required DateTimeOffset CreatedAt
    {
        get => Instant.Unpack(_createdTicks, _createdOffset)!.Value;
        init => Instant.Pack(value, out _createdTicks, out _createdOffset);
    }

    public required DateTimeOffset UpdatedAt
    {
        get => Instant.Unpack(_updatedTicks, _updatedOffset)!.Value;
        init => Instant.Pack(value, out _updatedTicks, out _updatedOffset);
    }

    public DateTimeOffset? CompletedAt
    {
        get => Instant.Unpack(_completedTicks, _completedOffset);
        init => Instant.Pack(value, out _completedTicks, out _completedOffset);
    }

    /// <summary>The reminder instant that has already been announced, so a reminder fires once per instant.</summary>
    public DateTimeOffset? ReminderSentFor
    {
        get => Instant.Unpack(_reminderSentTicks, _reminderSentOffset);
        init => Instant.Pack(value, out _reminderSentTicks, out _reminderSentOffset);
    }

    /// <summary>The due instant in the owner's zone (with its offset); null for a date-only or absent due.</summary>
    public DateTimeOffset? DueAt
    {
        get => Instant.Unpack(_dueAtTicks, _dueAtOffset);
        init => Instant.Pack(value, out _dueAtTicks, out _dueAtOffset);
    }

    /// <summary>When the reminder fires, resolved in the owner's zone; null without a reminder.</summary>
    public DateTimeOffset? RemindAt
    {
        get => Instant.Unpack(_remindAtTicks, _remindAtOffset);
        init => Instant.Pack(value, out _remindAtTicks, out _remindAtOffset);
    }

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

/// <summary>A <see cref="DateTimeOffset"/> as its clock ticks and offset minutes, <see cref="None"/> for null.</summary>
internal static class Instant
{
    public const long None = -1;

    public static void Pack(DateTimeOffset? value, out long ticks, out short offsetMinutes)
    {
        ticks = value?.Ticks ?? None;
        offsetMinutes = value is { } v ? (short)(v.Offset.Ticks / TimeSpan.TicksPerMinute) : (short)0;
    }

    public static DateTimeOffset? Unpack(long ticks, short offsetMinutes) =>
        ticks == None ? null : new DateTimeOffset(ticks, TimeSpan.FromMinutes(offsetMinutes));
}
