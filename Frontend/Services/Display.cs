using System.Globalization;
using TodoGrains.Contracts.Tasks;
using TodoGrains.Frontend.Models;

namespace TodoGrains.Frontend.Services;

/// <summary>How dates, rules and tool calls read on screen.</summary>
public static class Display
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;
    private static readonly Dictionary<string, string> Days = new()
    {
        ["MO"] = "Monday", ["TU"] = "Tuesday", ["WE"] = "Wednesday", ["TH"] = "Thursday", ["FR"] = "Friday", ["SA"] = "Saturday", ["SU"] = "Sunday",
    };

    /// <summary>The due as the person gave it ("Wed 1 Apr" or "Wed 1 Apr 09:00"), in their zone.</summary>
    public static string? Due(TaskSnapshot task)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.Due is null)
        {
            return null;
        }

        if (!task.DueHasTime && DateOnly.TryParseExact(task.Due, "yyyy-MM-dd", Culture, DateTimeStyles.None, out var date))
        {
            return date.ToString("ddd d MMM yyyy", Culture);
        }

        return DateTimeOffset.TryParse(task.Due, Culture, DateTimeStyles.None, out var at) ? at.ToString("ddd d MMM yyyy HH:mm", Culture) : task.Due;
    }

    /// <summary>A due as the API takes it ("2026-04-01" or "2026-04-01T09:00"), as the board shows it.</summary>
    public static string DueInput(string due)
    {
        ArgumentNullException.ThrowIfNull(due);
        if (DateOnly.TryParseExact(due, "yyyy-MM-dd", Culture, DateTimeStyles.None, out var date))
        {
            return date.ToString("ddd d MMM yyyy", Culture);
        }

        return DateTime.TryParseExact(due, "yyyy-MM-dd'T'HH:mm", Culture, DateTimeStyles.None, out var at) ? at.ToString("ddd d MMM yyyy HH:mm", Culture) : due;
    }

    /// <summary>"PT30M" as "30 min before", "PT0M" as "at the due time".</summary>
    public static string Before(string duration)
    {
        ArgumentNullException.ThrowIfNull(duration);
        var span = System.Xml.XmlConvert.ToTimeSpan(duration);
        return span == TimeSpan.Zero ? "at the due time"
            : span.TotalDays >= 1 && span.TotalDays % 1 == 0 ? $"{span.TotalDays:0} day(s) before"
            : span.TotalHours >= 1 && span.TotalHours % 1 == 0 ? $"{span.TotalHours:0} h before"
            : $"{span.TotalMinutes:0} min before";
    }

    /// <summary>"today", "tomorrow", "in 3 days", "2 days ago", "in 2 hours".</summary>
    public static string? Relative(TaskSnapshot task, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.Due is null)
        {
            return null;
        }

        if (!task.DueHasTime && DateOnly.TryParseExact(task.Due, "yyyy-MM-dd", Culture, DateTimeStyles.None, out var date))
        {
            var days = date.DayNumber - DateOnly.FromDateTime(now.DateTime).DayNumber;
            return days switch { 0 => "today", 1 => "tomorrow", -1 => "yesterday", > 1 => $"in {days} days", _ => $"{-days} days ago" };
        }

        if (!DateTimeOffset.TryParse(task.Due, Culture, DateTimeStyles.None, out var at))
        {
            return null;
        }

        var span = at - now;
        var ahead = span > TimeSpan.Zero;
        span = span.Duration();
        var amount = span.TotalMinutes < 60 ? $"{Math.Max(1, (int)span.TotalMinutes)} min"
            : span.TotalHours < 24 ? $"{(int)span.TotalHours} h"
            : $"{(int)span.TotalDays} day{((int)span.TotalDays == 1 ? "" : "s")}";
        return ahead ? $"in {amount}" : $"{amount} ago";
    }

    public static bool IsCompleted(TaskSnapshot task) => task?.Status == TodoStatus.Completed;

    /// <summary>A priority as the API writes it: <c>none</c>, <c>low</c>, <c>medium</c>, <c>high</c>.</summary>
    public static string Word(Priority priority) => priority.ToString().ToLowerInvariant();

    public static bool IsOverdue(TaskSnapshot task, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (IsCompleted(task) || task.Due is null)
        {
            return false;
        }

        if (!task.DueHasTime && DateOnly.TryParseExact(task.Due, "yyyy-MM-dd", Culture, DateTimeStyles.None, out var date))
        {
            return date < DateOnly.FromDateTime(now.DateTime);
        }

        return DateTimeOffset.TryParse(task.Due, Culture, DateTimeStyles.None, out var at) && at < now;
    }

    /// <summary>An RRULE in words: "every Monday", "monthly on the 1st", "every weekday".</summary>
    public static string Rule(string rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var parts = rule.Split(';').Select(p => p.Split('=')).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        var interval = parts.TryGetValue("INTERVAL", out var i) ? int.Parse(i, Culture) : 1;
        var byDay = parts.GetValueOrDefault("BYDAY");
        return parts.GetValueOrDefault("FREQ") switch
        {
            "DAILY" => interval == 1 ? "every day" : $"every {interval} days",
            "WEEKLY" when byDay == "MO,TU,WE,TH,FR" => "every weekday",
            "WEEKLY" when byDay is not null => (interval == 2 ? "every other " : interval > 2 ? $"every {interval} weeks on " : "every ") + string.Join(" and ", byDay.Split(',').Select(d => Days.GetValueOrDefault(d, d))),
            "WEEKLY" => interval == 1 ? "every week" : $"every {interval} weeks",
            "MONTHLY" when parts.GetValueOrDefault("BYMONTHDAY") == "-1" => "monthly on the last day",
            "MONTHLY" when parts.TryGetValue("BYMONTHDAY", out var day) => $"monthly on the {Ordinal(int.Parse(day, Culture))}",
            "MONTHLY" when byDay is { Length: > 2 } => $"every {Nth(byDay[..^2])} {Days.GetValueOrDefault(byDay[^2..], byDay)} of the month",
            "MONTHLY" => "every month",
            "YEARLY" => "every year",
            _ => rule,
        };
    }

    /// <summary>Whether a tool call changed a task (so the turn can be undone), judged by its result's status.</summary>
    public static bool Changes(ToolCallDto call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return call.Result.ValueKind == System.Text.Json.JsonValueKind.Object && call.Result.TryGetProperty("status", out var status) &&
            status.GetString() is "added" or "updated" or "completed" or "reopened" or "deleted" or "rescheduled";
    }

    /// <summary>A reply cut to a toast's length at a word boundary.</summary>
    public static string Brief(string text, int length = 90)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length <= length)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', length - 1);
        return text[..(cut > length / 2 ? cut : length - 1)].TrimEnd(',', '.', ';', ':') + "…";
    }

    /// <summary>The compact line under an assistant reply: "✓ added #12 Pay rent".</summary>
    public static string ToolCall(ToolCallDto call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var result = call.Result;
        string? Text(string name) => result.ValueKind == System.Text.Json.JsonValueKind.Object && result.TryGetProperty(name, out var v) && v.ValueKind is System.Text.Json.JsonValueKind.String or System.Text.Json.JsonValueKind.Number ? v.ToString() : null;
        var status = Text("status");
        var id = Text("task_id");
        var title = Text("title");
        var target = id is null ? "" : $" #{id}" + (title is null ? "" : $" {title}");
        return (status, call.Name) switch
        {
            ("error", _) => $"✗ {call.Name.Replace('_', ' ')}: {Text("summary")}",
            ("not_found", _) => $"✗ no task{target}",
            ("confirmation_required", _) => $"? delete {Text("count")} tasks: waiting for your yes",
            (null, "list_tasks" or "search_tasks") => $"✓ looked up {Text("total") ?? "0"} task(s)",
            (null, "find_tasks_by_reference") => $"✓ found {Text("count") ?? "0"} match(es) for \"{Text("reference")}\"",
            ("rescheduled", _) => $"✓ moved {Text("count")} task(s)",
            (var s, _) => $"✓ {s}{target}",
        };
    }

    private static string Ordinal(int n) => n + ((n % 100) is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" });

    private static string Nth(string n) => n switch { "-1" => "last", "1" => "first", "2" => "second", "3" => "third", _ => "fourth" };
}
