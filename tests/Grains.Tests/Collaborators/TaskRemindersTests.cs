using Microsoft.Extensions.Logging.Abstractions;
using TodoGrains.Contracts.Tasks;
using TodoGrains.GrainInterfaces.Tasks;
using TodoGrains.Grains.Tasks;

namespace TodoGrains.Grains.Tests.Collaborators;

/// <summary>Arming, ticking and reconciling of <see cref="TaskReminders"/>, without a cluster.</summary>
public sealed class TaskRemindersTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 10, 0, 0, TimeSpan.Zero);
    private readonly RecordingReminderHost _host = new();
    private readonly TestClock _clock = new();

    public TaskRemindersTests() => _clock.Set(Now);

    private TaskReminders NewReminders() => new(_host, _clock, NullLogger.Instance, "u_1");

    private static TaskItem RemindedAt(int id, DateTimeOffset at) =>
        new() { CreatedAt = DateTimeOffset.UnixEpoch, UpdatedAt = DateTimeOffset.UnixEpoch, Id = id, Title = "T", Reminder = TaskReminder.AtInstant(at), RemindAt = at };

    [Fact]
    public async Task ANearReminder_GetsATimerBesideTheDurableReminder_AFarOneDoesNot()
    {
        var reminders = NewReminders();

        await reminders.ArmAsync(1, TimeSpan.FromSeconds(20));
        await reminders.ArmAsync(2, TimeSpan.FromHours(3));

        Assert.Equal([("task-1", TimeSpan.FromSeconds(20))], _host.LiveTimers);
        Assert.Equal(TimeSpan.FromHours(3), _host.Reminders["task-2"].Due);
        Assert.Equal(TimeSpan.FromMinutes(1), _host.Reminders["task-2"].Period);
    }

    [Fact]
    public async Task WaitsAreClamped_APastInstantFiresAtOnce_AVeryFarOneIsChained()
    {
        var reminders = NewReminders();

        await reminders.ArmAsync(1, TimeSpan.FromMinutes(-5));
        await reminders.ArmAsync(2, TimeSpan.FromDays(400));

        Assert.Equal(TimeSpan.FromMilliseconds(10), _host.Reminders["task-1"].Due);
        Assert.Equal(TimeSpan.FromDays(30), _host.Reminders["task-2"].Due);
    }

    [Fact]
    public async Task MovingANearReminder_ReplacesItsTimer()
    {
        var reminders = NewReminders();

        await reminders.ArmAsync(1, TimeSpan.FromSeconds(20));
        await reminders.ArmAsync(1, TimeSpan.FromSeconds(40));

        Assert.Equal([("task-1", TimeSpan.FromSeconds(40))], _host.LiveTimers);
    }

    [Fact]
    public async Task ATick_FiresOnlyAtItsInstant_ReArmsWhenEarly_AndDisarmsWhenNothingIsDue()
    {
        var reminders = NewReminders();
        var task = RemindedAt(1, Now.AddMinutes(10));

        Assert.Null(await reminders.TickAsync("task-1", task));
        Assert.Equal(TimeSpan.FromMinutes(10), _host.Reminders["task-1"].Due);

        _clock.Set(Now.AddMinutes(10));
        Assert.Equal(Now.AddMinutes(10), await reminders.TickAsync("task-1", task));

        Assert.Null(await reminders.TickAsync("task-1", task with { ReminderSentFor = Now.AddMinutes(10) }));
        Assert.Empty(_host.Reminders);
    }

    [Fact]
    public async Task Changes_ArmWhatTheySetOrMoved_AndDisarmWhatTheyEnded()
    {
        var reminders = NewReminders();
        var before = RemindedAt(1, Now.AddHours(1));
        var moved = RemindedAt(1, Now.AddHours(2));

        await reminders.ArmChangedAsync([(null, before)]);
        await reminders.ArmChangedAsync([(before, before with { Title = "Renamed" })]);
        Assert.Equal(1, _host.Registrations);

        await reminders.ArmChangedAsync([(before, moved)]);
        Assert.Equal(TimeSpan.FromHours(2), _host.Reminders["task-1"].Due);

        await reminders.DisarmEndedAsync([(moved, moved with { Status = TodoStatus.Completed })]);
        Assert.Empty(_host.Reminders);
    }

    [Fact]
    public async Task Reconciling_ArmsWhatIsMissingOrPast_DropsOrphans_AndKeepsOtherReminders()
    {
        _host.Reminders["task-9"] = (TimeSpan.FromHours(1), TimeSpan.FromMinutes(1));
        _host.Reminders["task-x"] = (TimeSpan.FromHours(1), TimeSpan.FromMinutes(1));
        _host.Reminders["outbox-retry"] = (TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        var tasks = new TaskTable();
        tasks[1] = RemindedAt(1, Now.AddHours(1));
        tasks[2] = RemindedAt(2, Now.AddHours(-1));

        var left = await NewReminders().ReconcileAsync(tasks);

        Assert.Equal(["outbox-retry", "task-1", "task-2"], left.Order(StringComparer.Ordinal));
        Assert.Equal(["outbox-retry", "task-1", "task-2"], _host.Reminders.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(TimeSpan.FromMilliseconds(10), _host.Reminders["task-2"].Due);
    }
}
