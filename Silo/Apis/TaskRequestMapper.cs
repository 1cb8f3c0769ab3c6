using TodoGrains.Contracts.Tasks;
using TodoGrains.GrainInterfaces.Tasks;
using TodoGrains.Grains.Tasks;

namespace TodoGrains.Silo.Apis;

/// <summary>Maps the API's request bodies and query strings onto the task model's inputs.</summary>
internal static class TaskRequestMapper
{
    public static TaskDraft ToDraft(CreateTaskRequest body, InputParser parse)
    {
        var due = parse.Due(body.Due, "due");
        var reminder = parse.Reminder(body.RemindAt, body.RemindBefore);
        return new TaskDraft
        {
            Title = body.Title!,
            Description = body.Description,
            Priority = body.Priority ?? Priority.None,
            Tags = body.Tags ?? [],
            Due = due,
            Reminder = reminder,
            Recurrence = body.Recurrence,
        };
    }

    public static TaskPatch ToPatch(PatchTaskRequest body, InputParser parse)
    {
        var patch = new TaskPatch
        {
            Title = body.Title.IsSet ? new Settable<string>(true, body.Title.Value!) : default,
            Description = body.Description.IsSet ? new Settable<string?>(true, body.Description.Value) : default,
            Tags = body.Tags.IsSet ? new Settable<IReadOnlyList<string>>(true, body.Tags.Value ?? []) : default,
            AddTags = body.AddTags ?? [],
            RemoveTags = body.RemoveTags ?? [],
            Recurrence = body.Recurrence.IsSet ? new Settable<string?>(true, body.Recurrence.Value) : default,
        };
        if (body.Priority.IsSet)
        {
            patch = patch with { Priority = new Settable<Priority>(true, body.Priority.Value) };
        }

        if (body.Due.IsSet)
        {
            patch = patch with { Due = new Settable<DueInput?>(true, parse.Due(body.Due.Value, "due")) };
        }

        if (body.RemindAt.IsSet && body.RemindBefore.IsSet && body.RemindAt.Value is not null && body.RemindBefore.Value is not null)
        {
            parse.Error("remind_at", "Give either 'remind_at' or 'remind_before', not both.");
        }
        else if (body.RemindAt.IsSet || body.RemindBefore.IsSet)
        {
            var at = body.RemindAt.IsSet ? body.RemindAt.Value : null;
            var before = body.RemindBefore.IsSet ? body.RemindBefore.Value : null;
            patch = patch with { Reminder = new Settable<ReminderInput?>(true, parse.Reminder(at, before)) };
        }

        return patch;
    }

    public static TaskQuery ToQuery(TaskListParameters p, InputParser parse)
    {
        var sort = parse.Enum<TaskSort>(p.Sort, "sort") ?? TaskSort.Due;
        var order = p.Order?.Trim().ToLowerInvariant();
        bool descending;
        switch (order)
        {
            case null or "":
                // Priority reads naturally highest first; everything else earliest/A first.
                descending = sort == TaskSort.Priority;
                break;
            case "asc":
                descending = false;
                break;
            case "desc":
                descending = true;
                break;
            default:
                parse.Error("order", $"'{order}' is not asc or desc.");
                descending = false;
                break;
        }

        var priorities = new List<Priority>();
        foreach (var word in (p.Priority ?? []).SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (parse.Enum<Priority>(word, "priority") is { } priority)
            {
                priorities.Add(priority);
            }
        }

        var overdue = parse.Boolean(p.Overdue, "overdue") ?? false;
        return new TaskQuery
        {
            Status = parse.Enum<StatusFilter>(p.Status, "status") ?? StatusFilter.All,
            Priorities = priorities,
            Tags = (p.Tag ?? []).SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries)).ToList(),
            TagMode = parse.Enum<TagMode>(p.TagMode, "tag_mode") ?? TagMode.Any,
            Keyword = p.Q,
            DueFrom = parse.Due(p.DueFrom, "due_from"),
            DueTo = parse.Due(p.DueTo, "due_to"),
            CompletedFrom = parse.Due(p.CompletedFrom, "completed_from"),
            CompletedTo = parse.Due(p.CompletedTo, "completed_to"),
            Overdue = overdue,
            Sort = sort,
            Descending = descending,
            Limit = parse.WholeNumber(p.Limit, "limit", 1, TaskQuery.MaxLimit) ?? TaskQuery.DefaultLimit,
            Offset = parse.WholeNumber(p.Offset, "offset", 0, int.MaxValue) ?? 0,
        };
    }

    public static RescheduleRequest ToReschedule(RescheduleTasksRequest body, InputParser parse)
    {
        var f = body.Filter ?? new TaskFilterRequest();
        var status = parse.Enum<StatusFilter>(f.Status, "filter.status") ?? StatusFilter.Pending;
        if (status == StatusFilter.Completed)
        {
            parse.Error("filter.status", "Completed tasks are not rescheduled.");
        }

        return new RescheduleRequest
        {
            Filter = new TaskQuery
            {
                Status = StatusFilter.Pending,
                Priorities = f.Priority ?? [],
                Tags = f.Tags ?? [],
                TagMode = f.TagMode ?? TagMode.Any,
                Keyword = f.Q,
                DueFrom = parse.Due(f.DueFrom, "filter.due_from"),
                DueTo = parse.Due(f.DueTo, "filter.due_to"),
                Overdue = f.Overdue ?? false,
                Ids = f.Ids ?? [],
            },
            NewDue = parse.Due(body.Due, "due"),
            Shift = parse.Duration(body.Shift, "shift", allowNegative: true),
        };
    }
}

/// <summary>The query string of <c>GET /api/{user_id}/tasks</c>.</summary>
public sealed class TaskListParameters
{
    /// <summary>pending, completed or all (default).</summary>
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "status")] public string? Status { get; set; }

    /// <summary>none, low, medium or high; repeat or comma-separate for several.</summary>
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "priority")] public string?[]? Priority { get; set; }

    /// <summary>A tag; repeat for several.</summary>
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "tag")] public string?[]? Tag { get; set; }

    /// <summary>any (default) or all.</summary>
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "tag_mode")] public string? TagMode { get; set; }

    /// <summary>Words that must all appear in the title or description.</summary>
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "q")] public string? Q { get; set; }

    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "due_from")] public string? DueFrom { get; set; }

    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "due_to")] public string? DueTo { get; set; }

    /// <summary>Completed on or after (a date or a local date-time in the person's zone); lists completed tasks only.</summary>
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "completed_from")] public string? CompletedFrom { get; set; }

    /// <summary>Completed on or before.</summary>
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "completed_to")] public string? CompletedTo { get; set; }

    /// <summary>true for pending tasks whose due has passed.</summary>
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "overdue")] public string? Overdue { get; set; }

    /// <summary>due (default), priority, title or created.</summary>
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "sort")] public string? Sort { get; set; }

    /// <summary>asc or desc (default: desc for priority, asc otherwise).</summary>
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "order")] public string? Order { get; set; }

    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "limit")] public string? Limit { get; set; }

    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "offset")] public string? Offset { get; set; }
}
