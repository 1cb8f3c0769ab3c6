using System.Text.Json;
using TodoGrains.Contracts.Tasks;
using TodoGrains.GrainInterfaces.Tasks;

namespace TodoGrains.Grains.Agent;

/// <summary>
/// One task as a tool shows it: in a listing or a reference's matches enough to name it and to ask "which one?";
/// from get_task (<see cref="Detailed"/>) also its notes, reminder, series and completion.
/// </summary>
public sealed record ToolTask(int TaskId, string Title, TodoStatus Status, string? Due, Priority Priority, IReadOnlyList<string> Tags, string? Recurrence)
{
    public string? Description { get; init; }

    public DateTimeOffset? RemindAt { get; init; }

    public string? RemindBefore { get; init; }

    public string? SeriesId { get; init; }

    public int? Occurrence { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    public static ToolTask From(TaskItem task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return new(task.Id, task.Title, task.Status, task.Due?.ToString(), task.Priority, task.Tags, task.Recurrence);
    }

    public static ToolTask Detailed(TaskItem task)
    {
        var view = TaskView.From(task);
        return From(task) with
        {
            Due = view.Due,
            Description = view.Description,
            RemindAt = view.RemindAt,
            RemindBefore = view.RemindBefore,
            SeriesId = view.SeriesId,
            Occurrence = view.Occurrence,
            CompletedAt = view.CompletedAt,
        };
    }
}

/// <summary>
/// What every tool answers, one record for all of them: written once as JSON (snake_case, absent fields left out)
/// for the model, MCP clients and the chat's client, and read back typed by the offline interpreter and the agent
/// instead of by key. <see cref="Status"/> says what happened; a listing has none.
/// </summary>
public sealed record ToolResult
{
    /// <summary>added, found, completed, reopened, updated, rescheduled, deleted, nothing_to_delete, confirmation_required, not_found, error.</summary>
    public string? Status { get; init; }

    /// <summary>What happened, in a sentence the person can read.</summary>
    public string? Summary { get; init; }

    public int? TaskId { get; init; }

    public string? Title { get; init; }

    /// <summary>get_task: the whole task.</summary>
    public ToolTask? Task { get; init; }

    /// <summary>update_task: the fields that changed.</summary>
    public IReadOnlyList<string>? Changed { get; init; }

    /// <summary>A listing: how many match, and the page shown.</summary>
    public int? Total { get; init; }

    public IReadOnlyList<ToolTask>? Tasks { get; init; }

    /// <summary>find_tasks_by_reference: the words, how many match, and the best of them.</summary>
    public string? Reference { get; init; }

    public int? Count { get; init; }

    public IReadOnlyList<ToolTask>? Matches { get; init; }

    /// <summary>Deletions: the tasks deleted, or awaiting the person's yes.</summary>
    public IReadOnlyList<int>? TaskIds { get; init; }

    /// <summary>error: the problem with each argument, by name.</summary>
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }

    /// <summary>The request cannot go on without the person: an error, no such task, or a deletion to confirm.</summary>
    public bool StopsTheRequest => Status is "error" or "not_found" or "confirmation_required";

    public string ToJson() => JsonSerializer.Serialize(this, TodoPlugin.Json);

    /// <summary>A tool's JSON as the record; anything else (empty, not an object) as an empty result.</summary>
    public static ToolResult Read(string? json)
    {
        if (string.IsNullOrWhiteSpace(json) || !json.TrimStart().StartsWith('{'))
        {
            return new ToolResult();
        }

        try
        {
            return JsonSerializer.Deserialize<ToolResult>(json, TodoPlugin.Json) ?? new ToolResult();
        }
        catch (JsonException)
        {
            return new ToolResult();
        }
    }
}
