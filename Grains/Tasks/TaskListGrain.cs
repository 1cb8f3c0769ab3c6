using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Storage;
using TodoGrains.GrainInterfaces;
using TodoGrains.GrainInterfaces.Events;
using TodoGrains.GrainInterfaces.Tasks;
using TodoGrains.Grains.Diagnostics;
using TodoGrains.Grains.Outbox;
using TodoGrains.Grains.Time;

namespace TodoGrains.Grains.Tasks;

/// <summary>
/// One person's task list. Every change commits the new task versions (in the journal of the head record)
/// and the events they produce (in the outbox) with one storage write, then hands the events to the
/// publisher; what the publisher refuses stays in the outbox and is retried. See docs/task-storage.md.
/// </summary>
internal sealed partial class TaskListGrain(
    [PersistentState(TaskListLayout.HeadStateName, TaskListLayout.StorageName)] IPersistentState<TaskListState> state,
    IEventPublisher publisher,
    TimeProvider time,
    IIdGenerator ids,
    TodoMetrics metrics,
    ILogger<TaskListGrain> logger) : Grain, ITaskListGrain, IRemindable
{
    private const string TaskReminderPrefix = "task-";
    private const string OutboxReminderName = "outbox-retry";

    internal static bool IsTaskReminder(string reminderName) => reminderName.StartsWith(TaskReminderPrefix, StringComparison.Ordinal);

    // Orleans reminders repeat; ours are cancelled once handled, so the period only paces a retry after a failure.
    private static readonly TimeSpan ReminderRetryPeriod = TimeSpan.FromMinutes(1);

    // Longer waits are chained: the reminder re-registers itself for the rest when it wakes up early.
    private static readonly TimeSpan MaxReminderWait = TimeSpan.FromDays(30);
    private static readonly TimeSpan NearReminderWait = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan MinReminderWait = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaxPublishBackoff = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(10);

    private readonly TaskTable _tasks = new();
    private readonly SharedValues _shared = new();
    private readonly Dictionary<int, string?> _segmentETags = [];
    private IGrainStorage _storage = null!;
    private IGrainTimer? _publishRetry;

    // The one-shot timers of near reminders, by reminder name: replaced when a reminder moves, gone with it.
    private readonly Dictionary<string, IGrainTimer> _nearTimers = new(StringComparer.Ordinal);
    private TimeSpan _publishBackoff = TimeSpan.FromMilliseconds(250);
    private readonly List<(TaskItem? Before, TaskItem? After)> _staged = [];
    private bool _outboxShrunk;
    private bool _outboxReminderSet;

    // Set when a commit failed: memory is ahead of storage until this activation is gone.
    private bool _diverged;

    // Committed events still in the outbox, for the pending-events gauge.
    private int _committedOutbox;

    private TaskListState S => state.State;

    private string UserId => this.GetPrimaryKeyString();

    private ZoneClock Clock => ZoneClock.For(S.Profile, time);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _storage = ServiceProvider.GetRequiredKeyedService<IGrainStorage>(TaskListLayout.StorageName);
        var grainId = this.GetGrainId();
        // Every segment a task id could be in, listed or not: a flush cut short may have written one the head
        // does not know yet, and its ETag is needed to write it again.
        var lastSegment = TaskListLayout.SegmentOf(Math.Max(S.NextTaskId - 1, 0));
        var loads = Enumerable.Range(0, lastSegment + 1).Select(async segment =>
        {
            var record = new GrainState<TaskSegmentState>(new TaskSegmentState());
            await _storage.ReadStateAsync(TaskListLayout.SegmentStateName(segment), grainId, record);
            return (segment, record);
        });
        foreach (var (segment, record) in await Task.WhenAll(loads))
        {
            if (record.RecordExists)
            {
                _segmentETags[segment] = record.ETag;
            }

            foreach (var (id, task) in record.State?.Tasks ?? [])
            {
                _tasks[id] = _shared.Share(task);
            }
        }

        // The journal holds versions newer than their segments (a flush may have been cut short).
        foreach (var (id, task) in S.Journal.ToList())
        {
            if (task is null)
            {
                _tasks.Remove(id);
            }
            else
            {
                _tasks[id] = S.Journal[id] = _shared.Share(task);
            }
        }

        await ReconcileRemindersAsync();
        _committedOutbox = S.Outbox.Count;
        metrics.EventsCommitted(_committedOutbox);
        if (S.Outbox.Count > 0)
        {
            SchedulePublishRetry(TimeSpan.Zero);
        }

        await base.OnActivateAsync(cancellationToken);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Events the publisher accepted since the last write would otherwise be published again on the
        // next activation: harmless (consumers are idempotent), but avoidable.
        if (_outboxShrunk && !_diverged && reason.ReasonCode != DeactivationReasonCode.ActivationFailed)
        {
            try
            {
                await state.WriteStateAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogDeactivationWriteFailed(ex, UserId);
            }
        }

        // What is still pending is counted again by the next activation.
        metrics.EventsCommitted(-_committedOutbox);
        await base.OnDeactivateAsync(reason, cancellationToken);
    }

    public Task<UserProfile> GetProfileAsync() => Task.FromResult(S.Profile);

    public async Task<UserProfile> UpdateProfileAsync(UserProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var errors = new ValidationErrors();
        var normalized = TaskRules.Profile(profile, errors);
        errors.ThrowIfAny();
        if (normalized == S.Profile && S.Initialized)
        {
            return S.Profile;
        }

        S.Profile = normalized;
        S.Initialized = true;
        var clock = Clock;
        foreach (var task in _tasks.Values.Where(t => t.Due is not null || t.Reminder is not null).ToList())
        {
            // Same wall-clock due, read in the new zone; the instants and their offsets move.
            var resolved = TaskRules.Resolve(task, normalized, clock);
            if (resolved != task)
            {
                Stage(task, resolved with { UpdatedAt = time.GetUtcNow() }, TodoEventTypes.TaskUpdated);
            }
        }

        await CommitAsync();
        return S.Profile;
    }

    public async Task<TaskItem> AddAsync(TaskDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var clock = Clock;
        var errors = new ValidationErrors();
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
        errors.ThrowIfAny();

        var now = time.GetUtcNow();
        var task = new TaskItem
        {
            Id = S.NextTaskId,
            Title = title!,
            Description = description,
            Priority = draft.Priority,
            Tags = tags,
            Due = due,
            Reminder = reminder,
            Recurrence = rule,
            CreatedAt = now,
            UpdatedAt = now,
        };
        if (rule is not null)
        {
            task = StartSeries(task, rule, due!);
        }

        task = TaskRules.Resolve(task, S.Profile, clock);
        S.NextTaskId++;
        Stage(null, task, TodoEventTypes.TaskCreated);
        await CommitAsync();
        metrics.TaskCreated();
        return task;
    }

    public Task<TaskItem?> GetAsync(int taskId) => Task.FromResult(_tasks.GetValueOrDefault(taskId));

    public async Task<TaskItem?> UpdateAsync(int taskId, TaskPatch patch)
    {
        ArgumentNullException.ThrowIfNull(patch);
        if (!_tasks.TryGetValue(taskId, out var task))
        {
            return null;
        }

        var clock = Clock;
        var errors = new ValidationErrors();
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

        errors.ThrowIfAny();

        var updated = task with
        {
            Title = title!,
            Description = description,
            Priority = patch.Priority.GetOr(task.Priority),
            Tags = tags,
            Due = due,
            Reminder = reminder,
            Recurrence = rule,
        };
        if (patch.Recurrence.IsSet && rule is not null && (rule != task.Recurrence || task.SeriesId is null))
        {
            updated = StartSeries(updated, rule, due!);
        }

        updated = TaskRules.Resolve(updated, S.Profile, clock);
        if (updated == task)
        {
            return task;
        }

        updated = updated with { UpdatedAt = time.GetUtcNow() };
        Stage(task, updated, TodoEventTypes.TaskUpdated);
        await CommitAsync();
        return updated;
    }

    public Task<TaskItem?> CompleteAsync(int taskId) => SetStatusAsync(taskId, TodoStatus.Completed);

    public Task<TaskItem?> ReopenAsync(int taskId) => SetStatusAsync(taskId, TodoStatus.Pending);

    public async Task<bool> DeleteAsync(int taskId)
    {
        if (!_tasks.TryGetValue(taskId, out var task))
        {
            return false;
        }

        if (task.SeriesId is { } seriesId && S.Series.TryGetValue(seriesId, out var series) && series.LastTaskId == task.Id)
        {
            // The series' newest occurrence is gone: it ends here, and a redelivered completion spawns nothing.
            S.Series.Remove(seriesId);
        }

        Stage(task, null, TodoEventTypes.TaskDeleted);
        S.RecentlyDeleted.Add(task);
        if (S.RecentlyDeleted.Count > RecentlyDeletedKept)
        {
            S.RecentlyDeleted.RemoveAt(0);
        }

        await CommitAsync();
        return true;
    }

    /// <summary>How many deletions an undo can still reach: enough for a burst of clean-up, small enough to stay in the list's own state.</summary>
    public const int RecentlyDeletedKept = 50;

    public Task<TaskItem?> RestoreDeletedAsync(int taskId)
    {
        var deleted = S.RecentlyDeleted.FindLast(t => t.Id == taskId);
        return deleted is null || _tasks.GetValueOrDefault(taskId) is not null ? Task.FromResult<TaskItem?>(null) : RestoreAsync(deleted);
    }

    public async Task<TaskItem?> RestoreAsync(TaskItem snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.Id < 1 || snapshot.Id >= S.NextTaskId)
        {
            return null;
        }

        var current = _tasks.GetValueOrDefault(snapshot.Id);
        var restored = TaskRules.Resolve(snapshot with { UpdatedAt = time.GetUtcNow() }, S.Profile, Clock);
        if (restored.SeriesId is { } seriesId && restored.IsPending && restored.Recurrence is { } rule && restored.Due is { } due && !S.Series.ContainsKey(seriesId))
        {
            // The series ended with this occurrence's deletion: it goes on from here again.
            S.Series[seriesId] = new SeriesState { Rule = rule, Anchor = due, LastOccurrence = restored.Occurrence ?? 1, LastTaskId = restored.Id };
        }

        Stage(current, restored, current is null ? TodoEventTypes.TaskCreated : TodoEventTypes.TaskUpdated);
        S.RecentlyDeleted.RemoveAll(t => t.Id == restored.Id);
        await CommitAsync();
        return restored;
    }

    public Task<TaskPage> ListAsync(TaskQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var clock = Clock;
        var errors = new ValidationErrors();
        query = TaskQueries.Normalize(query, clock, errors);
        errors.ThrowIfAny();
        var queries = new TaskQueries(clock);
        var matches = queries.Filter(_tasks.Values, query).ToList();
        var page = TaskQueries.Sort(matches, query.Sort, query.Descending).Skip(query.Offset).Take(query.Limit).ToList();
        return Task.FromResult(new TaskPage(page, matches.Count));
    }

    public Task<TaskPage> FindAsync(string reference, bool includeCompleted, int limit)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var candidates = includeCompleted ? _tasks.Values : _tasks.Values.Where(t => t.Status == TodoStatus.Pending);
        var matches = TaskMatcher.Match(reference, candidates);
        return Task.FromResult(new TaskPage(matches.Take(Math.Clamp(limit, 1, TaskQuery.MaxLimit)).ToList(), matches.Count));
    }

    public async Task<IReadOnlyList<TaskItem>> RescheduleAsync(RescheduleRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var clock = Clock;
        var errors = new ValidationErrors();
        var filter = TaskQueries.Normalize(request.Filter with { Limit = TaskQuery.DefaultLimit, Offset = 0 }, clock, errors);
        var newDue = TaskRules.Due(request.NewDue, clock, errors);
        if ((request.NewDue is null) == (request.Shift is null))
        {
            errors.Add("due", "Give either a new 'due' or a 'shift', not both and not neither.");
        }

        if (request.Shift is { } s && (s == TimeSpan.Zero || s.Duration() > TaskLimits.MaxShift))
        {
            errors.Add("shift", $"The shift must be non-zero and at most {TaskLimits.MaxShift.TotalDays:0} days either way.");
        }

        errors.ThrowIfAny();

        var queries = new TaskQueries(clock);
        var selected = queries.Filter(_tasks.Values, filter with { Status = StatusFilter.Pending }).ToList();
        var moved = new List<(TaskItem Before, TaskItem After)>();
        var now = time.GetUtcNow();
        foreach (var task in selected)
        {
            var due = newDue is not null ? new TaskDue(newDue.Date, newDue.Time ?? task.Due?.Time) : ShiftDue(task.Due, request.Shift!.Value);
            if (due is null || due == task.Due)
            {
                continue;
            }

            var reminder = task.Reminder;
            if (reminder is { At: { } at } && task.Due is { } oldDue)
            {
                // An absolute reminder keeps its distance to the due it belonged to.
                var delta = due.ToLocal(S.Profile.DefaultReminderTime) - oldDue.ToLocal(S.Profile.DefaultReminderTime);
                reminder = TaskReminder.AtInstant(at + delta);
            }

            if (!TaskRules.InRange(due.Date) || (reminder?.At is { } movedAt && !TaskRules.InRange(DateOnly.FromDateTime(movedAt.UtcDateTime))))
            {
                errors.Add(request.Shift is null ? "due" : "shift", $"Task {task.Id} would move outside the supported dates.");
                continue;
            }

            moved.Add((task, TaskRules.Resolve(task with { Due = due, Reminder = reminder, UpdatedAt = now }, S.Profile, clock)));
        }

        // All or nothing: one task that cannot move leaves every task where it was.
        errors.ThrowIfAny();
        if (moved.Count == 0)
        {
            return [];
        }

        foreach (var (before, after) in moved)
        {
            Stage(before, after, TodoEventTypes.TaskUpdated);
        }

        await CommitAsync();
        return moved.Select(m => m.After).ToList();
    }

    public async Task<TaskItem?> SpawnNextOccurrenceAsync(string seriesId, int afterOccurrence)
    {
        if (string.IsNullOrEmpty(seriesId) || !S.Series.TryGetValue(seriesId, out var series))
        {
            return null;
        }

        var wanted = afterOccurrence + 1;
        if (wanted <= series.LastOccurrence)
        {
            // Already spawned (a redelivered event): answer with what the first call made.
            return _tasks.Values.FirstOrDefault(t => t.SeriesId == seriesId && t.Occurrence == wanted);
        }

        if (afterOccurrence != series.LastOccurrence)
        {
            return null;
        }

        if (!_tasks.TryGetValue(series.LastTaskId, out var template) || template.Recurrence is null || template.Due is null)
        {
            return null;
        }

        var clock = Clock;
        var localNow = clock.LocalNow;
        var templateDue = template.Due;
        var after = templateDue.Time is null
            ? templateDue.ToLocal(TimeOnly.MinValue)
            : Max(templateDue.ToLocal(default), localNow);
        var next = RecurrenceRules.NextAfter(series.Rule, series.Anchor, after, templateDue.Time is null ? clock.Today : null);
        if (next is null || !TaskRules.InRange(next.Date))
        {
            // COUNT or UNTIL reached, or the next date lies past the dates a task can have: the series ends and
            // leaves nothing behind in the head record.
            S.Series.Remove(seriesId);
            await CommitAsync();
            return null;
        }

        var now = time.GetUtcNow();
        var reminder = template.Reminder;
        if (reminder is { At: { } at })
        {
            var delta = next.ToLocal(S.Profile.DefaultReminderTime) - templateDue.ToLocal(S.Profile.DefaultReminderTime);
            reminder = TaskReminder.AtInstant(at + delta);
        }

        var task = template with
        {
            Id = S.NextTaskId,
            Status = TodoStatus.Pending,
            Due = next,
            Reminder = reminder,
            Occurrence = wanted,
            CreatedAt = now,
            UpdatedAt = now,
            CompletedAt = null,
            ReminderSentFor = null,
        };
        task = TaskRules.Resolve(task, S.Profile, clock);
        S.NextTaskId++;
        series.LastOccurrence = wanted;
        series.LastTaskId = task.Id;
        Stage(null, task, TodoEventTypes.TaskCreated);
        await CommitAsync();
        metrics.TaskCreated();
        return task;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == OutboxReminderName)
        {
            await DrainOutboxAsync();
            return;
        }

        if (!reminderName.StartsWith(TaskReminderPrefix, StringComparison.Ordinal) ||
            !int.TryParse(reminderName.AsSpan(TaskReminderPrefix.Length), out var taskId) ||
            !_tasks.TryGetValue(taskId, out var task) || ActiveReminder(task) is not { } remindAt)
        {
            await BestEffortAsync(UnregisterAsync(reminderName), reminderName);
            return;
        }

        var wait = remindAt - time.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            // Woken early: a chained long wait, the reminder moved later since it was registered, or a tick or
            // near-reminder timer a few milliseconds ahead of the clock. A reminder never fires before its instant.
            await RegisterReminderAsync(taskId, wait);
            return;
        }

        // ReminderSentFor makes a second tick for the same instant a no-op; the change itself is not
        // news to the task's other consumers, so only the reminders topic hears of it.
        var reminded = task with { ReminderSentFor = remindAt };
        Put(reminded);
        Emit(TodoTopics.Reminders, TodoEventTypes.ReminderDue, reminded);
        await CommitAsync();
        metrics.ReminderFired(time.GetUtcNow() - remindAt);
        await BestEffortAsync(UnregisterAsync(reminderName), reminderName);
    }

    /// <summary>Completes or reopens; a task already in that status is returned unchanged, with no event.</summary>
    private async Task<TaskItem?> SetStatusAsync(int taskId, TodoStatus status)
    {
        if (!_tasks.TryGetValue(taskId, out var task))
        {
            return null;
        }

        if (task.Status == status)
        {
            return task;
        }

        var now = time.GetUtcNow();
        var completing = status == TodoStatus.Completed;
        var changed = task with { Status = status, CompletedAt = completing ? now : null, UpdatedAt = now };
        Stage(task, changed, completing ? TodoEventTypes.TaskCompleted : TodoEventTypes.TaskReopened);
        await CommitAsync();
        if (completing)
        {
            metrics.TaskCompleted();
        }

        return changed;
    }

    private static TaskDue? FirstOccurrence(string rule, ZoneClock clock, ValidationErrors errors)
    {
        var first = RecurrenceRules.FirstOnOrAfter(rule, clock.Today);
        if (first is null)
        {
            errors.Add("recurrence", "The rule has no occurrence from today on.");
        }

        return first;
    }

    private TaskItem StartSeries(TaskItem task, string rule, TaskDue anchor)
    {
        var seriesId = task.SeriesId ?? ids.NewId("s");
        if (S.Series.TryGetValue(seriesId, out var series))
        {
            // A changed rule restarts the series' arithmetic from this occurrence.
            series.Rule = rule;
            series.Anchor = anchor;
            return task;
        }

        var occurrence = task.Occurrence ?? 1;
        S.Series[seriesId] = new SeriesState { Rule = rule, Anchor = anchor, LastOccurrence = occurrence, LastTaskId = task.Id };
        return task with { SeriesId = seriesId, Occurrence = occurrence };
    }

    private static TaskDue? ShiftDue(TaskDue? due, TimeSpan shift)
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

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    /// <summary>
    /// Records one task change for the next commit: the new version in memory and in the journal, its events
    /// in the outbox (its <c>task-events</c> type, and the matching <c>task-updates</c> event).
    /// </summary>
    private void Stage(TaskItem? before, TaskItem? after, string type)
    {
        var subject = after ?? before!;
        if (after is null)
        {
            _tasks.Remove(subject.Id);
            S.Journal[subject.Id] = null;
        }
        else
        {
            Put(after);
        }

        Emit(TodoTopics.TaskEvents, type, subject);
        Emit(TodoTopics.TaskUpdates, after is null ? TodoEventTypes.TaskRemoved : TodoEventTypes.TaskChanged, subject);
        _staged.Add((before, after));
    }

    private void Put(TaskItem task)
    {
        task = _shared.Share(task);
        _tasks[task.Id] = task;
        S.Journal[task.Id] = task;
    }

    private void Emit(string topic, string type, TaskItem task) =>
        S.Outbox.Add(new TodoEvent(ids.NewEventId(), topic, type, UserId, task.Id, S.NextSequence++, time.GetUtcNow(), task));

    /// <summary>
    /// The one write that commits the staged changes with their events. Reminders that must exist are
    /// registered before it (an early or orphaned tick is harmless: it finds nothing due); reminders that
    /// must go are removed after it. Everything after the write is best effort: the change has happened.
    /// </summary>
    private async Task CommitAsync()
    {
        var pendingBefore = _committedOutbox;
        var staged = _staged.ToList();
        _staged.Clear();
        try
        {
            foreach (var (before, after) in staged)
            {
                if (ActiveReminder(after) is { } at && at != ActiveReminder(before))
                {
                    await RegisterReminderAsync(after!.Id, at - time.GetUtcNow());
                }
            }

            await state.WriteStateAsync();
            _outboxShrunk = false;
            _committedOutbox = S.Outbox.Count;
            metrics.EventsCommitted(_committedOutbox - pendingBefore);
        }
        catch
        {
            // Memory now runs ahead of storage: nothing more is written or published from this activation,
            // and the next call starts again from what was really stored.
            _diverged = true;
            DeactivateOnIdle();
            throw;
        }

        await DrainOutboxAsync();
        foreach (var (before, after) in staged)
        {
            if (ActiveReminder(before) is not null && ActiveReminder(after) is null)
            {
                var name = TaskReminderPrefix + before!.Id;
                await BestEffortAsync(UnregisterAsync(name), name);
            }
        }

        if (S.Journal.Count >= TaskListLayout.JournalFlushThreshold)
        {
            await FlushJournalAsync();
        }
    }

    /// <summary>Writes the segments the journal touched, then empties the journal.</summary>
    private async Task FlushJournalAsync()
    {
        var grainId = this.GetGrainId();
        var touched = S.Journal.Keys.Select(TaskListLayout.SegmentOf).Distinct().ToList();
        try
        {
            foreach (var segment in touched)
            {
                var name = TaskListLayout.SegmentStateName(segment);
                var first = segment * TaskListLayout.SegmentSize;
                var content = new TaskSegmentState();
                for (var id = first; id < first + TaskListLayout.SegmentSize; id++)
                {
                    if (_tasks.TryGetValue(id, out var task))
                    {
                        content.Tasks[id] = task;
                    }
                }

                var exists = _segmentETags.TryGetValue(segment, out var etag);
                var record = new GrainState<TaskSegmentState>(content) { ETag = etag!, RecordExists = exists };
                if (content.Tasks.Count == 0 && exists)
                {
                    await _storage.ClearStateAsync(name, grainId, record);
                }
                else if (content.Tasks.Count > 0)
                {
                    await _storage.WriteStateAsync(name, grainId, record);
                }

                // A provider may keep a cleared record (and its version): the next write needs that ETag.
                if (string.IsNullOrEmpty(record.ETag))
                {
                    _segmentETags.Remove(segment);
                }
                else
                {
                    _segmentETags[segment] = record.ETag;
                }
            }

            S.Journal.Clear();
            await state.WriteStateAsync();
        }
        catch (Exception ex)
        {
            // Nothing is lost: the journal still holds every version, and the next activation replays it.
            LogFlushFailed(ex, UserId);
            _diverged = true;
            DeactivateOnIdle();
        }
    }

    private async Task DrainOutboxAsync()
    {
        while (S.Outbox.Count > 0 && !_diverged)
        {
            var evt = S.Outbox[0];
            try
            {
                using var timeout = new CancellationTokenSource(PublishTimeout);
                await publisher.PublishAsync(evt, timeout.Token);
            }
            catch (Exception ex)
            {
                LogPublishFailed(ex, evt.Sequence, UserId, _publishBackoff);
                metrics.PublishFailed();
                SchedulePublishRetry(_publishBackoff);
                _publishBackoff = TimeSpan.FromTicks(Math.Min(_publishBackoff.Ticks * 2, MaxPublishBackoff.Ticks));
                await BestEffortAsync(EnsureOutboxReminderAsync(), OutboxReminderName);
                return;
            }

            S.Outbox.RemoveAt(0);
            _outboxShrunk = true;
            _committedOutbox--;
            metrics.EventPublished(evt.Topic);
        }

        _publishBackoff = TimeSpan.FromMilliseconds(250);
        _publishRetry?.Dispose();
        _publishRetry = null;
        if (_outboxReminderSet)
        {
            _outboxReminderSet = false;
            await BestEffortAsync(UnregisterAsync(OutboxReminderName), OutboxReminderName);
        }
    }

    private void SchedulePublishRetry(TimeSpan delay)
    {
        _publishRetry?.Dispose();
        _publishRetry = this.RegisterGrainTimer(
            static (grain, _) => grain.DrainOutboxAsync(),
            this,
            new GrainTimerCreationOptions { DueTime = delay, Period = Timeout.InfiniteTimeSpan, KeepAlive = true });
    }

    // A durable wake-up in case the silo goes down with events still in the outbox.
    private async Task EnsureOutboxReminderAsync()
    {
        if (!_outboxReminderSet)
        {
            await this.RegisterOrUpdateReminder(OutboxReminderName, ReminderRetryPeriod, ReminderRetryPeriod);
            _outboxReminderSet = true;
        }
    }

    private static DateTimeOffset? ActiveReminder(TaskItem? task) =>
        task is { IsPending: true, RemindAt: { } at } && task.ReminderSentFor != at ? at : null;

    private Task<IGrainReminder> RegisterReminderAsync(int taskId, TimeSpan wait)
    {
        // Orleans takes a zero due time as "first tick after one period"; an instant already past fires at once.
        var due = wait < MinReminderWait ? MinReminderWait : wait > MaxReminderWait ? MaxReminderWait : wait;
        var name = TaskReminderPrefix + taskId;
        DisposeNearTimer(name);
        if (due <= NearReminderWait)
        {
            // A reminder registered while the silo's reminder service is still loading its table can miss its first
            // tick and wait for the next one (a minute) or the table refresh; a one-shot grain timer on this
            // activation fires a near reminder on time. The Orleans reminder stays the durable wake-up, and the tick
            // that comes second finds the reminder sent and does nothing.
            _nearTimers[name] = this.RegisterGrainTimer(
                static (state, _) => state.Grain.ReceiveReminder(state.Name, default),
                (Grain: this, Name: name),
                new GrainTimerCreationOptions { DueTime = due, Period = Timeout.InfiniteTimeSpan, KeepAlive = true });
        }

        return this.RegisterOrUpdateReminder(name, due, ReminderRetryPeriod);
    }

    private void DisposeNearTimer(string name)
    {
        if (_nearTimers.Remove(name, out var timer))
        {
            timer.Dispose();
        }
    }

    private async Task UnregisterAsync(string name)
    {
        DisposeNearTimer(name);
        if (await this.GetReminder(name) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    // After a commit, a failed reminder-table call must not turn a stored change into an error; the next
    // activation's reconciliation (or the harmless orphan tick) repairs it.
    private async Task BestEffortAsync(Task operation, string what)
    {
        try
        {
            await operation;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogBestEffortFailed(ex, what, UserId);
        }
    }

    /// <summary>Registers what a crash between a commit and its reminder call may have missed, drops orphans.</summary>
    private async Task ReconcileRemindersAsync()
    {
        var registered = (await this.GetReminders()).ToDictionary(r => r.ReminderName);
        var now = time.GetUtcNow();
        foreach (var task in _tasks.Values)
        {
            // One whose instant passed (due while no silo ran) is re-armed to fire now, not at its next Orleans tick.
            if (ActiveReminder(task) is { } at && (at <= now || !registered.ContainsKey(TaskReminderPrefix + task.Id)))
            {
                await RegisterReminderAsync(task.Id, at - now);
            }
        }

        foreach (var (name, reminder) in registered)
        {
            if (name.StartsWith(TaskReminderPrefix, StringComparison.Ordinal) &&
                (!int.TryParse(name.AsSpan(TaskReminderPrefix.Length), out var id) || ActiveReminder(_tasks.GetValueOrDefault(id)) is null))
            {
                await this.UnregisterReminder(reminder);
            }
            else if (name == OutboxReminderName)
            {
                _outboxReminderSet = true;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing event {Sequence} of user {UserId} failed; retrying in {Delay}")]
    private partial void LogPublishFailed(Exception ex, long sequence, string userId, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Compacting the journal of user {UserId} failed; it will be replayed")]
    private partial void LogFlushFailed(Exception ex, string userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing the outbox of user {UserId} on deactivation failed")]
    private partial void LogDeactivationWriteFailed(Exception ex, string userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reminder bookkeeping '{What}' of user {UserId} failed after a commit")]
    private partial void LogBestEffortFailed(Exception ex, string what, string userId);
}
