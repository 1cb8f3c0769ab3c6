using System.Globalization;
using TodoGrains.Contracts.Tasks;
using TodoGrains.Frontend.Models;

namespace TodoGrains.Frontend.Services;

/// <summary>A heading on the board and the tasks under it.</summary>
public sealed record BoardGroup(string Heading, string Kind, IReadOnlyList<TaskSnapshot> Tasks);

/// <summary>
/// How a view's tasks are grouped: Today puts the overdue on top; Upcoming has a heading per day; All (sorted by due)
/// has Overdue, Today, Later and No date; Completed is one list. Days are the browser's, which sign-up takes as the
/// person's zone (docs/browser.md).
/// </summary>
public static class BoardGroups
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    public static IReadOnlyList<BoardGroup> For(BoardFilter filter, IReadOnlyList<TaskSnapshot> tasks, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(tasks);
        var today = DateOnly.FromDateTime(now.DateTime);
        List<BoardGroup> groups = filter.View switch
        {
            BoardViews.Today => [new("Overdue", "overdue", [.. tasks.Where(t => Display.IsOverdue(t, now))]), new("Today", "today", [.. tasks.Where(t => !Display.IsOverdue(t, now))])],
            BoardViews.Upcoming => [.. tasks.GroupBy(t => DayOf(t) ?? today).OrderBy(g => g.Key).Select(g => new BoardGroup(DayHeading(g.Key, today), g.Key == today ? "today" : "day", [.. g]))],
            BoardViews.All when filter.Sort == "due" =>
            [
                new("Overdue", "overdue", [.. tasks.Where(t => Display.IsOverdue(t, now))]),
                new("Today", "today", [.. tasks.Where(t => !Display.IsOverdue(t, now) && DayOf(t) == today)]),
                new("Later", "later", [.. tasks.Where(t => !Display.IsOverdue(t, now) && DayOf(t) is { } d && d != today)]),
                new("No date", "nodate", [.. tasks.Where(t => t.Due is null)]),
            ],
            _ => [new("", "plain", tasks)],
        };
        return [.. groups.Where(g => g.Tasks.Count > 0)];
    }

    /// <summary>What to say when a view is empty.</summary>
    public static string Empty(BoardFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return filter.Narrowed ? "No tasks match these filters." : filter.View switch
        {
            BoardViews.Today => "Nothing due today. Add something above, or ask the chat what's coming up.",
            BoardViews.Upcoming => $"Nothing planned for the next {BoardViews.UpcomingDays} days.",
            BoardViews.Completed => "Nothing completed yet. Ticked-off tasks gather here.",
            _ => "No open tasks. Add one above (try “call mum tomorrow at 6pm”) or tell the chat.",
        };
    }

    /// <summary>"Today · Wed 2 Dec", "Tomorrow · Thu 3 Dec", "Fri 4 Dec".</summary>
    public static string DayHeading(DateOnly day, DateOnly today)
    {
        var date = day.ToString("ddd d MMM", Culture);
        return day == today ? $"Today · {date}" : day == today.AddDays(1) ? $"Tomorrow · {date}" : date;
    }

    /// <summary>The day a task is due, in the zone it was given in.</summary>
    private static DateOnly? DayOf(TaskSnapshot task) =>
        task.Due is { Length: >= 10 } due && DateOnly.TryParseExact(due[..10], "yyyy-MM-dd", Culture, DateTimeStyles.None, out var day) ? day : null;
}
