namespace TodoGrains.Grains.Agent.Offline;

/// <summary>What the message asks for: a reply, or a tool call (maybe after resolving a reference).</summary>
internal sealed record Plan(string Verb)
{
    public string? Reply { get; init; }

    public string? Tool { get; init; }

    public Dictionary<string, object?> Args { get; init; } = [];

    public string? Reference { get; init; }

    public bool Many { get; init; }

    public bool IncludeCompleted { get; init; }

    /// <summary>Only the references' matches due that day ("this morning's meetings").</summary>
    public DateOnly? OnDay { get; init; }

    /// <summary>A new time for a task that keeps its own day ("move the meeting to 3pm"); the due in Args is for a task with none.</summary>
    public TimeOnly? KeepDayAt { get; init; }

    /// <summary>A listing of pending tasks due from today on: also say what is overdue.</summary>
    public bool AlsoOverdue { get; init; }

    public string ListingHeading { get; init; } = "";

    /// <summary>For an added task: the parts of the text each field came from.</summary>
    public IReadOnlyList<TextSpan> Spans { get; init; } = [];

    public static Plan Answer(string text) => new("answer") { Reply = text };
}
