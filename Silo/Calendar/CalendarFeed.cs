using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using TodoGrains.Contracts.Tasks;
using TodoGrains.GrainInterfaces;
using TodoGrains.GrainInterfaces.Tasks;

namespace TodoGrains.Silo.Calendar;

/// <summary>
/// A person's open dated tasks as an iCalendar (RFC 5545) feed, written with Ical.Net: one VEVENT per task, all-day
/// for a date-only due, in the person's zone (with its VTIMEZONE) for a timed one; a series carries its RRULE (a
/// COUNT shortened by the occurrences already done), a reminder its VALARM. A task has no length, so a timed one is
/// shown as <see cref="TimedLength"/>.
/// </summary>
public static class CalendarFeed
{
    public const string ContentType = "text/calendar; charset=utf-8";

    public static readonly TimeSpan TimedLength = TimeSpan.FromMinutes(30);

    public static async Task<string> WriteAsync(ITaskListGrain tasks, string userId, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(time);
        var profile = await tasks.GetProfileAsync();
        var calendar = new Ical.Net.Calendar { ProductId = "-//TodoGrains//Tasks//EN" };
        calendar.AddProperty("X-WR-CALNAME", "TodoGrains");
        calendar.AddProperty("X-WR-TIMEZONE", profile.TimeZone);
        // The zone with its STANDARD and DAYLIGHT rules (RFC 5545 asks for them; Outlook needs them), under its IANA id.
        var zoneId = TimeZoneInfo.TryConvertWindowsIdToIanaId(profile.TimeZone, out var iana) ? iana : profile.TimeZone;
        calendar.AddTimeZone(VTimeZone.FromDateTimeZone(zoneId));
        var stamp = new CalDateTime(time.GetUtcNow().UtcDateTime);
        var page = 0;
        while (true)
        {
            var batch = await tasks.ListAsync(new TaskQuery { Status = StatusFilter.Pending, Sort = TaskSort.Due, Limit = TaskQuery.MaxLimit, Offset = page * TaskQuery.MaxLimit });
            foreach (var task in batch.Items.Where(t => t.Due is not null))
            {
                calendar.Events.Add(Event(task, userId, profile, zoneId, stamp));
            }

            page++;
            if (batch.Items.Count == 0 || page * TaskQuery.MaxLimit >= batch.Total)
            {
                break;
            }
        }

        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }

    private static CalendarEvent Event(TaskItem task, string userId, UserProfile profile, string zoneId, CalDateTime stamp)
    {
        var due = task.Due!;
        var evt = new CalendarEvent
        {
            // Stable across edits and reloads, so a calendar updates the event rather than adding another.
            Uid = $"task-{task.Id}-{userId}@todograins",
            Summary = task.Title,
            Description = task.Description,
            DtStamp = stamp,
        };
        if (due.Time is { } at)
        {
            evt.DtStart = new CalDateTime(due.Date, at, zoneId);
            evt.DtEnd = evt.DtStart.Add(Duration.FromTimeSpanExact(TimedLength));
        }
        else
        {
            evt.DtStart = new CalDateTime(due.Date);
            evt.DtEnd = new CalDateTime(due.Date.AddDays(1));
        }

        if (task.Priority != Priority.None)
        {
            // RFC 5545 PRIORITY: 1 highest, 5 medium, 9 lowest.
            evt.Priority = task.Priority switch { Priority.High => 1, Priority.Medium => 5, _ => 9 };
        }

        foreach (var tag in task.Tags)
        {
            evt.Categories.Add(tag);
        }

        if (task.Recurrence is { } rule && Series(rule, task.Occurrence, due, zoneId) is { } pattern)
        {
            evt.RecurrenceRule = pattern;
        }

        if (task.Reminder is { } reminder)
        {
            // Before a timed due: before its start. Before a date-only due: before the person's reminder time that day,
            // as the app fires it, counted from the all-day event's start at midnight.
            var trigger = reminder.Before is { } before
                ? new Trigger(Duration.FromTimeSpanExact((due.Time is null ? profile.DefaultReminderTime.ToTimeSpan() : TimeSpan.Zero) - before))
                : new Trigger { DateTime = new CalDateTime(reminder.At!.Value.UtcDateTime) };
            evt.Alarms.Add(new Alarm { Action = AlarmAction.Display, Description = task.Title, Trigger = trigger });
        }

        return evt;
    }

    /// <summary>
    /// The rule from this occurrence on: a COUNT counts the occurrences left, not the ones done. As RFC 5545 asks, an
    /// UNTIL is a date for an all-day series and a UTC instant for a timed one, and a rule never has both.
    /// </summary>
    private static RecurrencePattern? Series(string rule, int? occurrence, TaskDue due, string zoneId)
    {
        var pattern = new RecurrencePattern(rule);
        if (pattern.Until is { } until)
        {
            if (pattern.Count is not null)
            {
                pattern.Until = null;
            }
            else if (due.Time is null)
            {
                pattern.Until = new CalDateTime(until.Date);
            }
            else
            {
                var local = until.Date.ToDateTime(until.HasTime ? until.Time!.Value : new TimeOnly(23, 59, 59));
                pattern.Until = new CalDateTime(TimeZoneInfo.ConvertTimeToUtc(local, TimeZoneInfo.FindSystemTimeZoneById(zoneId)));
            }
        }

        if (pattern.Count is { } count && occurrence is > 1)
        {
            var left = count - (occurrence.Value - 1);
            if (left < 1)
            {
                return null;
            }

            pattern.Count = left;
        }

        return pattern;
    }
}
