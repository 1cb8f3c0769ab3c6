using TodoGrains.Contracts.Tasks;
using TodoGrains.GrainInterfaces.Tasks;
using TodoGrains.Grains.Time;

namespace TodoGrains.Grains.Tasks;

/// <summary>
/// Normalises and checks task input against <see cref="TaskLimits"/>. Field names in errors are the
/// snake_case names of the API, the agent's tools and the events alike.
/// </summary>
internal static class TaskRules
{
    private static readonly DateOnly MinDate = new(1970, 1, 1);
    private static readonly DateOnly MaxDate = new(2999, 12, 31);

    /// <summary>Whether a date lies in the range every stored date keeps to.</summary>
    public static bool InRange(DateOnly date) => date >= MinDate && date <= MaxDate;

    public static string? Title(string? title, ValidationErrors errors, string field = "title")
    {
        var trimmed = title?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            errors.Add(field, "A title is required.");
            return null;
        }

        if (trimmed.Length > TaskLimits.TitleMaxLength)
        {
            errors.Add(field, $"The title must be at most {TaskLimits.TitleMaxLength} characters (it has {trimmed.Length}).");
            return null;
        }

        if (trimmed.Any(char.IsControl))
        {
            errors.Add(field, "The title must not contain control characters.");
            return null;
        }

        return trimmed;
    }

    public static string? Description(string? description, ValidationErrors errors)
    {
        if (description is null)
        {
            return null;
        }

        var trimmed = description.Trim();
        if (trimmed.Length > TaskLimits.DescriptionMaxLength)
        {
            errors.Add("description", $"The description must be at most {TaskLimits.DescriptionMaxLength} characters (it has {trimmed.Length}).");
            return null;
        }

        return trimmed.Length == 0 ? null : trimmed;
    }

    public static void Priority(Priority priority, ValidationErrors errors)
    {
        if (!Enum.IsDefined(priority))
        {
            errors.Add("priority", "The priority must be none, low, medium or high.");
        }
    }

    /// <summary>Lower-cases, strips a leading '#', removes duplicates and checks each tag.</summary>
    public static List<string> Tags(IEnumerable<string?>? tags, ValidationErrors errors, string field = "tags")
    {
        var result = new List<string>();
        foreach (var raw in tags ?? [])
        {
            var tag = raw?.Trim().TrimStart('#').Trim().ToLowerInvariant();
            if (string.IsNullOrEmpty(tag))
            {
                errors.Add(field, "A tag must not be empty.");
                continue;
            }

            if (tag.Length > TaskLimits.TagMaxLength)
            {
                errors.Add(field, $"The tag '{tag[..10]}…' is longer than {TaskLimits.TagMaxLength} characters.");
                continue;
            }

            if (tag.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is ',' or '#'))
            {
                errors.Add(field, $"The tag '{tag}' must be one word (letters, digits, '-' or '_').");
                continue;
            }

            if (!result.Contains(tag))
            {
                result.Add(tag);
            }
        }

        return result;
    }

    public static void TagCount(int count, ValidationErrors errors, string field = "tags")
    {
        if (count > TaskLimits.MaxTags)
        {
            errors.Add(field, $"A task has at most {TaskLimits.MaxTags} tags ({count} given).");
        }
    }

    public static TaskDue? Due(DueInput? input, ZoneClock clock, ValidationErrors errors, string field = "due")
    {
        if (input is null)
        {
            return null;
        }

        TaskDue due;
        if (input.Instant is { } instant)
        {
            var local = clock.InZone(instant).DateTime;
            due = new TaskDue(DateOnly.FromDateTime(local), TimeOnly.FromDateTime(local));
        }
        else if (input.Date is { } date)
        {
            due = new TaskDue(date, input.Time is { } t ? new TimeOnly(t.Hour, t.Minute, t.Second) : null);
        }
        else
        {
            errors.Add(field, "A due needs a date.");
            return null;
        }

        if (!InRange(due.Date))
        {
            errors.Add(field, $"The date must lie between {MinDate:yyyy-MM-dd} and {MaxDate:yyyy-MM-dd}.");
            return null;
        }

        return due;
    }

    public static TaskReminder? Reminder(ReminderInput? input, TaskDue? due, ZoneClock clock, ValidationErrors errors)
    {
        if (input is null)
        {
            return null;
        }

        if (input.Before is { } before)
        {
            if (due is null)
            {
                errors.Add("remind_before", "A reminder before the due time needs a due date; give 'due' or use 'remind_at'.");
                return null;
            }

            if (before < TimeSpan.Zero || before > TaskLimits.MaxReminderOffset)
            {
                errors.Add("remind_before", $"The reminder offset must lie between 0 and {TaskLimits.MaxReminderOffset.TotalDays:0} days.");
                return null;
            }

            return TaskReminder.BeforeDue(before);
        }

        DateTimeOffset at;
        if (input.At is { } instant)
        {
            at = instant;
        }
        else if (input.LocalAt is { } local)
        {
            if (!InRange(DateOnly.FromDateTime(local)))
            {
                errors.Add("remind_at", $"The reminder must lie between {MinDate:yyyy-MM-dd} and {MaxDate:yyyy-MM-dd}.");
                return null;
            }

            at = clock.ToInstant(local);
        }
        else
        {
            errors.Add("remind_at", "A reminder needs a time.");
            return null;
        }

        if (!InRange(DateOnly.FromDateTime(at.UtcDateTime)))
        {
            errors.Add("remind_at", $"The reminder must lie between {MinDate:yyyy-MM-dd} and {MaxDate:yyyy-MM-dd}.");
            return null;
        }

        return TaskReminder.AtInstant(at.ToUniversalTime());
    }

    public static string? Recurrence(string? rule, ValidationErrors errors)
    {
        if (rule is null)
        {
            return null;
        }

        if (!RecurrenceRules.TryNormalize(rule, out var canonical, out var error))
        {
            errors.Add("recurrence", error);
            return null;
        }

        return canonical;
    }

    /// <summary>
    /// Refuses a series whose next occurrence after <paramref name="due"/> would fall outside the dates a task can
    /// have: such a series could not go on, and its completion would fail in the shared recurring lane.
    /// </summary>
    public static void SeriesStaysInRange(string? rule, TaskDue? due, ValidationErrors errors)
    {
        if (rule is null || due is null || errors.Any)
        {
            return;
        }

        if (RecurrenceRules.NextAfter(rule, due, due.ToLocal(TimeOnly.MinValue)) is { } next && !InRange(next.Date))
        {
            errors.Add("recurrence", $"After {due.Date:yyyy-MM-dd} this rule repeats on {next.Date:yyyy-MM-dd}, past {MaxDate:yyyy-MM-dd}, the latest date a task can have.");
        }
    }

    public static UserProfile Profile(UserProfile profile, ValidationErrors errors)
    {
        if (!ZoneClock.TryFindZone(profile.TimeZone, out var zone))
        {
            errors.Add("time_zone", $"'{profile.TimeZone}' is not a known IANA time zone (e.g. Europe/Berlin, America/New_York).");
            return profile;
        }

        var time = profile.DefaultReminderTime;
        return new UserProfile(zone.Id, new TimeOnly(time.Hour, time.Minute));
    }

    /// <summary>The due instant (timed dues only) and the reminder instant, in the owner's zone.</summary>
    public static TaskItem Resolve(TaskItem task, UserProfile profile, ZoneClock clock)
    {
        DateTimeOffset? dueAt = task.Due is { Time: not null } timed ? clock.ToInstant(timed.ToLocal(default)) : null;
        DateTimeOffset? remindAt = task.Reminder switch
        {
            null => null,
            { At: { } at } => clock.InZone(at),
            { Before: { } before } when task.Due is { } due => clock.InZone(clock.ToInstant(due.ToLocal(profile.DefaultReminderTime)) - before),
            _ => null,
        };
        return task with { DueAt = dueAt, RemindAt = remindAt };
    }
}
