using TodoGrains.GrainInterfaces.Tasks;
using TodoGrains.Grains.Time;

namespace TodoGrains.Grains.Tasks;

/// <summary>
/// The bookkeeping of a person's recurring series, kept in the head record: which task is a series' newest
/// occurrence, its rule and anchor, and when a series starts, ends or goes on again. See docs/recurrence.md.
/// </summary>
internal sealed class TaskSeries(Dictionary<string, SeriesState> all, IIdGenerator ids)
{
    /// <summary>The task as the first occurrence of a series with <paramref name="rule"/>, or its series' rule changed.</summary>
    public TaskItem Start(TaskItem task, string rule, TaskDue anchor)
    {
        var seriesId = task.SeriesId ?? ids.NewId("s");
        if (all.TryGetValue(seriesId, out var series))
        {
            // A changed rule restarts the series' arithmetic from this occurrence.
            series.Rule = rule;
            series.Anchor = anchor;
            return task;
        }

        var occurrence = task.Occurrence ?? 1;
        all[seriesId] = new SeriesState { Rule = rule, Anchor = anchor, LastOccurrence = occurrence, LastTaskId = task.Id };
        return task with { SeriesId = seriesId, Occurrence = occurrence };
    }

    /// <summary>A deleted task that was its series' newest occurrence ends the series: a redelivered completion spawns nothing.</summary>
    public void Deleted(TaskItem task)
    {
        if (task.SeriesId is { } seriesId && all.TryGetValue(seriesId, out var series) && series.LastTaskId == task.Id)
        {
            all.Remove(seriesId);
        }
    }

    /// <summary>A restored pending occurrence whose series ended with its deletion: the series goes on from it again.</summary>
    public void Restored(TaskItem task)
    {
        if (task.SeriesId is { } seriesId && task.IsPending && task.Recurrence is { } rule && task.Due is { } due && !all.ContainsKey(seriesId))
        {
            all[seriesId] = new SeriesState { Rule = rule, Anchor = due, LastOccurrence = task.Occurrence ?? 1, LastTaskId = task.Id };
        }
    }

    /// <summary>
    /// What spawning occurrence <c>afterOccurrence + 1</c> of a series means: <see cref="SpawnStep.Already"/> when it
    /// exists (a redelivered event), <see cref="SpawnStep.Nothing"/> when the request is stale or unknown,
    /// <see cref="SpawnStep.Ended"/> when the rule has no next date a task can have (the series is removed), else
    /// <see cref="SpawnStep.Next"/> with its due and the template it copies.
    /// </summary>
    public SpawnPlan Plan(string seriesId, int afterOccurrence, TaskTable tasks, ZoneClock clock)
    {
        if (string.IsNullOrEmpty(seriesId) || !all.TryGetValue(seriesId, out var series))
        {
            return new(SpawnStep.Nothing);
        }

        var wanted = afterOccurrence + 1;
        if (wanted <= series.LastOccurrence)
        {
            return new(SpawnStep.Already, tasks.Values.FirstOrDefault(t => t.SeriesId == seriesId && t.Occurrence == wanted));
        }

        if (afterOccurrence != series.LastOccurrence ||
            !tasks.TryGetValue(series.LastTaskId, out var template) || template.Recurrence is null || template.Due is not { } templateDue)
        {
            return new(SpawnStep.Nothing);
        }

        var after = templateDue.Time is null ? templateDue.ToLocal(TimeOnly.MinValue) : Max(templateDue.ToLocal(default), clock.LocalNow);
        var next = RecurrenceRules.NextAfter(series.Rule, series.Anchor, after, templateDue.Time is null ? clock.Today : null);
        if (next is null || !TaskRules.InRange(next.Date))
        {
            // COUNT or UNTIL reached, or the next date lies past the dates a task can have: the series ends and
            // leaves nothing behind in the head record.
            all.Remove(seriesId);
            return new(SpawnStep.Ended);
        }

        return new(SpawnStep.Next, template, next, wanted);
    }

    /// <summary>Records <paramref name="task"/> as the newest occurrence of its series.</summary>
    public void Spawned(TaskItem task)
    {
        var series = all[task.SeriesId!];
        series.LastOccurrence = task.Occurrence!.Value;
        series.LastTaskId = task.Id;
    }

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;
}

internal enum SpawnStep
{
    Nothing,
    Already,
    Ended,
    Next,
}

/// <summary>The outcome of <see cref="TaskSeries.Plan"/>: <paramref name="Task"/> is the existing occurrence or the template.</summary>
internal sealed record SpawnPlan(SpawnStep Step, TaskItem? Task = null, TaskDue? Next = null, int Occurrence = 0);
