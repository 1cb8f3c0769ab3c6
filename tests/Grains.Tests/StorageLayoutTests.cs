using TodoGrains.Contracts.Tasks;
using TodoGrains.GrainInterfaces.Tasks;
using TodoGrains.Grains.Tasks;

namespace TodoGrains.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class StorageLayoutTests(ClusterFixture fixture)
{
    [Fact]
    public async Task ManyTasks_SurviveReactivation_FromSegmentsAndJournal()
    {
        ClusterFixture.Clock.Set(new DateTimeOffset(2026, 3, 4, 10, 0, 0, TimeSpan.Zero));
        var list = fixture.NewUser(out _);
        // Spans several segments and leaves a partly filled journal behind.
        var count = (TaskListLayout.SegmentSize * 2) + TaskListLayout.JournalFlushThreshold + 5;
        for (var i = 1; i <= count; i++)
        {
            await list.AddAsync(new TaskDraft { Title = $"Task {i}", Tags = [i % 2 == 0 ? "even" : "odd"] });
        }

        await list.CompleteAsync(1);
        await list.DeleteAsync(2);
        await list.UpdateAsync(TaskListLayout.SegmentSize + 1, new TaskPatch { Title = "Renamed" });

        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero, TestContext.Current.CancellationToken);

        var page = await list.ListAsync(new TaskQuery { Sort = TaskSort.Created, Limit = TaskQuery.MaxLimit });
        Assert.Equal(count - 1, page.Total);
        Assert.Equal(TodoStatus.Completed, (await list.GetAsync(1))!.Status);
        Assert.Null(await list.GetAsync(2));
        Assert.Equal("Renamed", (await list.GetAsync(TaskListLayout.SegmentSize + 1))!.Title);
        Assert.Equal($"Task {count}", (await list.GetAsync(count))!.Title);
        Assert.Equal(count + 1, (await list.AddAsync(new TaskDraft { Title = "Next" })).Id);
    }

    [Fact]
    public async Task ASegmentEmptiedAndRefilled_IsWrittenAgain()
    {
        ClusterFixture.Clock.Set(new DateTimeOffset(2026, 3, 4, 10, 0, 0, TimeSpan.Zero));
        var list = fixture.NewUser(out _);
        var batch = TaskListLayout.JournalFlushThreshold + 2;
        for (var i = 1; i <= batch; i++)
        {
            await list.AddAsync(new TaskDraft { Title = $"First {i}" });
        }

        for (var i = 1; i <= batch; i++)
        {
            await list.DeleteAsync(i);
        }

        for (var i = 1; i <= batch; i++)
        {
            await list.AddAsync(new TaskDraft { Title = $"Second {i}" });
        }

        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero, TestContext.Current.CancellationToken);

        var page = await list.ListAsync(new TaskQuery { Sort = TaskSort.Created, Limit = TaskQuery.MaxLimit });
        Assert.Equal(batch, page.Total);
        Assert.All(page.Items, t => Assert.StartsWith("Second", t.Title, StringComparison.Ordinal));
        Assert.Equal((batch * 2) + 1, (await list.AddAsync(new TaskDraft { Title = "Next" })).Id);
    }
}
