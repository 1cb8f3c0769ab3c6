using System.ComponentModel;
using System.Text.Json;
using Microsoft.SemanticKernel;
using TodoGrains.Contracts;
using TodoGrains.Contracts.Tasks;
using TodoGrains.GrainInterfaces;
using TodoGrains.GrainInterfaces.Tasks;
using TodoGrains.Grains.Tasks;
using TodoGrains.Grains.Time;

namespace TodoGrains.Grains.Agent;

/// <summary>
/// The agent's tools. Every call acts on the turn's <see cref="TodoTurn"/>, which the kernel carries and which is bound
/// to the signed-in person's grain, and no tool takes a user id, so no prompt can reach another person's tasks.
/// Results are short JSON (task_id, status, title, what changed, and a human summary); bad input is a friendly
/// error, never a throw. Deleting more than one task only records a pending deletion; it happens on a "yes" in the
/// next turn. The plugin is built once per process (<see cref="Shared"/>): building it is reflection and JSON-schema
/// work that cost more than the rest of an offline turn (docs/performance.md).
/// </summary>
internal sealed class TodoPlugin
{
    public const string PluginName = "todo";

    private TodoPlugin()
    {
    }

    // The tools are static (the turn comes with the kernel); SK reads them off an instance.
    public static KernelPlugin Shared { get; } = KernelPluginFactory.CreateFromObject(new TodoPlugin(), PluginName);

    // The matches a reference answers with: enough to ask "which one?".
    private const int ShownMatches = 10;

    internal static JsonSerializerOptions Json => TodoJson.Compact;

    [KernelFunction("add_task"), Description("Add a task. Dates are in the user's time zone: 2026-03-05 (date only) or 2026-03-05T17:00.")]
    public static async Task<string> AddTaskAsync(
        Kernel kernel,
        [Description("Short title, as the user said it")] string title,
        [Description("Longer notes")] string? description = null,
        [Description("none, low, medium or high")] string? priority = null,
        [Description("Tags, lower case, one word each")] string[]? tags = null,
        [Description("Due date (2026-03-05) or date and time (2026-03-05T17:00)")] string? due = null,
        [Description("Reminder at a date and time (2026-03-05T16:45)")] string? remind_at = null,
        [Description("Reminder before the due time, ISO 8601 duration (PT15M)")] string? remind_before = null,
        [Description("RFC 5545 RRULE, e.g. FREQ=WEEKLY;BYDAY=MO")] string? recurrence = null)
    {
        var turn = TodoTurn.Of(kernel);
        var parse = new InputParser();
        var dueInput = parse.Due(due, "due");
        var reminder = parse.Reminder(remind_at, remind_before);
        var level = parse.Enum<Priority>(priority, "priority");
        if (!parse.Ok)
        {
            return Error(parse.Errors);
        }

        if (IsPast(turn.Clock, dueInput) is { } past)
        {
            return Error(new Dictionary<string, string[]> { ["due"] = [past] });
        }

        try
        {
            var task = await turn.Tasks.AddAsync(new TaskDraft
            {
                Title = title,
                Description = description,
                Priority = level ?? Priority.None,
                Tags = tags ?? [],
                Due = dueInput,
                Reminder = reminder,
                Recurrence = recurrence,
            });
            turn.Added(task);
            return Result(new ToolResult { Status = "added", TaskId = task.Id, Title = task.Title, Summary = "Added " + TaskSummaries.Describe(task) });
        }
        catch (TaskValidationException invalid)
        {
            return Error(invalid.Errors);
        }
    }

    [KernelFunction("list_tasks"), Description("List tasks with filters and order. Returns at most 'limit' tasks and the total.")]
    public static async Task<string> ListTasksAsync(
        Kernel kernel,
        [Description("pending (default), completed or all")] string? status = null,
        [Description("Only these priorities: none, low, medium, high")] string[]? priority = null,
        [Description("Only tasks with these tags")] string[]? tags = null,
        [Description("any (default) or all of the tags")] string? tag_mode = null,
        [Description("Words that must appear in the title or description")] string? query = null,
        [Description("Due on or after (2026-03-05 or 2026-03-05T09:00)")] string? due_from = null,
        [Description("Due on or before")] string? due_to = null,
        [Description("Only overdue tasks")] bool? overdue = null,
        [Description("due (default), priority, title or created")] string? sort = null,
        [Description("asc or desc")] string? order = null,
        [Description("How many to return, 1 to 50 (default 20)")] int? limit = null,
        [Description("Completed on or after (2026-03-05); use with status completed for \"what did I finish\"")] string? completed_from = null,
        [Description("Completed on or before")] string? completed_to = null)
    {
        var turn = TodoTurn.Of(kernel);
        var parse = new InputParser();
        var sortBy = parse.Enum<TaskSort>(sort, "sort") ?? TaskSort.Due;
        var query_ = new TaskQuery
        {
            // A completion window asks about completed tasks unless a status says otherwise.
            Status = parse.Enum<StatusFilter>(status, "status") ?? ((completed_from ?? completed_to) is null ? StatusFilter.Pending : StatusFilter.Completed),
            Priorities = (priority ?? []).Select(p => parse.Enum<Priority>(p, "priority")).OfType<Priority>().ToList(),
            Tags = tags ?? [],
            TagMode = parse.Enum<TagMode>(tag_mode, "tag_mode") ?? TagMode.Any,
            Keyword = query,
            DueFrom = parse.Due(due_from, "due_from"),
            DueTo = parse.Due(due_to, "due_to"),
            CompletedFrom = parse.Due(completed_from, "completed_from"),
            CompletedTo = parse.Due(completed_to, "completed_to"),
            Overdue = overdue ?? false,
            Sort = sortBy,
            Descending = order?.Trim().ToLowerInvariant() switch
            {
                "desc" => true,
                "asc" => false,
                _ => sortBy == TaskSort.Priority,
            },
            Limit = Math.Clamp(limit ?? 20, 1, 50),
        };
        if (!parse.Ok)
        {
            return Error(parse.Errors);
        }

        try
        {
            return Listing(await turn.Tasks.ListAsync(query_));
        }
        catch (TaskValidationException invalid)
        {
            return Error(invalid.Errors);
        }
    }

    [KernelFunction("search_tasks"), Description("Find tasks whose title or description contains the words (pending and completed).")]
    public static Task<string> SearchTasksAsync(
        Kernel kernel,
        [Description("The words to look for")] string query,
        [Description("pending, completed or all (default)")] string? status = null) =>
        ListTasksAsync(kernel, status: status ?? "all", query: query);

    [KernelFunction("get_task"), Description("One task with every field: description, due, reminder, recurrence, tags, status.")]
    public static async Task<string> GetTaskAsync(Kernel kernel, [Description("The task's id")] int task_id)
    {
        var task = await TodoTurn.Of(kernel).Tasks.GetAsync(task_id);
        return task is null ? NotFound(task_id) : Result(new ToolResult { Status = "found", Task = ToolTask.Detailed(task), Summary = TaskSummaries.Describe(task) });
    }

    [KernelFunction("complete_task"), Description("Mark a task completed.")]
    public static async Task<string> CompleteTaskAsync(Kernel kernel, [Description("The task's id")] int task_id)
    {
        var turn = TodoTurn.Of(kernel);
        var change = await turn.Tasks.CompleteAsync(task_id);
        turn.Changed(change);
        return change?.After is not { } task ? NotFound(task_id) : Result(new ToolResult { Status = "completed", TaskId = task_id, Title = task.Title, Summary = $"Completed '{task.Title}'" + (task.Recurrence is { } r ? $"; it repeats {RecurrenceText.Describe(r)}, so the next one will appear" : "") });
    }

    [KernelFunction("reopen_task"), Description("Mark a completed task pending again.")]
    public static async Task<string> ReopenTaskAsync(Kernel kernel, [Description("The task's id")] int task_id)
    {
        var turn = TodoTurn.Of(kernel);
        var change = await turn.Tasks.ReopenAsync(task_id);
        turn.Changed(change);
        return change?.After is not { } task ? NotFound(task_id) : Result(new ToolResult { Status = "reopened", TaskId = task_id, Title = task.Title, Summary = $"Reopened '{task.Title}'" });
    }

    [KernelFunction("delete_task"), Description("Delete one task by id, or several (task_ids, or all=true with an optional status). Deleting more than one asks the user to confirm first.")]
    public static async Task<string> DeleteTaskAsync(
        Kernel kernel,
        [Description("One task's id")] int? task_id = null,
        [Description("Several tasks' ids")] int[]? task_ids = null,
        [Description("Every task (of the status given)")] bool? all = null,
        [Description("With all: pending, completed or all (default)")] string? status = null)
    {
        var turn = TodoTurn.Of(kernel);
        var ids = new List<int>();
        if (task_id is { } single)
        {
            ids.Add(single);
        }

        ids.AddRange(task_ids ?? []);
        if (all == true)
        {
            var parse = new InputParser();
            var filter = parse.Enum<StatusFilter>(status, "status") ?? StatusFilter.All;
            if (!parse.Ok)
            {
                return Error(parse.Errors);
            }

            ids.AddRange((await AllAsync(turn, new TaskQuery { Status = filter })).Select(t => t.Id));
        }

        ids = ids.Distinct().ToList();
        if (ids.Count == 0)
        {
            return Result(new ToolResult { Status = "nothing_to_delete", Summary = "There is nothing to delete." });
        }

        if (ids.Count > 1)
        {
            var doomed = await AllAsync(turn, new TaskQuery { Status = StatusFilter.All, Ids = ids });
            if (doomed.Count == 0)
            {
                return Result(new ToolResult { Status = "nothing_to_delete", Summary = "None of those tasks exists." });
            }

            ids = doomed.Select(t => t.Id).ToList();
            if (turn.DeletionConfirmed)
            {
                return await DeleteConfirmedAsync(turn, ids);
            }

            turn.PendingDeletion = ids;
            var ask = turn.ConfirmsByArgument
                ? "Ask the person; once they agree, call delete_task again with the same arguments and confirm=true."
                : "Reply \"yes\" to delete them, or \"no\" to keep them.";
            return Result(new ToolResult { Status = "confirmation_required", Count = ids.Count, TaskIds = ids, Summary = $"{DeletionQuestion(doomed)} {ask}" });
        }

        var deletion = await turn.Tasks.DeleteAsync(ids[0]);
        turn.Changed(deletion);
        return deletion?.Before is { } task
            ? Result(new ToolResult { Status = "deleted", TaskId = task.Id, Title = task.Title, Summary = $"Deleted '{task.Title}'" })
            : NotFound(ids[0]);
    }

    [KernelFunction("update_task"), Description("Change fields of a task; only the fields given change. clear lists fields to remove: due, reminder, recurrence, description.")]
    public static async Task<string> UpdateTaskAsync(
        Kernel kernel,
        [Description("The task's id")] int task_id,
        string? title = null,
        string? description = null,
        [Description("none, low, medium or high")] string? priority = null,
        [Description("Tags to add")] string[]? add_tags = null,
        [Description("Tags to remove")] string[]? remove_tags = null,
        [Description("New due (2026-03-05 or 2026-03-05T17:00)")] string? due = null,
        [Description("Reminder at a date and time")] string? remind_at = null,
        [Description("Reminder before the due time (PT15M)")] string? remind_before = null,
        [Description("New RRULE")] string? recurrence = null,
        [Description("Fields to clear: due, reminder, recurrence, description")] string[]? clear = null,
        [Description("End a repeating task's series after this date (2026-06-30), keeping its rule")] string? repeat_until = null,
        [Description("End a repeating task's series after this many more occurrences, this one included")] int? repeat_times = null)
    {
        var turn = TodoTurn.Of(kernel);
        var parse = new InputParser();
        var cleared = (clear ?? []).Select(c => c.Trim().ToLowerInvariant()).ToHashSet();
        var patch = new TaskPatch
        {
            Title = title is null ? default : new Settable<string>(true, title),
            Description = cleared.Contains("description") ? new Settable<string?>(true, null) : description is null ? default : new Settable<string?>(true, description),
            AddTags = add_tags ?? [],
            RemoveTags = remove_tags ?? [],
            Recurrence = cleared.Contains("recurrence") ? new Settable<string?>(true, null) : recurrence is null ? default : new Settable<string?>(true, recurrence),
        };
        if (parse.Enum<Priority>(priority, "priority") is { } level)
        {
            patch = patch with { Priority = level };
        }

        var dueInput = parse.Due(due, "due");
        if (dueInput is not null || cleared.Contains("due"))
        {
            patch = patch with { Due = new Settable<DueInput?>(true, dueInput) };
        }

        if (remind_at is not null || remind_before is not null || cleared.Contains("reminder"))
        {
            patch = patch with { Reminder = new Settable<ReminderInput?>(true, parse.Reminder(remind_at, remind_before)) };
        }

        if (!parse.Ok)
        {
            return Error(parse.Errors);
        }

        if (IsPast(turn.Clock, dueInput) is { } past)
        {
            return Error(new Dictionary<string, string[]> { ["due"] = [past] });
        }

        if (repeat_until is not null || repeat_times is not null)
        {
            var current = await turn.Tasks.GetAsync(task_id);
            if (current is null)
            {
                return NotFound(task_id);
            }

            if (SeriesEnd(current, repeat_until, repeat_times) is not { } ended)
            {
                return Error(new Dictionary<string, string[]>
                {
                    [repeat_until is null ? "repeat_times" : "repeat_until"] = [current.Recurrence is null
                        ? $"Task {task_id} does not repeat."
                        : repeat_times is < 1 ? "repeat_times must be at least 1." : "repeat_until must be a date such as 2026-06-30."],
                });
            }

            patch = patch with { Recurrence = new Settable<string?>(true, ended) };
        }

        if (patch.IsEmpty)
        {
            return Error(new Dictionary<string, string[]> { ["task"] = ["Nothing to change was given."] });
        }

        try
        {
            var change = await turn.Tasks.UpdateAsync(task_id, patch);
            if (change is not { Before: var before, After: { } task })
            {
                return NotFound(task_id);
            }

            turn.Changed(change);

            return Result(new ToolResult { Status = "updated", TaskId = task_id, Title = task.Title, Changed = Changed(before, task), Summary = "Updated " + TaskSummaries.Describe(task) });
        }
        catch (TaskValidationException invalid)
        {
            return Error(invalid.Errors);
        }
    }

    [KernelFunction("reschedule_tasks"), Description("Move many pending tasks at once: those matching the filter get a new due date, or are shifted by a duration.")]
    public static async Task<string> RescheduleTasksAsync(
        Kernel kernel,
        [Description("Due on or after (2026-03-05)")] string? due_from = null,
        [Description("Due on or before")] string? due_to = null,
        [Description("Only overdue tasks")] bool? overdue = null,
        [Description("Only tasks with these tags")] string[]? tags = null,
        [Description("Only these task ids")] int[]? task_ids = null,
        [Description("The new due date (2026-03-06); times of day are kept")] string? new_due = null,
        [Description("Or shift by an ISO 8601 duration (P1D, -P1D, PT2H)")] string? shift = null)
    {
        var turn = TodoTurn.Of(kernel);
        var parse = new InputParser();
        var request = new RescheduleRequest
        {
            Filter = new TaskQuery
            {
                Status = StatusFilter.Pending,
                DueFrom = parse.Due(due_from, "due_from"),
                DueTo = parse.Due(due_to, "due_to"),
                Overdue = overdue ?? false,
                Tags = tags ?? [],
                Ids = task_ids ?? [],
            },
            NewDue = parse.Due(new_due, "new_due"),
            Shift = parse.Duration(shift, "shift", allowNegative: true),
        };
        if (!parse.Ok)
        {
            return Error(parse.Errors);
        }

        try
        {
            var changes = await turn.Tasks.RescheduleAsync(request);
            foreach (var change in changes)
            {
                turn.Changed(change);
            }

            var moved = changes.Select(c => c.After!).ToList();

            return Result(new ToolResult
            {
                Status = "rescheduled",
                Count = moved.Count,
                Tasks = moved.Select(ToolTask.From).ToList(),
                Summary = moved.Count == 0 ? "No task matched, so nothing moved." : $"Moved {moved.Count} task{(moved.Count == 1 ? "" : "s")}: " + string.Join("; ", moved.Select(TaskSummaries.Line)),
            });
        }
        catch (TaskValidationException invalid)
        {
            return Error(invalid.Errors);
        }
    }

    [KernelFunction("find_tasks_by_reference"), Description("Resolve how the user refers to tasks ('task 3', 'the groceries one', 'my morning meetings') to task ids. Typos are tolerated.")]
    public static async Task<string> FindTasksByReferenceAsync(
        Kernel kernel,
        [Description("The user's words for the task(s)")] string reference,
        [Description("Also consider completed tasks")] bool? include_completed = null)
    {
        var turn = TodoTurn.Of(kernel);
        var found = await turn.Tasks.FindAsync(reference, include_completed == true, ShownMatches);
        if (found.Total == 0 && include_completed != true && TaskMatcher.IdOf(reference) is null)
        {
            // Nothing pending by that name: a completed one, if there is one.
            found = await turn.Tasks.FindAsync(reference, includeCompleted: true, ShownMatches);
        }

        return Result(new ToolResult { Reference = reference, Count = found.Total, Matches = found.Items.Select(ToolTask.From).ToList() });
    }

    /// <summary>Performs a deletion the user confirmed (called by the session, not the model).</summary>
    public static async Task<string> DeleteConfirmedAsync(TodoTurn turn, IReadOnlyList<int> ids)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(ids);
        var deleted = new List<int>();
        foreach (var id in ids)
        {
            if (await turn.Tasks.DeleteAsync(id) is { } deletion)
            {
                deleted.Add(id);
                turn.Changed(deletion);
            }
        }

        return Result(new ToolResult { Status = "deleted", Count = deleted.Count, TaskIds = deleted, Summary = $"Deleted {deleted.Count} task{(deleted.Count == 1 ? "" : "s")}." });
    }

    private static string? IsPast(ZoneClock clock, DueInput? due)
    {
        if (due is null)
        {
            return null;
        }

        if (due.Instant is { } instant)
        {
            return instant < clock.Now ? $"{instant:yyyy-MM-dd HH:mm} is in the past; say which future date you mean." : null;
        }

        var date = due.Date!.Value;
        var past = due.Time is { } t ? date.ToDateTime(t) < clock.LocalNow : date < clock.Today;
        return past ? $"{TaskSummaries.Due(new TaskDue(date, due.Time))} {date.Year} is in the past; say which future date you mean." : null;
    }

    private static List<string> Changed(TaskItem before, TaskItem after)
    {
        var changed = new List<string>();
        void Check(bool differs, string name)
        {
            if (differs)
            {
                changed.Add(name);
            }
        }

        Check(before.Title != after.Title, "title");
        Check(before.Description != after.Description, "description");
        Check(before.Priority != after.Priority, "priority");
        Check(!before.Tags.SequenceEqual(after.Tags), "tags");
        Check(before.Due != after.Due, "due");
        Check(before.RemindAt != after.RemindAt, "reminder");
        Check(before.Recurrence != after.Recurrence, "recurrence");
        return changed;
    }

    private static string Listing(TaskPage page) => Result(new ToolResult
    {
        Total = page.Total,
        Tasks = page.Items.Select(ToolTask.From).ToList(),
        Summary = page.Total == 0 ? "No tasks match." : string.Join("\n", page.Items.Select(TaskSummaries.Line)) + (page.Total > page.Items.Count ? $"\n…and {page.Total - page.Items.Count} more" : ""),
    });

    private static string NotFound(int id) => Result(new ToolResult { Status = "not_found", TaskId = id, Summary = $"There is no task {id}." });

    // The task's rule with its end replaced: UNTIL that date (a timed series until the end of that day), or COUNT
    // occurrences from this one (changing the rule starts the series again at this occurrence).
    private static string? SeriesEnd(TaskItem task, string? until, int? times)
    {
        if (task.Recurrence is null || task.Due is null)
        {
            return null;
        }

        var parts = task.Recurrence.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !p.StartsWith("UNTIL=", StringComparison.OrdinalIgnoreCase) && !p.StartsWith("COUNT=", StringComparison.OrdinalIgnoreCase)).ToList();
        if (until is not null)
        {
            if (!DateOnly.TryParseExact(until, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var last))
            {
                return null;
            }

            parts.Add(task.Due.Time is null ? $"UNTIL={last:yyyyMMdd}" : $"UNTIL={last:yyyyMMdd}T235959");
        }
        else if (times is >= 1)
        {
            parts.Add($"COUNT={times}");
        }
        else
        {
            return null;
        }

        return string.Join(';', parts);
    }

    internal static string Error(IReadOnlyDictionary<string, string[]> errors) =>
        Result(new ToolResult { Status = "error", Errors = errors, Summary = string.Join(" ", errors.SelectMany(e => e.Value)) });

    private static string Result(ToolResult value) => value.ToJson();

    /// <summary>Every task the query matches, page after page (a page holds at most <see cref="TaskQuery.MaxLimit"/>).</summary>
    private static async Task<List<TaskItem>> AllAsync(TodoTurn turn, TaskQuery query)
    {
        var all = new List<TaskItem>();
        while (true)
        {
            var page = await turn.Tasks.ListAsync(query with { Limit = TaskQuery.MaxLimit, Offset = all.Count });
            all.AddRange(page.Items);
            if (page.Items.Count == 0 || all.Count >= page.Total)
            {
                return all;
            }
        }
    }

    /// <summary>"This would delete 734 tasks (700 open, 34 completed): 'A', 'B', 'C' and 731 more."</summary>
    internal static string DeletionQuestion(IReadOnlyList<TaskItem> tasks)
    {
        const int Named = 3;
        var open = tasks.Count(t => t.IsPending);
        var split = open == tasks.Count ? "all open" : open == 0 ? "all completed" : $"{open} open, {tasks.Count - open} completed";
        var names = string.Join(", ", tasks.Take(Named).Select(t => $"'{t.Title}'"));
        var more = tasks.Count > Named ? $" and {tasks.Count - Named} more" : "";
        return $"This would delete {tasks.Count} tasks ({split}): {names}{more}.";
    }
}

/// <summary>What one turn's tools act on: the person's grain and profile, and what the turn leaves pending.</summary>
internal sealed class TodoTurn(ITaskListGrain tasks, UserProfile profile, TimeProvider time)
{
    private const string DataKey = "todo.turn";

    public ITaskListGrain Tasks => tasks;

    public ZoneClock Clock => ZoneClock.For(profile, time);

    /// <summary>Task ids awaiting a "yes" before they are deleted, when a call asked to delete several.</summary>
    public IReadOnlyList<int>? PendingDeletion { get; set; }

    /// <summary>
    /// A client with no next turn to say "yes" in (MCP): deleting several is confirmed by a <c>confirm</c> argument
    /// the client sets once the person agreed. The chat never sets it: there only the person's own "yes" deletes.
    /// </summary>
    public bool ConfirmsByArgument { get; init; }

    /// <summary>With <see cref="ConfirmsByArgument"/>: this call carries the person's confirmation.</summary>
    public bool DeletionConfirmed { get; init; }

    /// <summary>The tasks this turn changed, in order, as they were before: what "undo" puts back.</summary>
    public List<TaskChange> Changes { get; } = [];

    /// <summary>Notes a task this turn added: undoing it deletes it.</summary>
    public void Added(TaskItem task) => Changes.Add(new TaskChange(task.Id, null, task));

    /// <summary>Notes what a change did, as the grain reported it; one that changed nothing (or found no task) is not noted.</summary>
    public void Changed(TaskTransition? change)
    {
        if (change is { Changed: true })
        {
            Changes.Add(new TaskChange(change.Before.Id, change.Before, change.After));
        }
    }

    /// <summary>A kernel for this turn: the shared tools, with this turn attached for them to find.</summary>
    public Kernel NewKernel()
    {
        var kernel = new Kernel(plugins: new KernelPluginCollection([TodoPlugin.Shared]));
        kernel.Data[DataKey] = this;
        return kernel;
    }

    public static TodoTurn Of(Kernel kernel) =>
        kernel?.Data.TryGetValue(DataKey, out var turn) == true && turn is TodoTurn t
            ? t
            : throw new InvalidOperationException("The todo tools run only in a kernel made by TodoTurn.NewKernel.");
}
