using TodoGrains.Contracts.Events;
using TodoGrains.GrainInterfaces.Tasks;

namespace TodoGrains.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class ReminderTests(ClusterFixture fixture)
{
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Reminder_IsRegisteredMovedAndCancelled_WithTheTask()
    {
        ClusterFixture.Clock.Set(Now);
        var list = fixture.NewUser(out var userId);
        var task = await list.AddAsync(new TaskDraft
        {
            Title = "Dentist",
            Due = DueInput.OnDate(new(2026, 3, 10), new(14, 0)),
            Reminder = ReminderInput.BeforeDue(TimeSpan.FromMinutes(30)),
        });
        var plain = await list.AddAsync(new TaskDraft { Title = "No reminder", Due = DueInput.OnDate(new(2026, 3, 10)) });

        var rows = await fixture.RemindersOf(userId);
        var row = Assert.Single(rows);
        Assert.Equal($"task-{task.Id}", row.ReminderName);
        var firstStart = row.StartAt;
        // Registered for the remaining wait from the test clock's "now": 6 days 3.5 hours.
        Assert.InRange(firstStart - DateTime.UtcNow, TimeSpan.FromDays(6.1), TimeSpan.FromDays(6.2));

        await list.UpdateAsync(task.Id, new TaskPatch { Due = new Settable<DueInput?>(true, DueInput.OnDate(new(2026, 3, 11), new(14, 0))) });
        var moved = Assert.Single(await fixture.RemindersOf(userId));
        Assert.InRange(moved.StartAt - firstStart, TimeSpan.FromHours(23.9), TimeSpan.FromHours(24.1));

        await list.CompleteAsync(task.Id);
        Assert.Empty(await fixture.RemindersOf(userId));

        await list.ReopenAsync(task.Id);
        Assert.Single(await fixture.RemindersOf(userId));

        await list.DeleteAsync(task.Id);
        Assert.Empty(await fixture.RemindersOf(userId));
        Assert.Null(plain.RemindAt);
    }

    [Fact]
    public async Task Reminder_ClearedByPatch_IsCancelled()
    {
        ClusterFixture.Clock.Set(Now);
        var list = fixture.NewUser(out var userId);
        var task = await list.AddAsync(new TaskDraft { Title = "Call", Reminder = ReminderInput.AtInstant(Now.AddDays(2)) });
        Assert.Single(await fixture.RemindersOf(userId));

        await list.UpdateAsync(task.Id, new TaskPatch { Reminder = new Settable<ReminderInput?>(true, null) });

        Assert.Empty(await fixture.RemindersOf(userId));
    }

    [Fact]
    public async Task Reminder_FiresOnce_AndPublishesReminderDue()
    {
        ClusterFixture.Clock.FollowRealTime();
        var list = fixture.NewUser(out var userId);
        var at = DateTimeOffset.UtcNow.AddSeconds(2);
        var task = await list.AddAsync(new TaskDraft { Title = "Tea is ready", Reminder = ReminderInput.AtInstant(at) });

        var fired = await WaitForAsync(() => ClusterFixture.Events.For(userId).Where(e => e.Topic == TodoTopics.Reminders).ToList(), l => l.Count > 0, TimeSpan.FromSeconds(30));
        // Give a duplicate tick every chance to show up.
        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);

        var evt = Assert.Single(ClusterFixture.Events.For(userId), e => e.Topic == TodoTopics.Reminders);
        Assert.Equal(TodoEventTypes.ReminderDue, evt.Type);
        Assert.Equal(task.Id, evt.TaskId);
        Assert.Equal(at, evt.Task.RemindAt);
        Assert.True(evt.OccurredAt >= at);
        Assert.NotEmpty(fired);
        Assert.Empty(await fixture.RemindersOf(userId));
        Assert.Equal(at, (await list.GetAsync(task.Id))!.ReminderSentFor);
    }

    [Fact]
    public async Task Reminder_WhoseInstantHasPassed_FiresAtOnce()
    {
        ClusterFixture.Clock.FollowRealTime();
        var list = fixture.NewUser(out var userId);

        await list.AddAsync(new TaskDraft { Title = "Already late", Reminder = ReminderInput.AtInstant(DateTimeOffset.UtcNow.AddMinutes(-5)) });

        // Orleans would take a zero due time as "after one period" (a minute); it must not wait that long.
        var fired = await WaitForAsync(() => ClusterFixture.Events.For(userId).Where(e => e.Topic == TodoTopics.Reminders).ToList(), l => l.Count > 0, TimeSpan.FromSeconds(20));
        Assert.Single(fired);
    }

    internal static async Task<T> WaitForAsync<T>(Func<T> probe, Func<T, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var value = probe();
        while (!done(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            value = probe();
        }

        return value;
    }
}
