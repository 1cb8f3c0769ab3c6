using TodoGrains.Contracts.Tasks;
using TodoGrains.GrainInterfaces.Tasks;
using TodoGrains.Grains.Time;

namespace TodoGrains.Grains.Tasks;

/// <summary>
/// The new versions of tasks that a command asks for, validated and built as pure functions of the input, the
/// task as it was and the person's clock: no storage, no series bookkeeping, no events. Every problem goes to
/// the <c>errors</c> collector under the field's snake_case name; the caller throws before changing anything.
/// </summary>
internal static class TaskDrafts
{
    /// <summary>A new task from a draft, with id <paramref name="id"/>; its series is started by the caller.</summary>
    public static TaskItem New(TaskDraft draft, int id, ZoneClock clock, DateTimeOffset now, ValidationErrors errors)
    {
        var title = TaskRules.Title(draft.Title, errors);
        var description = TaskRules.Description(draft.Description, errors);
        TaskRules.Priority(draft.Priority, errors);
        var tags = TaskRules.Tags(draft.Tags, errors);
        TaskRules.TagCount(tags.Count, errors);
        var due = TaskRules.Due(draft.Due, clock, errors);
        var rule = TaskRules.Recurrence(draft.Recurrence, errors);
        if (rule is not null && due is null && !errors.Any)
        {
            due = FirstOccurrence(rule, clock, errors);
        }

        TaskRules.SeriesStaysInRange(rule, due, errors);
        var reminder = TaskRules.Reminder(draft.Reminder, due, clock, errors);
        return new TaskItem
        {
            Id = id,
            Title = title ?? "",
            Description = description,
            Priority = draft.Priority,
            Tags = tags,
            Due = due,
            Reminder = reminder,
            Recurrence = rule,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    /// <summary>The task with a patch applied; whether its series restarts is <see cref="RestartsSeries"/>.</summary>
    public static TaskItem Patched(TaskItem task, TaskPatch patch, ZoneClock clock, ValidationErrors errors)
    {
        var title = patch.Title.IsSet ? TaskRules.Title(patch.Title.Value, errors) : task.Title;
        var description = patch.Description.IsSet ? TaskRules.Description(patch.Description.Value, errors) : task.Description;
        if (patch.Priority.IsSet)
        {
            TaskRules.Priority(patch.Priority.Value, errors);
        }

        var tags = patch.Tags.IsSet ? TaskRules.Tags(patch.Tags.Value, errors) : [.. task.Tags];
        foreach (var tag in TaskRules.Tags(patch.AddTags, errors, "add_tags").Where(t => !tags.Contains(t)))
        {
            tags.Add(tag);
        }

        tags.RemoveAll(TaskRules.Tags(patch.RemoveTags, errors, "remove_tags").Contains);
        TaskRules.TagCount(tags.Count, errors);

        var due = patch.Due.IsSet ? TaskRules.Due(patch.Due.Value, clock, errors) : task.Due;
        var rule = patch.Recurrence.IsSet ? TaskRules.Recurrence(patch.Recurrence.Value, errors) : task.Recurrence;
        if (rule is not null && due is null && !errors.Any)
        {
            if (patch.Due.IsSet)
            {
                errors.Add("due", "A recurring task needs a due; clear 'recurrence' too, or give a date.");
            }
            else
            {
                due = FirstOccurrence(rule, clock, errors);
            }
        }

        TaskReminder? reminder;
        if (patch.Reminder.IsSet)
        {
            reminder = TaskRules.Reminder(patch.Reminder.Value, due, clock, errors);
        }
        else
        {
            reminder = task.Reminder;
            if (reminder is { Before: not null } && due is null)
            {
                errors.Add("due", "The reminder is set relative to the due; clear 'remind_before' too, or keep a due.");
            }
        }

        if (patch.Recurrence.IsSet || patch.Due.IsSet)
        {
            TaskRules.SeriesStaysInRange(rule, due, errors);
        }

        return task with
        {
            Title = title ?? task.Title,
            Description = description,
            Priority = patch.Priority.GetOr(task.Priority),
            Tags = tags,
            Due = due,
            Reminder = reminder,
            Recurrence = rule,
        };
    }

    /// <summary>The task completed or reopened at <paramref name="now"/>.</summary>
    public static TaskItem WithStatus(TaskItem task, TodoStatus status, DateTimeOffset now) =>
        task with { Status = status, CompletedAt = status == TodoStatus.Completed ? now : null, UpdatedAt = now };

    /// <summary>The tasks whose instants move when the person's zone or default times change: same wall-clock due, read anew.</summary>
    public static List<(TaskItem? Before, TaskItem? After)> Rezoned(IEnumerable<TaskItem> tasks, UserProfile profile, ZoneClock clock, DateTimeOffset now) =>
        [.. tasks
            .Where(t => t.Due is not null || t.Reminder is not null)
            .Select(t => (Before: t, After: TaskRules.Resolve(t, profile, clock)))
            .Where(c => c.After != c.Before)
            .Select(c => ((TaskItem?)c.Before, (TaskItem?)(c.After with { UpdatedAt = now })))];

    /// <summary>Whether a patch set a rule that starts the task's series anew (a new or changed rule).</summary>
    public static bool RestartsSeries(TaskItem before, TaskPatch patch, TaskItem after) =>
        patch.Recurrence.IsSet && after.Recurrence is not null && (after.Recurrence != before.Recurrence || before.SeriesId is null);

    /// <summary>The new due a reschedule asks for (null when it shifts), with the request itself checked.</summary>
    public static TaskDue? RescheduleTarget(RescheduleRequest request, ZoneClock clock, ValidationErrors errors)
    {
        var newDue = TaskRules.Due(request.NewDue, clock, errors);
        if ((request.NewDue is null) == (request.Shift is null))
        {
            errors.Add("due", "Give either a new 'due' or a 'shift', not both and not neither.");
        }

        if (request.Shift is { } s && (s == TimeSpan.Zero || s.Duration() > TaskLimits.MaxShift))
        {
            errors.Add("shift", $"The shift must be non-zero and at most {TaskLimits.MaxShift.TotalDays:0} days either way.");
        }

        return newDue;
    }

    /// <summary>
    /// The selected tasks moved to <paramref name="newDue"/> or by <paramref name="shift"/>, each an absolute
    /// reminder keeping its distance to the due; tasks that would not move are left out. A task that would move
    /// outside the supported dates is an error (the caller moves all or nothing).
    /// </summary>
    public static List<(TaskItem Before, TaskItem After)> Moved(
        IEnumerable<TaskItem> selected, TaskDue? newDue, TimeSpan? shift, UserProfile profile, ZoneClock clock, DateTimeOffset now, ValidationErrors errors)
    {
        var moved = new List<(TaskItem Before, TaskItem After)>();
        foreach (var task in selected)
        {
            var due = newDue is not null ? new TaskDue(newDue.Date, newDue.Time ?? task.Due?.Time) : Shift(task.Due, shift!.Value);
            if (due is null || due == task.Due)
            {
                continue;
            }

            var reminder = task.Due is { } oldDue ? KeepDistance(task.Reminder, oldDue, due, profile) : task.Reminder;
            if (!TaskRules.InRange(due.Date) || (reminder?.At is { } movedAt && !TaskRules.InRange(DateOnly.FromDateTime(movedAt.UtcDateTime))))
            {
                errors.Add(shift is null ? "due" : "shift", $"Task {task.Id} would move outside the supported dates.");
                continue;
            }

            moved.Add((task, TaskRules.Resolve(task with { Due = due, Reminder = reminder, UpdatedAt = now }, profile, clock)));
        }

        return moved;
    }

    /// <summary>The occurrence of a series after <paramref name="template"/>, due <paramref name="next"/>, as a new pending task.</summary>
    public static TaskItem NextOccurrence(TaskItem template, TaskDue next, int occurrence, int id, UserProfile profile, ZoneClock clock, DateTimeOffset now) =>
        TaskRules.Resolve(template with
        {
            Id = id,
            Status = TodoStatus.Pending,
            Due = next,
            Reminder = KeepDistance(template.Reminder, template.Due!, next, profile),
            Occurrence = occurrence,
            CreatedAt = now,
            UpdatedAt = now,
            CompletedAt = null,
            ReminderSentFor = null,
        }, profile, clock);

    /// <summary>The first occurrence of a rule from today on; an error when it has none.</summary>
    public static TaskDue? FirstOccurrence(string rule, ZoneClock clock, ValidationErrors errors)
    {
        var first = RecurrenceRules.FirstOnOrAfter(rule, clock.Today);
        if (first is null)
        {
            errors.Add("recurrence", "The rule has no occurrence from today on.");
        }

        return first;
    }

    // An absolute reminder moves with its due; a relative one follows it by itself.
    private static TaskReminder? KeepDistance(TaskReminder? reminder, TaskDue from, TaskDue to, UserProfile profile) =>
        reminder is { At: { } at }
            ? TaskReminder.AtInstant(at + (to.ToLocal(profile.DefaultReminderTime) - from.ToLocal(profile.DefaultReminderTime)))
            : reminder;

    private static TaskDue? Shift(TaskDue? due, TimeSpan shift)
    {
        if (due is null)
        {
            return null;
        }

        if (due.Time is null)
        {
            var days = (int)shift.TotalDays;
            return days == 0 ? due : due with { Date = due.Date.AddDays(days) };
        }

        var local = due.ToLocal(default) + shift;
        return new TaskDue(DateOnly.FromDateTime(local), TimeOnly.FromDateTime(local));
    }
}
