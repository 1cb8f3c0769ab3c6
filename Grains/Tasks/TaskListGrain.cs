using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Storage;
using TodoGrains.Contracts.Events;
using TodoGrains.Contracts.Tasks;
using TodoGrains.GrainInterfaces;
using TodoGrains.GrainInterfaces.Tasks;
using TodoGrains.Grains.Diagnostics;
using TodoGrains.Grains.Outbox;
using TodoGrains.Grains.Time;

namespace TodoGrains.Grains.Tasks;

/// <summary>
/// One person's task list, as orchestration: each command validates, builds the new task versions
/// (<see cref="TaskDrafts"/>, <see cref="TaskSeries"/>), stages them with their events and commits. The mechanics
/// are collaborators: <see cref="TaskListStore"/> (head, segments, journal), <see cref="EventOutbox"/> (publishing
/// what was committed) and <see cref="TaskReminders"/>. See docs/task-storage.md.
/// </summary>
internal sealed class TaskListGrain(
    [PersistentState(TaskListLayout.HeadStateName, TaskListLayout.StorageName)] IPersistentState<TaskListState> state,
    IEventPublisher publisher,
    TimeProvider time,
    IIdGenerator ids,
    TodoMetrics metrics,
    ILogger<TaskListGrain> logger) : Grain, ITaskListGrain, IRemindable
{
    private readonly TaskPageTagMemo _pageTags = new();
    private TaskListStore _store = null!;
    private EventOutbox _outbox = null!;
    private TaskReminders _reminders = null!;
    private TaskListChanges _changes = null!;

    private TaskListState S => state.State;

    private TaskTable Tasks => _store.Tasks;

    private TaskSeries Series => new(S.Series, ids);

    private string UserId => this.GetPrimaryKeyString();

    private ZoneClock Clock => ZoneClock.For(S.Profile, time);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var host = new GrainReminderHost<TaskListGrain>(this);
        _store = new TaskListStore(state, ServiceProvider.GetRequiredKeyedService<IGrainStorage>(TaskListLayout.StorageName), this.GetGrainId());
        _outbox = new EventOutbox(S.Outbox, publisher, host, ids, time, metrics, logger, UserId);
        _reminders = new TaskReminders(host, time, logger, UserId);
        _changes = new TaskListChanges(_store, _outbox, _reminders, DeactivateOnIdle, logger, UserId);
        await _store.LoadAsync();
        var reminders = await _reminders.ReconcileAsync(Tasks);
        _outbox.Activated(reminders.Contains(EventOutbox.ReminderName));
        await base.OnActivateAsync(cancellationToken);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (reason.ReasonCode != DeactivationReasonCode.ActivationFailed)
        {
            await _changes.WriteAcceptedAsync(cancellationToken);
        }

        _outbox.Deactivated();
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
        await _changes.CommitAsync(TaskDrafts.Rezoned(Tasks.Values, normalized, Clock, time.GetUtcNow()), TodoEventTypes.TaskUpdated);
        return S.Profile;
    }

    public async Task<TaskItem> AddAsync(TaskDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var clock = Clock;
        var errors = new ValidationErrors();
        var task = TaskDrafts.New(draft, S.NextTaskId, clock, time.GetUtcNow(), errors);
        errors.ThrowIfAny();
        if (task.Recurrence is { } rule)
        {
            task = Series.Start(task, rule, task.Due!);
        }

        task = TaskRules.Resolve(task, S.Profile, clock);
        S.NextTaskId++;
        _changes.Stage(null, task, TodoEventTypes.TaskCreated);
        await _changes.CommitAsync();
        metrics.TaskCreated();
        return task;
    }

    public Task<TaskItem?> GetAsync(int taskId) => Task.FromResult(Tasks.GetValueOrDefault(taskId));

    public async Task<TaskTransition?> UpdateAsync(int taskId, TaskPatch patch)
    {
        ArgumentNullException.ThrowIfNull(patch);
        if (!Tasks.TryGetValue(taskId, out var task))
        {
            return null;
        }

        var clock = Clock;
        var errors = new ValidationErrors();
        var updated = TaskDrafts.Patched(task, patch, clock, errors);
        errors.ThrowIfAny();
        if (TaskDrafts.RestartsSeries(task, patch, updated))
        {
            updated = Series.Start(updated, updated.Recurrence!, updated.Due!);
        }

        updated = TaskRules.Resolve(updated, S.Profile, clock);
        if (updated == task)
        {
            return new TaskTransition(task, task);
        }

        updated = updated with { UpdatedAt = time.GetUtcNow() };
        _changes.Stage(task, updated, TodoEventTypes.TaskUpdated);
        await _changes.CommitAsync();
        return new TaskTransition(task, updated);
    }

    public Task<TaskTransition?> CompleteAsync(int taskId) => SetStatusAsync(taskId, TodoStatus.Completed);

    public Task<TaskTransition?> ReopenAsync(int taskId) => SetStatusAsync(taskId, TodoStatus.Pending);

    public async Task<TaskTransition?> DeleteAsync(int taskId)
    {
        if (!Tasks.TryGetValue(taskId, out var task))
        {
            return null;
        }

        Series.Deleted(task);
        _changes.Stage(task, null, TodoEventTypes.TaskDeleted);
        S.KeepDeleted(task);
        await _changes.CommitAsync();
        return new TaskTransition(task, null);
    }

    public Task<TaskItem?> RestoreDeletedAsync(int taskId)
    {
        var deleted = S.RecentlyDeleted.FindLast(t => t.Id == taskId);
        return deleted is null || Tasks.GetValueOrDefault(taskId) is not null ? Task.FromResult<TaskItem?>(null) : RestoreAsync(deleted);
    }

    public async Task<TaskItem?> RestoreAsync(TaskItem snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.Id < 1 || snapshot.Id >= S.NextTaskId)
        {
            return null;
        }

        var current = Tasks.GetValueOrDefault(snapshot.Id);
        var restored = TaskRules.Resolve(snapshot with { UpdatedAt = time.GetUtcNow() }, S.Profile, Clock);
        Series.Restored(restored);
        _changes.Stage(current, restored, current is null ? TodoEventTypes.TaskCreated : TodoEventTypes.TaskUpdated);
        S.RecentlyDeleted.RemoveAll(t => t.Id == restored.Id);
        await _changes.CommitAsync();
        return restored;
    }

    public Task<TaskPage> ListAsync(TaskQuery query) => Task.FromResult(TaskQueries.Page(Tasks.Values, query ?? throw new ArgumentNullException(nameof(query)), Clock));

    public Task<TaggedTaskPage> ListIfChangedAsync(TaskQuery query, string? ifNoneMatch)
    {
        ArgumentNullException.ThrowIfNull(query);
        var clock = Clock;
        var errors = new ValidationErrors();
        var normalized = TaskQueries.Normalize(query, clock, errors);
        errors.ThrowIfAny();
        var tag = _pageTags.Of(UserId, S.NextSequence, S.Profile, normalized, clock);
        return Task.FromResult(new TaggedTaskPage(tag, TaskPageTag.Matches(ifNoneMatch, tag) ? null : TaskQueries.Page(Tasks.Values, normalized, clock)));
    }

    public Task<TaskPage> FindAsync(string reference, bool includeCompleted, int limit)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var candidates = includeCompleted ? Tasks.Values : Tasks.Values.Where(t => t.Status == TodoStatus.Pending);
        var matches = TaskMatcher.Match(reference, candidates);
        return Task.FromResult(new TaskPage(matches.Take(Math.Clamp(limit, 1, TaskQuery.MaxLimit)).ToList(), matches.Count));
    }

    public async Task<IReadOnlyList<TaskTransition>> RescheduleAsync(RescheduleRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var clock = Clock;
        var errors = new ValidationErrors();
        var filter = TaskQueries.Normalize(request.Filter with { Limit = TaskQuery.DefaultLimit, Offset = 0 }, clock, errors);
        var newDue = TaskDrafts.RescheduleTarget(request, clock, errors);
        errors.ThrowIfAny();

        var selected = new TaskQueries(clock).Filter(Tasks.Values, filter with { Status = StatusFilter.Pending });
        var moved = TaskDrafts.Moved(selected, newDue, request.Shift, S.Profile, clock, time.GetUtcNow(), errors);

        // All or nothing: one task that cannot move leaves every task where it was.
        errors.ThrowIfAny();
        if (moved.Count == 0)
        {
            return [];
        }

        await _changes.CommitAsync(moved.Select(m => ((TaskItem?)m.Before, (TaskItem?)m.After)), TodoEventTypes.TaskUpdated);
        return moved.Select(m => new TaskTransition(m.Before, m.After)).ToList();
    }

    public async Task<TaskItem?> SpawnNextOccurrenceAsync(string seriesId, int afterOccurrence)
    {
        var series = Series;
        var clock = Clock;
        var plan = series.Plan(seriesId, afterOccurrence, Tasks, clock);
        if (plan.Step != SpawnStep.Next)
        {
            // An ended series leaves the head record; a redelivered event is answered with what the first call made.
            if (plan.Step == SpawnStep.Ended)
            {
                await _changes.CommitAsync();
            }

            return plan.Task;
        }

        var task = TaskDrafts.NextOccurrence(plan.Task!, plan.Next!, plan.Occurrence, S.NextTaskId, S.Profile, clock, time.GetUtcNow());
        S.NextTaskId++;
        series.Spawned(task);
        _changes.Stage(null, task, TodoEventTypes.TaskCreated);
        await _changes.CommitAsync();
        metrics.TaskCreated();
        return task;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == EventOutbox.ReminderName)
        {
            await _outbox.DrainAsync();
            return;
        }

        var task = TaskReminders.TryParse(reminderName, out var taskId) ? Tasks.GetValueOrDefault(taskId) : null;
        if (await _reminders.TickAsync(reminderName, task) is not { } remindAt)
        {
            return;
        }

        _changes.ReminderSent(task!, remindAt);
        await _changes.CommitAsync();
        metrics.ReminderFired(time.GetUtcNow() - remindAt);
        await _reminders.DisarmAsync(reminderName);
    }

    /// <summary>Completes or reopens; a task already in that status is returned unchanged, with no event.</summary>
    private async Task<TaskTransition?> SetStatusAsync(int taskId, TodoStatus status)
    {
        if (!Tasks.TryGetValue(taskId, out var task))
        {
            return null;
        }

        if (task.Status == status)
        {
            return new TaskTransition(task, task);
        }

        var changed = TaskDrafts.WithStatus(task, status, time.GetUtcNow());
        _changes.Stage(task, changed, status == TodoStatus.Completed ? TodoEventTypes.TaskCompleted : TodoEventTypes.TaskReopened);
        await _changes.CommitAsync();
        if (status == TodoStatus.Completed)
        {
            metrics.TaskCompleted();
        }

        return new TaskTransition(task, changed);
    }
}
