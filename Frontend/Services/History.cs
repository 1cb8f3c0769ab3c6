using System.Globalization;
using TodoGrains.Frontend.Models;

namespace TodoGrains.Frontend.Services;

/// <summary>
/// A task's history in words: each audit entry compared with the one before it ("title “Call” → “Call mum”",
/// "due Thu 3 Dec → none"). Entries recorded before the trail kept fields say only what happened.
/// </summary>
public static class History
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    /// <summary>The history newest first, as the trail gives it: each line with what changed from the entry after it in the list.</summary>
    public static IReadOnlyList<(AuditEntryDto Entry, string What)> Lines(IReadOnlyList<AuditEntryDto> newestFirst)
    {
        ArgumentNullException.ThrowIfNull(newestFirst);
        var lines = new List<(AuditEntryDto, string)>(newestFirst.Count);
        for (var i = 0; i < newestFirst.Count; i++)
        {
            var entry = newestFirst[i];
            var verb = entry.Type.Replace("task.", "", StringComparison.Ordinal);
            var before = i + 1 < newestFirst.Count ? newestFirst[i + 1].Fields : null;
            var changes = entry.Fields is { } after && before is not null && entry.Type == "task.updated" ? Changes(before, after) : [];
            lines.Add((entry, changes.Count == 0 ? verb : $"{verb}: {string.Join("; ", changes)}"));
        }

        return lines;
    }

    public static List<string> Changes(AuditFieldsDto before, AuditFieldsDto after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var changes = new List<string>();
        void Compare(string name, string? from, string? to)
        {
            if (!string.Equals(from, to, StringComparison.Ordinal))
            {
                changes.Add($"{name} {from ?? "none"} → {to ?? "none"}");
            }
        }

        Compare("title", Quote(before.Title), Quote(after.Title));
        if (!string.Equals(before.Description, after.Description, StringComparison.Ordinal))
        {
            changes.Add(after.Description is null ? "description removed" : "description changed");
        }

        Compare("due", Due(before.Due), Due(after.Due));
        Compare("priority", before.Priority, after.Priority);
        Compare("tags", Tags(before.Tags), Tags(after.Tags));
        Compare("repeats", before.Recurrence is null ? null : Display.Rule(before.Recurrence), after.Recurrence is null ? null : Display.Rule(after.Recurrence));
        Compare("reminder", Instant(before.RemindAt), Instant(after.RemindAt));
        return changes;
    }

    private static string Quote(string text) => $"“{text}”";

    private static string? Tags(IReadOnlyList<string> tags) => tags.Count == 0 ? null : string.Join(" ", tags.Select(t => "#" + t));

    private static string? Instant(DateTimeOffset? at) => at?.ToLocalTime().ToString("ddd d MMM HH:mm", Culture);

    private static string? Due(string? due)
    {
        if (due is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(due, "yyyy-MM-dd", Culture, DateTimeStyles.None, out var date))
        {
            return date.ToString("ddd d MMM", Culture);
        }

        return DateTimeOffset.TryParse(due, Culture, DateTimeStyles.None, out var at) ? at.ToString("ddd d MMM HH:mm", Culture) : due;
    }
}
