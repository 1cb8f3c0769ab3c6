using TodoGrains.Contracts.Tasks;
using TodoGrains.GrainInterfaces.Tasks;

namespace TodoGrains.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class RecurrenceTests(ClusterFixture fixture)
{
    public static TheoryData<string, string, string, string, string> NextDates => new()
    {
        // rule, first due, now (UTC), expected next due, case
        { "FREQ=WEEKLY;BYDAY=MO", "2026-02-23T09:00", "2026-03-04T10:00", "2026-03-09T09:00", "weekly, completed overdue: the next future Monday" },
        { "FREQ=WEEKLY;BYDAY=MO", "2026-03-02", "2026-03-02T18:00", "2026-03-09", "weekly date-only, completed on the day" },
        { "FREQ=MONTHLY;BYMONTHDAY=1", "2026-03-01T09:00", "2026-03-04T10:00", "2026-04-01T09:00", "monthly on the 1st" },
        { "FREQ=MONTHLY;BYMONTHDAY=31", "2026-01-31T09:00", "2026-02-02T10:00", "2026-03-31T09:00", "monthly on the 31st skips February" },
        { "FREQ=MONTHLY;BYMONTHDAY=-1", "2026-01-31", "2026-02-02T10:00", "2026-02-28", "last day of the month" },
        { "FREQ=MONTHLY;BYDAY=-1FR", "2026-02-27", "2026-03-01T10:00", "2026-03-27", "every last Friday" },
        { "FREQ=MONTHLY;BYDAY=3FR", "2026-02-20", "2026-02-21T10:00", "2026-03-20", "every third Friday" },
        { "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "2026-03-06T09:00", "2026-03-06T10:00", "2026-03-09T09:00", "every weekday: Friday to Monday" },
        { "FREQ=WEEKLY;INTERVAL=2", "2026-03-02", "2026-03-02T10:00", "2026-03-16", "every two weeks" },
        { "FREQ=DAILY", "2026-03-01T07:00", "2026-03-04T10:00", "2026-03-05T07:00", "daily, several days overdue" },
    };

    [Theory]
    [MemberData(nameof(NextDates))]
    public async Task SpawnNextOccurrenceAsync_DuesTheNextFutureDateOfTheRule(string rule, string firstDue, string now, string expected, string description)
    {
        Assert.NotEmpty(description);
        ClusterFixture.Clock.Set(DateTimeOffset.Parse(now + "Z", System.Globalization.CultureInfo.InvariantCulture));
        var list = fixture.NewUser(out _);
        var first = await list.AddAsync(new TaskDraft { Title = "Repeat", Due = Parse(firstDue), Recurrence = rule, Tags = ["r"], Priority = Priority.Medium });
        await list.CompleteAsync(first.Id);

        var next = await list.SpawnNextOccurrenceAsync(first.SeriesId!, 1);

        Assert.NotNull(next);
        Assert.Equal(ToDue(Parse(expected)), next.Due);
        Assert.Equal(2, next.Occurrence);
        Assert.Equal(first.SeriesId, next.SeriesId);
        Assert.Equal(TodoStatus.Pending, next.Status);
        Assert.Equal(first.Title, next.Title);
        Assert.Equal(first.Tags, next.Tags);
        Assert.Equal(first.Recurrence, next.Recurrence);
    }

    [Fact]
    public async Task SpawnNextOccurrenceAsync_EndsTheSeries_WhenTheNextDateLeavesTheSupportedRange()
    {
        ClusterFixture.Clock.Set(new DateTimeOffset(2026, 3, 4, 10, 0, 0, TimeSpan.Zero));
        var list = fixture.NewUser(out _);
        var first = await list.AddAsync(new TaskDraft { Title = "Millennium", Due = Parse("2998-12-31T23:30"), Recurrence = "FREQ=YEARLY", Reminder = ReminderInput.BeforeDue(TimeSpan.FromMinutes(15)) });

        var second = await list.SpawnNextOccurrenceAsync(first.SeriesId!, 1);
        var third = await list.SpawnNextOccurrenceAsync(first.SeriesId!, 2);

        Assert.Equal(ToDue(Parse("2999-12-31T23:30")), second!.Due);
        Assert.Null(third);
        Assert.Equal(2, (await list.ListAsync(new TaskQuery())).Total);
    }

    [Theory]
    [InlineData("2999-12-31T23:30", "FREQ=YEARLY;INTERVAL=7000")]
    [InlineData("2999-06-01", "FREQ=YEARLY")]
    [InlineData("2999-12-25", "FREQ=WEEKLY")]
    public async Task AddAsync_RefusesASeries_WhoseNextDateLeavesTheSupportedRange(string due, string rule)
    {
        var list = fixture.NewUser(out _);

        var refused = await Assert.ThrowsAsync<TaskValidationException>(() => list.AddAsync(new TaskDraft { Title = "Far", Due = Parse(due), Recurrence = rule }));

        Assert.Contains("recurrence", refused.Errors.Keys);
        Assert.Equal(0, (await list.ListAsync(new TaskQuery())).Total);
    }

    [Fact]
    public async Task SpawnNextOccurrenceAsync_IsIdempotent()
    {
        ClusterFixture.Clock.Set(new DateTimeOffset(2026, 3, 4, 10, 0, 0, TimeSpan.Zero));
        var list = fixture.NewUser(out var userId);
        var first = await list.AddAsync(new TaskDraft { Title = "Standup", Due = Parse("2026-03-09T09:00"), Recurrence = "FREQ=WEEKLY;BYDAY=MO" });

        var a = await list.SpawnNextOccurrenceAsync(first.SeriesId!, 1);
        var b = await list.SpawnNextOccurrenceAsync(first.SeriesId!, 1);

        Assert.Equal(a, b);
        Assert.Equal(2, (await list.ListAsync(new TaskQuery())).Total);
        Assert.Equal(2, ClusterFixture.Events.For(userId).Count(e => e.Type == "task.created"));
        Assert.Null(await list.SpawnNextOccurrenceAsync("no-such-series", 1));
        Assert.Null(await list.SpawnNextOccurrenceAsync(first.SeriesId!, 5));
    }

    [Fact]
    public async Task SpawnNextOccurrenceAsync_DoesNotRecreateADeletedOccurrence()
    {
        ClusterFixture.Clock.Set(new DateTimeOffset(2026, 3, 4, 10, 0, 0, TimeSpan.Zero));
        var list = fixture.NewUser(out _);
        var first = await list.AddAsync(new TaskDraft { Title = "Gym", Due = Parse("2026-03-05T07:00"), Recurrence = "FREQ=DAILY" });
        var second = await list.SpawnNextOccurrenceAsync(first.SeriesId!, 1);
        await list.DeleteAsync(second!.Id);

        Assert.Null(await list.SpawnNextOccurrenceAsync(first.SeriesId!, 1));
        Assert.Null(await list.SpawnNextOccurrenceAsync(first.SeriesId!, 2));
        Assert.Equal(1, (await list.ListAsync(new TaskQuery())).Total);
    }

    [Fact]
    public async Task RestoreDeletedAsync_BringsBackTheTaskAsItWas_OnceOnly_AndItsSeriesGoesOn()
    {
        ClusterFixture.Clock.Set(new DateTimeOffset(2026, 3, 4, 10, 0, 0, TimeSpan.Zero));
        var list = fixture.NewUser(out _);
        var gym = await list.AddAsync(new TaskDraft
        {
            Title = "Gym",
            Due = Parse("2026-03-05T07:00"),
            Recurrence = "FREQ=DAILY",
            Reminder = ReminderInput.BeforeDue(TimeSpan.FromMinutes(15)),
            Tags = ["health"],
        });
        var kept = await list.AddAsync(new TaskDraft { Title = "Kept" });
        Assert.NotNull(await list.DeleteAsync(gym.Id));

        var restored = await list.RestoreDeletedAsync(gym.Id);

        Assert.Equal(gym, restored);
        Assert.Equal(gym, await list.GetAsync(gym.Id));
        Assert.Null(await list.RestoreDeletedAsync(gym.Id));
        Assert.Null(await list.RestoreDeletedAsync(kept.Id));
        Assert.Null(await list.RestoreDeletedAsync(99));
        // The deletion had ended the series; the restored occurrence carries it on.
        var next = await list.SpawnNextOccurrenceAsync(gym.SeriesId!, 1);
        Assert.Equal(ToDue(Parse("2026-03-06T07:00")), next!.Due);
    }

    [Fact]
    public async Task SpawnNextOccurrenceAsync_StopsAfterCount()
    {
        ClusterFixture.Clock.Set(new DateTimeOffset(2026, 3, 4, 10, 0, 0, TimeSpan.Zero));
        var list = fixture.NewUser(out _);
        var first = await list.AddAsync(new TaskDraft { Title = "Pills", Due = Parse("2026-03-04T09:00"), Recurrence = "FREQ=DAILY;COUNT=2" });

        var second = await list.SpawnNextOccurrenceAsync(first.SeriesId!, 1);
        var third = await list.SpawnNextOccurrenceAsync(first.SeriesId!, 2);

        Assert.Equal(ToDue(Parse("2026-03-05T09:00")), second!.Due);
        Assert.Null(third);
        Assert.Equal(2, (await list.ListAsync(new TaskQuery())).Total);
    }

    [Fact]
    public async Task SpawnNextOccurrenceAsync_StopsAfterUntil()
    {
        ClusterFixture.Clock.Set(new DateTimeOffset(2026, 3, 4, 10, 0, 0, TimeSpan.Zero));
        var list = fixture.NewUser(out _);
        var first = await list.AddAsync(new TaskDraft { Title = "Course", Due = Parse("2026-03-02"), Recurrence = "FREQ=WEEKLY;UNTIL=20260310" });

        var second = await list.SpawnNextOccurrenceAsync(first.SeriesId!, 1);
        var third = await list.SpawnNextOccurrenceAsync(first.SeriesId!, 2);

        Assert.Equal(new TaskDue(new(2026, 3, 9)), second!.Due);
        Assert.Null(third);
    }

    [Fact]
    public async Task AddAsync_WithARuleButNoDue_DuesTheFirstOccurrenceFromToday()
    {
        ClusterFixture.Clock.Set(new DateTimeOffset(2026, 3, 4, 10, 0, 0, TimeSpan.Zero));
        var list = fixture.NewUser(out _);

        var task = await list.AddAsync(new TaskDraft { Title = "Bins out", Recurrence = "FREQ=WEEKLY;BYDAY=MO" });

        Assert.Equal(new TaskDue(new(2026, 3, 9)), task.Due);
        Assert.Equal("FREQ=WEEKLY;BYDAY=MO", task.Recurrence);
        Assert.Equal(1, task.Occurrence);
    }

    [Fact]
    public async Task SpawnNextOccurrenceAsync_CarriesRelativeRemindersForward()
    {
        ClusterFixture.Clock.Set(new DateTimeOffset(2026, 3, 4, 10, 0, 0, TimeSpan.Zero));
        var list = fixture.NewUser(out _);
        var first = await list.AddAsync(new TaskDraft
        {
            Title = "Standup",
            Due = Parse("2026-03-09T09:00"),
            Recurrence = "FREQ=WEEKLY;BYDAY=MO",
            Reminder = ReminderInput.BeforeDue(TimeSpan.FromMinutes(15)),
        });

        var next = await list.SpawnNextOccurrenceAsync(first.SeriesId!, 1);

        Assert.Equal(new DateTimeOffset(2026, 3, 16, 8, 45, 0, TimeSpan.Zero), next!.RemindAt);
    }

    private static DueInput Parse(string text) => text.Contains('T', StringComparison.Ordinal)
        ? DueInput.OnDate(DateOnly.Parse(text[..10], System.Globalization.CultureInfo.InvariantCulture), TimeOnly.Parse(text[11..], System.Globalization.CultureInfo.InvariantCulture))
        : DueInput.OnDate(DateOnly.Parse(text, System.Globalization.CultureInfo.InvariantCulture));

    private static TaskDue ToDue(DueInput input) => new(input.Date!.Value, input.Time);
}
