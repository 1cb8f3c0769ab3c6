using TodoGrains.Contracts.Tasks;

namespace TodoGrains.GrainInterfaces.Tasks;

/// <summary>
/// A field of a patch: <see cref="IsSet"/> false leaves the field alone; set with a null value clears it.
/// </summary>
[GenerateSerializer, Immutable, Alias("TodoGrains.Settable`1")]
public readonly record struct Settable<T>([property: Id(0)] bool IsSet, [property: Id(1)] T Value)
{
    public T GetOr(T current) => IsSet ? Value : current;

    public static implicit operator Settable<T>(T value) => new(true, value);
}

/// <summary>
/// A due as a caller gave it: a local date (and time) in the owner's zone, or an instant with an explicit
/// offset that the grain converts to the owner's wall clock.
/// </summary>
[GenerateSerializer, Immutable, Alias("TodoGrains.DueInput")]
public sealed record DueInput([property: Id(0)] DateOnly? Date, [property: Id(1)] TimeOnly? Time, [property: Id(2)] DateTimeOffset? Instant)
{
    public static DueInput OnDate(DateOnly date, TimeOnly? time = null) => new(date, time, null);

    public static DueInput AtInstant(DateTimeOffset instant) => new(null, null, instant);
}

/// <summary>
/// A reminder as a caller gave it: a local date-time in the owner's zone, an instant, or an offset before the due.
/// </summary>
[GenerateSerializer, Immutable, Alias("TodoGrains.ReminderInput")]
public sealed record ReminderInput([property: Id(0)] DateTime? LocalAt, [property: Id(1)] DateTimeOffset? At, [property: Id(2)] TimeSpan? Before)
{
    public static ReminderInput AtLocal(DateTime local) => new(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), null, null);

    public static ReminderInput AtInstant(DateTimeOffset at) => new(null, at, null);

    public static ReminderInput BeforeDue(TimeSpan before) => new(null, null, before);
}

/// <summary>Everything needed to add a task; the grain validates and normalises it.</summary>
[GenerateSerializer, Immutable, Alias("TodoGrains.TaskDraft")]
public sealed record TaskDraft
{
    [Id(0)] public required string Title { get; init; }

    [Id(1)] public string? Description { get; init; }

    [Id(2)] public Priority Priority { get; init; }

    [Id(3)] public IReadOnlyList<string> Tags { get; init; } = [];

    [Id(4)] public DueInput? Due { get; init; }

    [Id(5)] public ReminderInput? Reminder { get; init; }

    /// <summary>An RFC 5545 RRULE; without a due, the first occurrence from today becomes the due.</summary>
    [Id(6)] public string? Recurrence { get; init; }
}

/// <summary>A partial update: only the fields that are set change; tags can also be added or removed.</summary>
[GenerateSerializer, Immutable, Alias("TodoGrains.TaskPatch")]
public sealed record TaskPatch
{
    [Id(0)] public Settable<string> Title { get; init; }

    [Id(1)] public Settable<string?> Description { get; init; }

    [Id(2)] public Settable<Priority> Priority { get; init; }

    /// <summary>Replaces all tags.</summary>
    [Id(3)] public Settable<IReadOnlyList<string>> Tags { get; init; }

    [Id(4)] public IReadOnlyList<string> AddTags { get; init; } = [];

    [Id(5)] public IReadOnlyList<string> RemoveTags { get; init; } = [];

    [Id(6)] public Settable<DueInput?> Due { get; init; }

    [Id(7)] public Settable<ReminderInput?> Reminder { get; init; }

    [Id(8)] public Settable<string?> Recurrence { get; init; }

    public bool IsEmpty =>
        !Title.IsSet && !Description.IsSet && !Priority.IsSet && !Tags.IsSet && AddTags.Count == 0 &&
        RemoveTags.Count == 0 && !Due.IsSet && !Reminder.IsSet && !Recurrence.IsSet;
}

/// <summary>Filters, order and paging for listing a person's tasks.</summary>
[GenerateSerializer, Immutable, Alias("TodoGrains.TaskQuery")]
public sealed record TaskQuery
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    [Id(0)] public StatusFilter Status { get; init; }

    [Id(1)] public IReadOnlyList<Priority> Priorities { get; init; } = [];

    [Id(2)] public IReadOnlyList<string> Tags { get; init; } = [];

    [Id(3)] public TagMode TagMode { get; init; }

    /// <summary>Case-insensitive words that must all appear in the title or description.</summary>
    [Id(4)] public string? Keyword { get; init; }

    /// <summary>Due on or after this (a date means from the start of that day).</summary>
    [Id(5)] public DueInput? DueFrom { get; init; }

    /// <summary>Due on or before this (a date means until the end of that day).</summary>
    [Id(6)] public DueInput? DueTo { get; init; }

    /// <summary>Only pending tasks whose due has passed.</summary>
    [Id(7)] public bool Overdue { get; init; }

    [Id(8)] public TaskSort Sort { get; init; }

    [Id(9)] public bool Descending { get; init; }

    [Id(10)] public int Limit { get; init; } = DefaultLimit;

    [Id(11)] public int Offset { get; init; }

    /// <summary>Only these task ids, when not empty.</summary>
    [Id(12)] public IReadOnlyList<int> Ids { get; init; } = [];

    /// <summary>Completed on or after this, in the person's zone (a date means from the start of that day); only completed tasks.</summary>
    [Id(13)] public DueInput? CompletedFrom { get; init; }

    /// <summary>Completed on or before this (a date means until the end of that day); only completed tasks.</summary>
    [Id(14)] public DueInput? CompletedTo { get; init; }
}

/// <summary>One page of a task query, with the number of all matches.</summary>
[GenerateSerializer, Immutable, Alias("TodoGrains.TaskPage")]
public sealed record TaskPage([property: Id(0)] IReadOnlyList<TaskItem> Items, [property: Id(1)] int Total);

/// <summary>A page with its entity tag (quoted, as HTTP writes it); <see cref="Page"/> is null when the caller holds it already.</summary>
[GenerateSerializer, Immutable, Alias("TodoGrains.TaggedTaskPage")]
public sealed record TaggedTaskPage([property: Id(0)] string Tag, [property: Id(1)] TaskPage? Page);

/// <summary>Move many tasks at once: those the filter selects get a new date, or are shifted.</summary>
[GenerateSerializer, Immutable, Alias("TodoGrains.RescheduleRequest")]
public sealed record RescheduleRequest
{
    /// <summary>Which tasks move; completed tasks never move. Paging fields are ignored.</summary>
    [Id(0)] public TaskQuery Filter { get; init; } = new();

    /// <summary>The new due date (its time replaces the old time when given).</summary>
    [Id(1)] public DueInput? NewDue { get; init; }

    /// <summary>Added to each due; date-only dues move by whole days.</summary>
    [Id(2)] public TimeSpan? Shift { get; init; }
}

/// <summary>A person's settings that tasks are read in.</summary>
[GenerateSerializer, Immutable, Alias("TodoGrains.UserProfile")]
public sealed record UserProfile([property: Id(0)] string TimeZone, [property: Id(1)] TimeOnly DefaultReminderTime)
{
    public static readonly TimeOnly StandardReminderTime = new(9, 0);

    public static UserProfile Default { get; } = new("UTC", StandardReminderTime);
}
