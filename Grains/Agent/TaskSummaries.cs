using System.Globalization;
using TodoGrains.Contracts.Tasks;
using TodoGrains.GrainInterfaces.Tasks;

namespace TodoGrains.Grains.Agent;

/// <summary>
/// How the agent says back what it understood: "'Pay rent', due Wed 1 Apr 09:00, repeats monthly on the 1st,
/// reminder at 08:45". Dates in the person's zone, as stored.
/// </summary>
public static class TaskSummaries
{
    public static string Describe(TaskItem task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var parts = new List<string> { $"'{task.Title}'" };
        if (task.Due is { } due)
        {
            parts.Add("due " + Due(due));
        }

        if (task.Recurrence is { } rule)
        {
            parts.Add("repeats " + RecurrenceText.Describe(rule));
        }

        if (task.RemindAt is { } remind)
        {
            parts.Add("reminder " + (task.Due is not null && DateOnly.FromDateTime(remind.DateTime) == task.Due.Date
                ? "at " + remind.ToString("HH:mm", CultureInfo.InvariantCulture)
                : remind.ToString("ddd d MMM HH:mm", CultureInfo.InvariantCulture)));
        }

        if (task.Priority != Priority.None)
        {
            parts.Add($"{task.Priority.ToString().ToLowerInvariant()} priority");
        }

        if (task.Tags.Count > 0)
        {
            parts.Add("tags " + string.Join(", ", task.Tags.Select(t => "#" + t)));
        }

        return string.Join(", ", parts);
    }

    public static string Due(TaskDue due)
    {
        ArgumentNullException.ThrowIfNull(due);
        var date = due.Date.ToString("ddd d MMM", CultureInfo.InvariantCulture);
        return due.Time is { } time ? $"{date} {time.ToString("HH:mm", CultureInfo.InvariantCulture)}" : date;
    }

    /// <summary>The compact form used in lists: "#3 Pay rent (due Wed 1 Apr, high)".</summary>
    public static string Line(TaskItem task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var details = new List<string>();
        if (task.Due is { } due)
        {
            details.Add("due " + Due(due));
        }

        if (task.Priority != Priority.None)
        {
            details.Add(task.Priority.ToString().ToLowerInvariant());
        }

        if (task.Recurrence is { } rule)
        {
            details.Add(RecurrenceText.Describe(rule));
        }

        if (!task.IsPending)
        {
            details.Add("done");
        }

        return details.Count == 0 ? $"#{task.Id} {task.Title}" : $"#{task.Id} {task.Title} ({string.Join(", ", details)})";
    }
}
