using Microsoft.Extensions.Logging;
using TodoGrains.GrainInterfaces.Tasks;
using TodoGrains.Grains.Diagnostics;
using TodoGrains.Grains.Time;

namespace TodoGrains.Grains.Tasks;

/// <summary>
/// The reminders of one person's tasks: one Orleans reminder per task with a pending reminder (named
/// <c>task-{id}</c>), a one-shot timer beside it when it is near, and the reconciliation an activation runs.
/// Reminders that must exist are registered before a commit, those that must go are removed after it.
/// </summary>
internal sealed class TaskReminders(IReminderHost host, TimeProvider time, ILogger logger, string userId)
{
    private const string Prefix = "task-";

    // Orleans reminders repeat; ours are cancelled once handled, so the period only paces a retry after a failure.
    private static readonly TimeSpan RetryPeriod = TimeSpan.FromMinutes(1);

    // Longer waits are chained: the reminder re-registers itself for the rest when it wakes up early.
    private static readonly TimeSpan MaxWait = TimeSpan.FromDays(30);
    private static readonly TimeSpan NearWait = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan MinWait = TimeSpan.FromMilliseconds(10);

    // The one-shot timers of near reminders, by reminder name: replaced when a reminder moves, gone with it.
    private readonly Dictionary<string, IDisposable> _nearTimers = new(StringComparer.Ordinal);

    public static bool IsTaskReminder(string reminderName) => reminderName.StartsWith(Prefix, StringComparison.Ordinal);

    public static string NameOf(int taskId) => Prefix + taskId;

    /// <summary>The task id a reminder name stands for.</summary>
    public static bool TryParse(string reminderName, out int taskId)
    {
        taskId = 0;
        return IsTaskReminder(reminderName) && int.TryParse(reminderName.AsSpan(Prefix.Length), out taskId);
    }

    /// <summary>The instant the task's reminder is still to fire at; null when there is none, or it was sent.</summary>
    public static DateTimeOffset? Active(TaskItem? task) =>
        task is { IsPending: true, RemindAt: { } at } && task.ReminderSentFor != at ? at : null;

    /// <summary>Arms the reminder of <paramref name="taskId"/> to fire after <paramref name="wait"/> (at once when past).</summary>
    public Task ArmAsync(int taskId, TimeSpan wait)
    {
        // Orleans takes a zero due time as "first tick after one period"; an instant already past fires at once.
        var due = wait < MinWait ? MinWait : wait > MaxWait ? MaxWait : wait;
        var name = NameOf(taskId);
        DisposeNearTimer(name);
        if (due <= NearWait)
        {
            // A reminder registered while the silo's reminder service is still loading its table can miss its first
            // tick and wait for the next one (a minute) or the table refresh; a one-shot timer on this activation fires
            // a near reminder on time. The Orleans reminder stays the durable wake-up, and the tick that comes second
            // finds the reminder sent and does nothing.
            _nearTimers[name] = host.StartTimer(name, due);
        }

        return host.RegisterAsync(name, due, RetryPeriod);
    }

    /// <summary>
    /// A tick of reminder <paramref name="name"/> for <paramref name="task"/>: the instant to fire it at now, or null
    /// when there is nothing to fire yet (a reminder with no pending task is removed; one woken early is re-armed).
    /// </summary>
    public async Task<DateTimeOffset?> TickAsync(string name, TaskItem? task)
    {
        if (Active(task) is not { } remindAt)
        {
            await DisarmAsync(name);
            return null;
        }

        var wait = remindAt - time.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            // Woken early: a chained long wait, the reminder moved later since it was registered, or a tick or
            // near-reminder timer a few milliseconds ahead of the clock. A reminder never fires before its instant.
            await ArmAsync(task!.Id, wait);
            return null;
        }

        return remindAt;
    }

    /// <summary>Before a commit: arms every reminder the changes set or moved.</summary>
    public async Task ArmChangedAsync(IEnumerable<(TaskItem? Before, TaskItem? After)> changes)
    {
        foreach (var (before, after) in changes)
        {
            if (Active(after) is { } at && at != Active(before))
            {
                await ArmAsync(after!.Id, at - time.GetUtcNow());
            }
        }
    }

    /// <summary>After a commit: removes, best effort, the reminders the changes ended.</summary>
    public async Task DisarmEndedAsync(IEnumerable<(TaskItem? Before, TaskItem? After)> changes)
    {
        foreach (var (before, after) in changes)
        {
            if (Active(before) is not null && Active(after) is null)
            {
                await DisarmAsync(NameOf(before!.Id));
            }
        }
    }

    /// <summary>Removes a reminder and its timer, best effort.</summary>
    public Task DisarmAsync(string name)
    {
        DisposeNearTimer(name);
        return logger.BestEffortAsync(() => host.UnregisterAsync(name), name, userId);
    }

    /// <summary>
    /// On activation: registers what a crash between a commit and its reminder call may have missed, re-arms what
    /// came due while no silo ran, and drops orphans. Answers the names of every durable reminder left.
    /// </summary>
    public async Task<IReadOnlyCollection<string>> ReconcileAsync(TaskTable tasks)
    {
        var registered = (await host.NamesAsync()).ToHashSet(StringComparer.Ordinal);
        var now = time.GetUtcNow();
        foreach (var task in tasks.Values)
        {
            // One whose instant passed is re-armed to fire now, not at its next Orleans tick.
            if (Active(task) is { } at && (at <= now || !registered.Contains(NameOf(task.Id))))
            {
                await ArmAsync(task.Id, at - now);
                registered.Add(NameOf(task.Id));
            }
        }

        foreach (var name in registered.Where(IsTaskReminder).ToList())
        {
            if (!TryParse(name, out var id) || Active(tasks.GetValueOrDefault(id)) is null)
            {
                await host.UnregisterAsync(name);
                registered.Remove(name);
            }
        }

        return registered;
    }

    private void DisposeNearTimer(string name)
    {
        if (_nearTimers.Remove(name, out var timer))
        {
            timer.Dispose();
        }
    }
}
