using TodoGrains.GrainInterfaces.Tasks;
using TodoGrains.Grains.Time;

namespace TodoGrains.Grains.Tasks;

/// <summary>Filtering and ordering of one person's tasks, all in their wall-clock time.</summary>
internal sealed class TaskQueries(ZoneClock clock)
{
    /// <summary>The page of <paramref name="tasks"/> a query asks for, with the number of all matches; a bad query throws.</summary>
    public static TaskPage Page(IEnumerable<TaskItem> tasks, TaskQuery query, ZoneClock clock)
    {
        var errors = new ValidationErrors();
        query = Normalize(query, clock, errors);
        errors.ThrowIfAny();
        var matches = new TaskQueries(clock).Filter(tasks, query).ToList();
        var page = Sort(matches, query.Sort, query.Descending).Skip(query.Offset).Take(query.Limit).ToList();
        return new TaskPage(page, matches.Count);
    }

    /// <summary>Checks a query and returns it with normalised tags and keyword.</summary>
    public static TaskQuery Normalize(TaskQuery query, ZoneClock clock, ValidationErrors errors)
    {
        if (query.Limit is < 1 or > TaskQuery.MaxLimit)
        {
            errors.Add("limit", $"The limit must lie between 1 and {TaskQuery.MaxLimit}.");
        }

        if (query.Offset < 0)
        {
            errors.Add("offset", "The offset must not be negative.");
        }

        if (query.Keyword is { Length: > TaskLimits.KeywordMaxLength })
        {
            errors.Add("q", $"The search text must be at most {TaskLimits.KeywordMaxLength} characters.");
        }

        foreach (var p in query.Priorities.Where(p => !Enum.IsDefined(p)))
        {
            errors.Add("priority", $"'{p}' is not a priority (none, low, medium, high).");
        }

        var tags = TaskRules.Tags(query.Tags, errors, "tag");
        var from = TaskRules.Due(query.DueFrom, clock, errors, "due_from");
        var to = TaskRules.Due(query.DueTo, clock, errors, "due_to");
        if (from is not null && to is not null && WindowStart(from) > WindowEnd(to))
        {
            errors.Add("due_to", "due_to lies before due_from.");
        }

        var completedFrom = TaskRules.Due(query.CompletedFrom, clock, errors, "completed_from");
        var completedTo = TaskRules.Due(query.CompletedTo, clock, errors, "completed_to");
        if (completedFrom is not null && completedTo is not null && WindowStart(completedFrom) > WindowEnd(completedTo))
        {
            errors.Add("completed_to", "completed_to lies before completed_from.");
        }

        return query with
        {
            Tags = tags,
            Keyword = string.IsNullOrWhiteSpace(query.Keyword) ? null : query.Keyword.Trim(),
            DueFrom = from is null ? null : DueInput.OnDate(from.Date, from.Time),
            DueTo = to is null ? null : DueInput.OnDate(to.Date, to.Time),
            CompletedFrom = completedFrom is null ? null : DueInput.OnDate(completedFrom.Date, completedFrom.Time),
            CompletedTo = completedTo is null ? null : DueInput.OnDate(completedTo.Date, completedTo.Time),
        };
    }

    public IEnumerable<TaskItem> Filter(IEnumerable<TaskItem> tasks, TaskQuery query)
    {
        var words = query.Keyword?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        var from = query.DueFrom is { Date: { } fd } ? WindowStart(new TaskDue(fd, query.DueFrom.Time)) : (DateTime?)null;
        var to = query.DueTo is { Date: { } td } ? WindowEnd(new TaskDue(td, query.DueTo.Time)) : (DateTime?)null;
        var completedFrom = query.CompletedFrom is { Date: { } cf } ? WindowStart(new TaskDue(cf, query.CompletedFrom.Time)) : (DateTime?)null;
        var completedTo = query.CompletedTo is { Date: { } ct } ? WindowEnd(new TaskDue(ct, query.CompletedTo.Time)) : (DateTime?)null;
        var ids = query.Ids.Count > 0 ? query.Ids.ToHashSet() : null;
        var now = clock.LocalNow;

        foreach (var task in tasks)
        {
            if (ids is not null && !ids.Contains(task.Id))
            {
                continue;
            }

            if ((query.Status == StatusFilter.Pending && !task.IsPending) ||
                (query.Status == StatusFilter.Completed && task.IsPending))
            {
                continue;
            }

            if (query.Priorities.Count > 0 && !query.Priorities.Contains(task.Priority))
            {
                continue;
            }

            if (query.Tags.Count > 0 && !(query.TagMode == TagMode.All
                    ? query.Tags.All(task.Tags.Contains)
                    : query.Tags.Any(task.Tags.Contains)))
            {
                continue;
            }

            if (words.Length > 0 && !words.All(w =>
                    task.Title.Contains(w, StringComparison.OrdinalIgnoreCase) ||
                    (task.Description?.Contains(w, StringComparison.OrdinalIgnoreCase) ?? false)))
            {
                continue;
            }

            if ((from is not null || to is not null) &&
                (task.Due is null || (from is { } f && WindowEnd(task.Due) < f) || (to is { } t && WindowStart(task.Due) > t)))
            {
                continue;
            }

            if (query.Overdue && !IsOverdue(task, now))
            {
                continue;
            }

            if ((completedFrom is not null || completedTo is not null) &&
                (task.IsPending || task.CompletedAt is not { } completed || clock.InZone(completed).DateTime is var local && ((completedFrom is { } cfrom && local < cfrom) || (completedTo is { } cto && local > cto))))
            {
                continue;
            }

            yield return task;
        }
    }

    public static IEnumerable<TaskItem> Sort(IEnumerable<TaskItem> tasks, TaskSort sort, bool descending)
    {
        IOrderedEnumerable<TaskItem> ordered = sort switch
        {
            // Tasks without a due sort after all others in either direction.
            TaskSort.Due => tasks.OrderBy(t => t.Due is null).ThenBy(t => SortKey(t), descending),
            TaskSort.Priority => tasks.OrderBy(t => t.Priority, descending).ThenBy(t => t.Due is null).ThenBy(t => SortKey(t)),
            TaskSort.Title => tasks.OrderBy(t => t.Title, StringComparer.InvariantCultureIgnoreCase, descending),
            _ => tasks.OrderBy(t => t.CreatedAt, descending),
        };
        return descending && sort == TaskSort.Created ? ordered.ThenByDescending(t => t.Id) : ordered.ThenBy(t => t.Id);
    }

    public static bool IsOverdue(TaskItem task, DateTime localNow) =>
        task.IsPending && task.Due is { } due &&
        (due.Time is null ? due.Date < DateOnly.FromDateTime(localNow) : due.ToLocal(default) < localNow);

    // A date-only due sorts after the timed ones of its day.
    private static DateTime SortKey(TaskItem t) => t.Due is { } d ? WindowEnd(d) : DateTime.MaxValue;

    // A date-only due covers its whole day; a timed due is a point.
    private static DateTime WindowStart(TaskDue due) => due.ToLocal(TimeOnly.MinValue);

    private static DateTime WindowEnd(TaskDue due) => due.Time is null ? due.ToLocal(TimeOnly.MaxValue) : due.ToLocal(default);
}

internal static class OrderingExtensions
{
    public static IOrderedEnumerable<T> OrderBy<T, TKey>(this IEnumerable<T> source, Func<T, TKey> key, bool descending) =>
        descending ? source.OrderByDescending(key) : source.OrderBy(key);

    public static IOrderedEnumerable<T> OrderBy<T, TKey>(this IEnumerable<T> source, Func<T, TKey> key, IComparer<TKey> comparer, bool descending) =>
        descending ? source.OrderByDescending(key, comparer) : source.OrderBy(key, comparer);

    public static IOrderedEnumerable<T> ThenBy<T, TKey>(this IOrderedEnumerable<T> source, Func<T, TKey> key, bool descending) =>
        descending ? source.ThenByDescending(key) : source.ThenBy(key);
}
