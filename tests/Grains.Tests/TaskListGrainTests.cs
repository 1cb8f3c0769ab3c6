using TodoGrains.Contracts.Events;
using TodoGrains.Contracts.Tasks;
using TodoGrains.GrainInterfaces.Tasks;

namespace TodoGrains.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class TaskListGrainTests(ClusterFixture fixture)
{
    private static readonly DateTimeOffset Wednesday = new(2026, 3, 4, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task AddAsync_NormalisesInput_AndNumbersTasksPerUser()
    {
        ClusterFixture.Clock.Set(Wednesday);
        var list = fixture.NewUser(out _);
        var other = fixture.NewUser(out _);

        var first = await list.AddAsync(new TaskDraft
        {
            Title = "  Pay rent  ",
            Description = "  landlord  ",
            Priority = Priority.High,
            Tags = ["Home", "#home", " Money "],
        });
        var second = await list.AddAsync(new TaskDraft { Title = "Second" });
        var othersFirst = await other.AddAsync(new TaskDraft { Title = "Other person's" });

        Assert.Equal(1, first.Id);
        Assert.Equal("Pay rent", first.Title);
        Assert.Equal("landlord", first.Description);
        Assert.Equal(["home", "money"], first.Tags);
        Assert.Equal(Priority.High, first.Priority);
        Assert.Equal(TodoStatus.Pending, first.Status);
        Assert.Equal(Wednesday, first.CreatedAt);
        Assert.Equal(2, second.Id);
        Assert.Equal(1, othersFirst.Id);
        Assert.Equal(first, await list.GetAsync(1));
        Assert.Null(await list.GetAsync(3));
    }

    [Fact]
    public async Task AddAsync_KeepsDueAsGiven_InTheUsersZone()
    {
        ClusterFixture.Clock.Set(Wednesday);
        var list = fixture.NewUser(out _);
        await list.UpdateProfileAsync(new UserProfile("Europe/Berlin", new TimeOnly(8, 30)));

        var timed = await list.AddAsync(new TaskDraft { Title = "Call", Due = DueInput.OnDate(new DateOnly(2026, 3, 5), new TimeOnly(17, 0)) });
        var dated = await list.AddAsync(new TaskDraft
        {
            Title = "Taxes",
            Due = DueInput.OnDate(new DateOnly(2026, 3, 6)),
            Reminder = ReminderInput.BeforeDue(TimeSpan.FromHours(1)),
        });
        var fromOffset = await list.AddAsync(new TaskDraft
        {
            Title = "Flight",
            Due = DueInput.AtInstant(new DateTimeOffset(2026, 3, 7, 12, 0, 0, TimeSpan.FromHours(-5))),
        });

        Assert.Equal(new TaskDue(new DateOnly(2026, 3, 5), new TimeOnly(17, 0)), timed.Due);
        Assert.Equal(new DateTimeOffset(2026, 3, 5, 17, 0, 0, TimeSpan.FromHours(1)), timed.DueAt);
        Assert.Equal(new TaskDue(new DateOnly(2026, 3, 6)), dated.Due);
        Assert.Null(dated.DueAt);
        // Date-only: the reminder counts back from the default reminder time, 08:30 Berlin.
        Assert.Equal(new DateTimeOffset(2026, 3, 6, 7, 30, 0, TimeSpan.FromHours(1)), dated.RemindAt);
        Assert.Equal(new TaskDue(new DateOnly(2026, 3, 7), new TimeOnly(18, 0)), fromOffset.Due);
    }

    [Fact]
    public async Task AddAsync_ReadsLocalTimesAcrossDaylightSaving()
    {
        ClusterFixture.Clock.Set(Wednesday);
        var list = fixture.NewUser(out _);
        await list.UpdateProfileAsync(new UserProfile("America/New_York", new TimeOnly(9, 0)));

        // 2026-03-08 02:30 does not exist in New York (clocks jump 02:00 -> 03:00).
        var gap = await list.AddAsync(new TaskDraft { Title = "Gap", Due = DueInput.OnDate(new DateOnly(2026, 3, 8), new TimeOnly(2, 30)) });
        var summer = await list.AddAsync(new TaskDraft { Title = "Summer", Due = DueInput.OnDate(new DateOnly(2026, 7, 1), new TimeOnly(9, 0)) });

        Assert.Equal(new DateTimeOffset(2026, 3, 8, 7, 30, 0, TimeSpan.Zero), gap.DueAt!.Value.ToUniversalTime());
        Assert.Equal(TimeSpan.FromHours(-4), summer.DueAt!.Value.Offset);
    }

    public static TheoryData<string, TaskDraft> InvalidDrafts => new()
    {
        { "title", new TaskDraft { Title = "   " } },
        { "title", new TaskDraft { Title = new string('x', 201) } },
        { "description", new TaskDraft { Title = "ok", Description = new string('x', 1001) } },
        { "tags", new TaskDraft { Title = "ok", Tags = Enumerable.Range(0, 11).Select(i => $"t{i}").ToList() } },
        { "tags", new TaskDraft { Title = "ok", Tags = [new string('t', 33)] } },
        { "tags", new TaskDraft { Title = "ok", Tags = ["two words"] } },
        { "tags", new TaskDraft { Title = "ok", Tags = [""] } },
        { "priority", new TaskDraft { Title = "ok", Priority = (Priority)7 } },
        { "recurrence", new TaskDraft { Title = "ok", Recurrence = "FREQ=SOMETIMES" } },
        { "recurrence", new TaskDraft { Title = "ok", Recurrence = "" } },
        { "recurrence", new TaskDraft { Title = "ok", Recurrence = "FREQ=WEEKLY;UNTIL=soon" } },
        { "recurrence", new TaskDraft { Title = "ok", Recurrence = "FREQ=WEEKLY;BYDAY=1MO" } },
        { "recurrence", new TaskDraft { Title = "ok", Recurrence = "FREQ=HOURLY" } },
        { "recurrence", new TaskDraft { Title = "ok", Recurrence = "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30" } },
        { "remind_before", new TaskDraft { Title = "ok", Reminder = ReminderInput.BeforeDue(TimeSpan.FromMinutes(15)) } },
        { "remind_before", new TaskDraft { Title = "ok", Due = DueInput.OnDate(new DateOnly(2026, 4, 1)), Reminder = ReminderInput.BeforeDue(TimeSpan.FromMinutes(-5)) } },
        { "due", new TaskDraft { Title = "ok", Due = DueInput.OnDate(new DateOnly(1900, 1, 1)) } },
    };

    [Theory]
    [MemberData(nameof(InvalidDrafts))]
    public async Task AddAsync_RefusesInvalidInput_AndChangesNothing(string field, TaskDraft draft)
    {
        ClusterFixture.Clock.Set(Wednesday);
        var list = fixture.NewUser(out var userId);

        var error = await Assert.ThrowsAsync<TaskValidationException>(() => list.AddAsync(draft));

        Assert.Contains(field, error.Errors.Keys);
        Assert.Equal(0, (await list.ListAsync(new TaskQuery())).Total);
        Assert.Empty(ClusterFixture.Events.For(userId));
        Assert.Equal(1, (await list.AddAsync(new TaskDraft { Title = "after" })).Id);
    }

    [Fact]
    public async Task UpdateAsync_ChangesOnlyGivenFields_AndEditsTags()
    {
        ClusterFixture.Clock.Set(Wednesday);
        var list = fixture.NewUser(out _);
        var task = await list.AddAsync(new TaskDraft
        {
            Title = "Groceries",
            Description = "milk",
            Priority = Priority.Low,
            Tags = ["home", "errand"],
            Due = DueInput.OnDate(new DateOnly(2026, 3, 6)),
        });
        ClusterFixture.Clock.Set(Wednesday.AddMinutes(5));

        var change = await list.UpdateAsync(task.Id, new TaskPatch { Priority = Priority.High, AddTags = ["Urgent", "home"], RemoveTags = ["errand"] });

        Assert.NotNull(change);
        Assert.Equal(task, change.Before);
        var updated = change.After!;
        Assert.Equal("Groceries", updated.Title);
        Assert.Equal("milk", updated.Description);
        Assert.Equal(Priority.High, updated.Priority);
        Assert.Equal(["home", "urgent"], updated.Tags);
        Assert.Equal(task.Due, updated.Due);
        Assert.Equal(Wednesday.AddMinutes(5), updated.UpdatedAt);
        Assert.Equal(task.CreatedAt, updated.CreatedAt);

        var cleared = (await list.UpdateAsync(task.Id, new TaskPatch { Description = new Settable<string?>(true, null), Due = new Settable<DueInput?>(true, null) }))!.After!;
        Assert.Null(cleared.Description);
        Assert.Null(cleared.Due);
        Assert.Null(await list.UpdateAsync(99, new TaskPatch { Title = "nope" }));
    }

    [Fact]
    public async Task UpdateAsync_RefusesClearingTheDueOfARelativeReminder()
    {
        ClusterFixture.Clock.Set(Wednesday);
        var list = fixture.NewUser(out _);
        var task = await list.AddAsync(new TaskDraft
        {
            Title = "Dentist",
            Due = DueInput.OnDate(new DateOnly(2026, 3, 10), new TimeOnly(14, 0)),
            Reminder = ReminderInput.BeforeDue(TimeSpan.FromMinutes(30)),
        });

        var error = await Assert.ThrowsAsync<TaskValidationException>(() => list.UpdateAsync(task.Id, new TaskPatch { Due = new Settable<DueInput?>(true, null) }));

        Assert.Contains("due", error.Errors.Keys);
        Assert.Equal(task, await list.GetAsync(task.Id));
    }

    [Fact]
    public async Task CompleteAndReopen_AreIdempotent_AndEmitOneEventEach()
    {
        ClusterFixture.Clock.Set(Wednesday);
        var list = fixture.NewUser(out var userId);
        var task = await list.AddAsync(new TaskDraft { Title = "Walk the dog" });

        var completing = await list.CompleteAsync(task.Id);
        var again = await list.CompleteAsync(task.Id);
        var reopened = (await list.ReopenAsync(task.Id))!.After!;
        var reopenedAgain = await list.ReopenAsync(task.Id);

        var completed = completing!.After!;
        Assert.True(completing.Changed);
        Assert.Equal(task, completing.Before);
        Assert.Equal(TodoStatus.Completed, completed.Status);
        Assert.Equal(Wednesday, completed.CompletedAt);
        Assert.Equal(new TaskTransition(completed, completed), again);
        Assert.False(again!.Changed);
        Assert.False(reopenedAgain!.Changed);
        Assert.Equal(TodoStatus.Pending, reopened.Status);
        Assert.Null(reopened.CompletedAt);
        var types = ClusterFixture.Events.For(userId).Where(e => e.Topic == TodoTopics.TaskEvents).Select(e => e.Type);
        Assert.Equal([TodoEventTypes.TaskCreated, TodoEventTypes.TaskCompleted, TodoEventTypes.TaskReopened], types);
        Assert.Null(await list.CompleteAsync(42));
        Assert.Null(await list.ReopenAsync(42));
    }

    [Fact]
    public async Task DeleteAsync_RemovesTheTask_AndPublishesItsRemoval()
    {
        ClusterFixture.Clock.Set(Wednesday);
        var list = fixture.NewUser(out var userId);
        var task = await list.AddAsync(new TaskDraft { Title = "Old idea" });

        Assert.Equal(new TaskTransition(task, null), await list.DeleteAsync(task.Id));
        Assert.Null(await list.DeleteAsync(task.Id));
        Assert.Null(await list.GetAsync(task.Id));
        var events = ClusterFixture.Events.For(userId);
        Assert.Contains(events, e => e.Type == TodoEventTypes.TaskDeleted && e.Topic == TodoTopics.TaskEvents && e.Task.Title == "Old idea");
        Assert.Contains(events, e => e.Type == TodoEventTypes.TaskRemoved && e.Topic == TodoTopics.TaskUpdates);
        // Ids are never reused.
        Assert.Equal(2, (await list.AddAsync(new TaskDraft { Title = "New idea" })).Id);
    }

    [Fact]
    public async Task UpdateProfileAsync_RefusesUnknownZones_AndRereadsDues()
    {
        ClusterFixture.Clock.Set(Wednesday);
        var list = fixture.NewUser(out var userId);
        var task = await list.AddAsync(new TaskDraft { Title = "Meet", Due = DueInput.OnDate(new DateOnly(2026, 3, 5), new TimeOnly(9, 0)) });

        var error = await Assert.ThrowsAsync<TaskValidationException>(() => list.UpdateProfileAsync(new UserProfile("Mars/Olympus", new TimeOnly(9, 0))));
        Assert.Contains("time_zone", error.Errors.Keys);
        Assert.Equal("UTC", (await list.GetProfileAsync()).TimeZone);

        await list.CompleteAsync(task.Id);
        await list.UpdateProfileAsync(new UserProfile("Asia/Tokyo", new TimeOnly(7, 0)));
        var moved = await list.GetAsync(task.Id);
        Assert.Equal(task.Due, moved!.Due);
        Assert.Equal(new DateTimeOffset(2026, 3, 5, 9, 0, 0, TimeSpan.FromHours(9)), moved.DueAt);
        Assert.Equal(TimeSpan.FromHours(9), moved.DueAt!.Value.Offset);
        Assert.Contains(ClusterFixture.Events.For(userId), e => e.Type == "task.updated" && e.Task.DueInstant()!.Value.Offset == TimeSpan.FromHours(9));
    }
}
