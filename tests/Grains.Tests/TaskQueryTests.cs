using TodoGrains.Contracts.Tasks;
using TodoGrains.GrainInterfaces;
using TodoGrains.GrainInterfaces.Tasks;

namespace TodoGrains.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class TaskQueryTests(ClusterFixture fixture)
{
    // Wednesday 4 March 2026, 10:00 in UTC (the test users' zone).
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 10, 0, 0, TimeSpan.Zero);

    private async Task<ITaskListGrain> SeededAsync()
    {
        ClusterFixture.Clock.Set(Now);
        var list = fixture.NewUser(out _);
        // 1: overdue, high, work
        await list.AddAsync(new TaskDraft { Title = "Tax return", Description = "file the forms", Priority = Priority.High, Tags = ["work", "money"], Due = DueInput.OnDate(new(2026, 3, 2)) });
        ClusterFixture.Clock.Set(Now.AddMinutes(1));
        // 2: today 09:00 (overdue by an hour), low, home
        await list.AddAsync(new TaskDraft { Title = "Buy milk", Priority = Priority.Low, Tags = ["home"], Due = DueInput.OnDate(new(2026, 3, 4), new(9, 0)) });
        ClusterFixture.Clock.Set(Now.AddMinutes(2));
        // 3: today date-only (not overdue), medium, home+money
        await list.AddAsync(new TaskDraft { Title = "Pay rent", Priority = Priority.Medium, Tags = ["home", "money"], Due = DueInput.OnDate(new(2026, 3, 4)) });
        ClusterFixture.Clock.Set(Now.AddMinutes(3));
        // 4: next week, no priority, no tags
        await list.AddAsync(new TaskDraft { Title = "Anniversary dinner", Due = DueInput.OnDate(new(2026, 3, 11), new(19, 30)) });
        ClusterFixture.Clock.Set(Now.AddMinutes(4));
        // 5: no due, high, work
        await list.AddAsync(new TaskDraft { Title = "Architecture review", Priority = Priority.High, Tags = ["work"] });
        ClusterFixture.Clock.Set(Now.AddMinutes(5));
        // 6: completed, was due yesterday
        await list.AddAsync(new TaskDraft { Title = "Call mum", Tags = ["family"], Due = DueInput.OnDate(new(2026, 3, 3)) });
        await list.CompleteAsync(6);
        ClusterFixture.Clock.Set(Now);
        return list;
    }

    private static async Task<int[]> Ids(ITaskListGrain list, TaskQuery query) =>
        (await list.ListAsync(query)).Items.Select(t => t.Id).ToArray();

    [Fact]
    public async Task ListAsync_FiltersByStatus()
    {
        var list = await SeededAsync();
        Assert.Equal(new[] { 1, 2, 3, 4, 5, 6 }, (await Ids(list, new TaskQuery())).Order());
        Assert.Equal(new[] { 1, 2, 3, 4, 5 }, (await Ids(list, new TaskQuery { Status = StatusFilter.Pending })).Order());
        Assert.Equal(new[] { 6 }, await Ids(list, new TaskQuery { Status = StatusFilter.Completed }));
    }

    [Fact]
    public async Task ListAsync_FiltersByWhenATaskWasCompleted_InThePersonsDays()
    {
        var list = await SeededAsync();
        // Task 6 was completed today (4 March, 10:05); task 1 two days ago, task 2 completed and reopened.
        ClusterFixture.Clock.Set(new DateTimeOffset(2026, 3, 2, 23, 59, 0, TimeSpan.Zero));
        await list.CompleteAsync(1);
        await list.CompleteAsync(2);
        await list.ReopenAsync(2);
        ClusterFixture.Clock.Set(Now);

        var today = DueInput.OnDate(new(2026, 3, 4));
        Assert.Equal(new[] { 6 }, await Ids(list, new TaskQuery { CompletedFrom = today, CompletedTo = today }));
        Assert.Equal(new[] { 1 }, await Ids(list, new TaskQuery { CompletedTo = DueInput.OnDate(new(2026, 3, 3)) }));
        Assert.Equal(new[] { 1, 6 }, (await Ids(list, new TaskQuery { CompletedFrom = DueInput.OnDate(new(2026, 3, 2)) })).Order());
        Assert.Empty(await Ids(list, new TaskQuery { CompletedFrom = DueInput.OnDate(new(2026, 3, 4), new(10, 6)) }));

        var refused = await Assert.ThrowsAsync<TaskValidationException>(() => list.ListAsync(new TaskQuery { CompletedFrom = today, CompletedTo = DueInput.OnDate(new(2026, 3, 1)) }));
        Assert.Contains("completed_to", refused.Errors.Keys);
    }

    [Fact]
    public async Task ListAsync_FiltersByPriorityAndTags()
    {
        var list = await SeededAsync();
        Assert.Equal(new[] { 1, 5 }, (await Ids(list, new TaskQuery { Priorities = [Priority.High] })).Order());
        Assert.Equal(new[] { 1, 2, 5 }, (await Ids(list, new TaskQuery { Priorities = [Priority.High, Priority.Low] })).Order());
        Assert.Equal(new[] { 1, 2, 3, 5 }, (await Ids(list, new TaskQuery { Tags = ["WORK", "#home"] })).Order());
        Assert.Equal(new[] { 3 }, await Ids(list, new TaskQuery { Tags = ["home", "money"], TagMode = TagMode.All }));
        Assert.Equal(new[] { 1 }, await Ids(list, new TaskQuery { Tags = ["work"], Priorities = [Priority.High], Keyword = "tax" }));
    }

    [Fact]
    public async Task ListAsync_SearchesTitleAndDescription_CaseInsensitively()
    {
        var list = await SeededAsync();
        Assert.Equal(new[] { 1 }, await Ids(list, new TaskQuery { Keyword = "FORMS" }));
        Assert.Equal(new[] { 1 }, await Ids(list, new TaskQuery { Keyword = "file tax" }));
        Assert.Empty(await Ids(list, new TaskQuery { Keyword = "tax milk" }));
    }

    [Fact]
    public async Task ListAsync_FiltersByDueWindow_AndOverdue()
    {
        var list = await SeededAsync();
        Assert.Equal(new[] { 2, 3 }, (await Ids(list, new TaskQuery { DueFrom = DueInput.OnDate(new(2026, 3, 4)), DueTo = DueInput.OnDate(new(2026, 3, 4)) })).Order());
        Assert.Equal(new[] { 3, 4 }, (await Ids(list, new TaskQuery { DueFrom = DueInput.OnDate(new(2026, 3, 4), new(12, 0)) })).Order());
        Assert.Equal(new[] { 1, 2, 3, 6 }, (await Ids(list, new TaskQuery { DueTo = DueInput.OnDate(new(2026, 3, 4)) })).Order());
        Assert.Equal(new[] { 1, 2 }, (await Ids(list, new TaskQuery { Overdue = true })).Order());
    }

    [Fact]
    public async Task ListAsync_SortsEitherWay_WithUndatedTasksLast()
    {
        var list = await SeededAsync();
        Assert.Equal(new[] { 1, 6, 2, 3, 4, 5 }, await Ids(list, new TaskQuery { Sort = TaskSort.Due }));
        Assert.Equal(new[] { 4, 3, 2, 6, 1, 5 }, await Ids(list, new TaskQuery { Sort = TaskSort.Due, Descending = true }));
        Assert.Equal(new[] { 1, 5, 3, 2, 6, 4 }, await Ids(list, new TaskQuery { Sort = TaskSort.Priority, Descending = true }));
        Assert.Equal(new[] { 4, 5, 2, 6, 3, 1 }, await Ids(list, new TaskQuery { Sort = TaskSort.Title }));
        Assert.Equal(new[] { 1, 3, 6, 2, 5, 4 }, await Ids(list, new TaskQuery { Sort = TaskSort.Title, Descending = true }));
        Assert.Equal(new[] { 6, 5, 4, 3, 2, 1 }, await Ids(list, new TaskQuery { Sort = TaskSort.Created, Descending = true }));
    }

    [Fact]
    public async Task ListAsync_PagesWithTotal()
    {
        var list = await SeededAsync();
        var page = await list.ListAsync(new TaskQuery { Sort = TaskSort.Created, Limit = 2, Offset = 2 });
        Assert.Equal(6, page.Total);
        Assert.Equal(new[] { 3, 4 }, page.Items.Select(t => t.Id));
        Assert.Empty((await list.ListAsync(new TaskQuery { Offset = 10 })).Items);
    }

    [Theory]
    [InlineData(0, 0, "limit")]
    [InlineData(501, 0, "limit")]
    [InlineData(10, -1, "offset")]
    public async Task ListAsync_RefusesBadPaging(int limit, int offset, string field)
    {
        var list = fixture.NewUser(out _);
        var error = await Assert.ThrowsAsync<TaskValidationException>(() => list.ListAsync(new TaskQuery { Limit = limit, Offset = offset }));
        Assert.Contains(field, error.Errors.Keys);
    }

    [Fact]
    public async Task RescheduleAsync_ShiftsTheSelectedPendingTasks_AndTheirAbsoluteReminders()
    {
        var list = await SeededAsync();
        await list.UpdateAsync(2, new TaskPatch { Reminder = new Settable<ReminderInput?>(true, ReminderInput.AtLocal(new DateTime(2026, 3, 4, 8, 30, 0))) });

        var moved = await list.RescheduleAsync(new RescheduleRequest
        {
            Filter = new TaskQuery { DueFrom = DueInput.OnDate(new(2026, 3, 4)), DueTo = DueInput.OnDate(new(2026, 3, 4)) },
            Shift = TimeSpan.FromDays(1),
        });

        Assert.Equal(new[] { 2, 3 }, moved.Select(t => t.After!.Id).Order());
        Assert.Equal(new TaskDue(new(2026, 3, 4), new(9, 0)), moved.Single(t => t.Before.Id == 2).Before.Due);
        var milk = await list.GetAsync(2);
        Assert.Equal(new TaskDue(new(2026, 3, 5), new(9, 0)), milk!.Due);
        Assert.Equal(new DateTimeOffset(2026, 3, 5, 8, 30, 0, TimeSpan.Zero), milk.RemindAt);
        Assert.Equal(new TaskDue(new(2026, 3, 5)), (await list.GetAsync(3))!.Due);
        Assert.Equal(new TaskDue(new(2026, 3, 11), new(19, 30)), (await list.GetAsync(4))!.Due);
    }

    [Fact]
    public async Task RescheduleAsync_SetsANewDate_KeepingEachTimeOfDay()
    {
        var list = await SeededAsync();
        var moved = await list.RescheduleAsync(new RescheduleRequest { Filter = new TaskQuery { Overdue = true }, NewDue = DueInput.OnDate(new(2026, 3, 6)) });

        Assert.Equal(new[] { 1, 2 }, moved.Select(t => t.After!.Id).Order());
        Assert.Equal(new TaskDue(new(2026, 3, 6)), (await list.GetAsync(1))!.Due);
        Assert.Equal(new TaskDue(new(2026, 3, 6), new(9, 0)), (await list.GetAsync(2))!.Due);
        // The completed task (6) was overdue once but is never moved.
        Assert.Equal(new TaskDue(new(2026, 3, 3)), (await list.GetAsync(6))!.Due);
    }

    [Fact]
    public async Task RescheduleAsync_RefusesBothOrNeitherTarget()
    {
        var list = await SeededAsync();
        await Assert.ThrowsAsync<TaskValidationException>(() => list.RescheduleAsync(new RescheduleRequest()));
        await Assert.ThrowsAsync<TaskValidationException>(() => list.RescheduleAsync(new RescheduleRequest { NewDue = DueInput.OnDate(new(2026, 3, 6)), Shift = TimeSpan.FromDays(1) }));
        Assert.Equal(new TaskDue(new(2026, 3, 2)), (await list.GetAsync(1))!.Due);
    }

    [Fact]
    public async Task ListIfChanged_ATagHoldsWhileThePageCannotChange_AndAnOverdueOnesOnlyForItsMinute()
    {
        var list = await SeededAsync();
        var all = new TaskQuery { Status = StatusFilter.All };
        var overdue = new TaskQuery { Overdue = true };
        var today = new TaskQuery { DueFrom = DueInput.OnDate(new(2026, 3, 4)), DueTo = DueInput.OnDate(new(2026, 3, 4)) };

        var allTag = (await list.ListIfChangedAsync(all, null)).Tag;
        var overdueRead = await list.ListIfChangedAsync(overdue, null);
        Assert.Equal([1, 2], overdueRead.Page!.Items.Select(t => t.Id).Order());
        Assert.Null((await list.ListIfChangedAsync(all, allTag)).Page);
        Assert.Null((await list.ListIfChangedAsync(overdue, overdueRead.Tag)).Page);
        Assert.NotEqual(allTag, (await list.ListIfChangedAsync(today, null)).Tag);

        // Time passes with no change: a plain list keeps its tag, an overdue one does not.
        ClusterFixture.Clock.Set(Now.AddMinutes(1));
        Assert.Null((await list.ListIfChangedAsync(all, allTag)).Page);
        Assert.NotNull((await list.ListIfChangedAsync(overdue, overdueRead.Tag)).Page);

        // A bad query is refused as by ListAsync, whatever the tag.
        await Assert.ThrowsAsync<TaskValidationException>(() => list.ListIfChangedAsync(new TaskQuery { Limit = 0 }, "*"));
    }
}
