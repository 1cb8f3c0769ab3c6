using TodoGrains.Contracts.Edge;
using TodoGrains.Contracts.Tasks;

namespace TodoGrains.Frontend.Services;

/// <summary>What applying a change did to the board's tasks.</summary>
public enum LiveOutcome
{
    /// <summary>Nothing to do: a repeated or stale update, or the task already shows as it is.</summary>
    Ignored,

    /// <summary>Applied in place: the change cannot move the task into, out of or within the view.</summary>
    Applied,

    /// <summary>The board must be read again (once, however many such changes come together).</summary>
    NeedsRefresh,
}

/// <summary>
/// Applies the hub's pushed task updates to the tasks on the board instead of reading the list again: by the per-person
/// sequence each update carries (an older or repeated one is dropped), in place when what changed cannot move the task
/// into, out of or within the current view (its reminder, its series, its description when no search is on), and asks
/// for one re-read otherwise: which tasks match a view, a search and a sort is the API's to say, not the browser's.
/// </summary>
public sealed class LiveTasks
{
    private readonly Dictionary<int, long> _applied = [];

    /// <summary>A pushed update for <paramref name="tasks"/>, shown with a search on when <paramref name="searching"/>.</summary>
    public LiveOutcome Apply(List<TaskSnapshot> tasks, TaskUpdate update, bool searching)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(update);
        if (_applied.TryGetValue(update.TaskId, out var seen) && update.Sequence <= seen)
        {
            return LiveOutcome.Ignored;
        }

        _applied[update.TaskId] = update.Sequence;
        if (update.Task is not { } task)
        {
            // Gone: off the board at once; the views' counts are read again.
            tasks.RemoveAll(t => t.Id == update.TaskId);
            return LiveOutcome.NeedsRefresh;
        }

        return Replace(tasks, task, searching);
    }

    /// <summary>A task as the API answered a change made here (it carries no sequence: the push that follows is its echo).</summary>
    public static LiveOutcome Replace(List<TaskSnapshot> tasks, TaskSnapshot task, bool searching)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(task);
        var index = tasks.FindIndex(t => t.Id == task.Id);
        if (index < 0)
        {
            return LiveOutcome.NeedsRefresh;
        }

        var shown = tasks[index];
        if (Same(shown, task))
        {
            return LiveOutcome.Ignored;
        }

        tasks[index] = task;
        return MovesInTheView(shown, task, searching) ? LiveOutcome.NeedsRefresh : LiveOutcome.Applied;
    }

    // What the views, the filters, the search and the sorts read.
    private static bool MovesInTheView(TaskSnapshot before, TaskSnapshot after, bool searching) =>
        before.Status != after.Status || before.Priority != after.Priority || before.Title != after.Title ||
        before.Due != after.Due || before.DueHasTime != after.DueHasTime || !before.Tags.SequenceEqual(after.Tags) ||
        (searching && before.Description != after.Description);

    private static bool Same(TaskSnapshot a, TaskSnapshot b) => a with { Tags = b.Tags } == b && a.Tags.SequenceEqual(b.Tags);
}
