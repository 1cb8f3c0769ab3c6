using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Evaluation;
using TodoGrains.GrainInterfaces.Tasks;

namespace TodoGrains.Grains.Tasks;

/// <summary>
/// RFC 5545 RRULE validation and next-occurrence arithmetic on Ical.Net, in floating (wall-clock) time:
/// the owner's zone is applied afterwards, so "every Monday at 9" stays 09:00 across daylight-saving changes.
/// </summary>
public static class RecurrenceRules
{
    private static readonly HashSet<string> SupportedParts =
        ["FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "BYMONTH", "BYSETPOS", "COUNT", "UNTIL", "WKST"];

    // Ical.Net gives up on a rule that never matches only after a long search unless told otherwise.
    private static readonly EvaluationOptions Options = new() { MaxUnmatchedIncrementsLimit = 1000 };

    /// <summary>Parses and checks a rule; returns its canonical text or an error a person can act on.</summary>
    public static bool TryNormalize(string? text, out string canonical, out string error)
    {
        canonical = "";
        error = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "The recurrence rule is empty; use an RRULE such as FREQ=WEEKLY;BYDAY=MO.";
            return false;
        }

        var trimmed = text.Trim();
        if (trimmed.StartsWith("RRULE:", StringComparison.OrdinalIgnoreCase))
        {
            trimmed = trimmed[6..];
        }

        if (trimmed.Length > TaskLimits.MaxRecurrenceLength)
        {
            error = $"The recurrence rule is longer than {TaskLimits.MaxRecurrenceLength} characters.";
            return false;
        }

        var parts = trimmed.TrimEnd(';').Split(';');
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in parts)
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var name = eq > 0 ? part[..eq].Trim().ToUpperInvariant() : part.Trim().ToUpperInvariant();
            if (eq <= 0 || !SupportedParts.Contains(name))
            {
                error = $"'{part}' is not a supported RRULE part (use FREQ, INTERVAL, BYDAY, BYMONTHDAY, BYMONTH, BYSETPOS, COUNT, UNTIL).";
                return false;
            }

            if (!seen.Add(name))
            {
                error = $"The RRULE part {name} appears twice.";
                return false;
            }
        }

        RecurrencePattern pattern;
        try
        {
            pattern = new RecurrencePattern(trimmed);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            error = $"Invalid recurrence rule: {ex.Message}";
            return false;
        }

        if (seen.Contains("UNTIL") && pattern.Until is null)
        {
            error = "The UNTIL part is not a valid date (use e.g. UNTIL=20260331 or UNTIL=20260331T235959Z).";
            return false;
        }

        foreach (var day in pattern.ByDay)
        {
            var limit = pattern.Frequency switch
            {
                FrequencyType.Monthly => 5,
                FrequencyType.Yearly => 53,
                _ => 0,
            };
            if (day.Offset is { } offset && (offset == 0 || Math.Abs(offset) > limit))
            {
                error = limit == 0
                    ? $"A numbered weekday such as {offset}{day.DayOfWeek.ToString()[..2].ToUpperInvariant()} needs FREQ=MONTHLY or FREQ=YEARLY."
                    : $"The weekday number {offset} is out of range for this frequency.";
                return false;
            }
        }

        if (pattern.Frequency is FrequencyType.Secondly or FrequencyType.Minutely or FrequencyType.Hourly)
        {
            error = "Tasks repeat daily at the most often (FREQ=DAILY, WEEKLY, MONTHLY or YEARLY).";
            return false;
        }

        canonical = pattern.ToString() ?? trimmed.ToUpperInvariant();
        return true;
    }

    /// <summary>
    /// The first occurrence of the rule anchored at <paramref name="anchor"/> that lies strictly after
    /// <paramref name="after"/> (and, for a date-only series, on or after <paramref name="notBefore"/>).
    /// Null when the rule has ended (COUNT or UNTIL) or never matches.
    /// </summary>
    public static TaskDue? NextAfter(string rule, TaskDue anchor, DateTime after, DateOnly? notBefore = null)
    {
        var start = anchor.Time is { } t
            ? new CalDateTime(anchor.Date, t, null)
            : new CalDateTime(anchor.Date);
        var afterCal = anchor.Time is null
            ? new CalDateTime(DateOnly.FromDateTime(after))
            : new CalDateTime(DateOnly.FromDateTime(after), TimeOnly.FromDateTime(after), null);
        var evt = new CalendarEvent { DtStart = start, RecurrenceRule = new RecurrencePattern(rule) };
        try
        {
            foreach (var occurrence in evt.GetOccurrences(afterCal, Options))
            {
                var s = occurrence.Period.StartTime;
                var due = new TaskDue(s.Date, anchor.Time is null ? null : s.Time ?? anchor.Time);
                var local = due.ToLocal(TimeOnly.MinValue);
                var isAfter = anchor.Time is null ? due.Date > DateOnly.FromDateTime(after) : local > after;
                if (isAfter && (notBefore is null || due.Date >= notBefore))
                {
                    return due;
                }
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Never matches, or runs past the calendar's end: no next occurrence.
            return null;
        }

        return null;
    }

    /// <summary>The first occurrence on or after <paramref name="from"/> for a rule given without a due.</summary>
    public static TaskDue? FirstOnOrAfter(string rule, DateOnly from) =>
        NextAfter(rule, new TaskDue(from), from.AddDays(-1).ToDateTime(TimeOnly.MinValue));
}
