using TodoGrains.Contracts.Events;
using TodoGrains.Contracts.Tasks;
using TodoGrains.GrainInterfaces.Tasks;

namespace TodoGrains.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class OutboxTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Changes_PublishEventsWithGaplessSequence_OnTheRightTopics()
    {
        ClusterFixture.Clock.Set(new DateTimeOffset(2026, 3, 4, 10, 0, 0, TimeSpan.Zero));
        var list = fixture.NewUser(out var userId);

        var task = await list.AddAsync(new TaskDraft { Title = "Write report" });
        await list.UpdateAsync(task.Id, new TaskPatch { Priority = Priority.High });
        await list.UpdateAsync(task.Id, new TaskPatch { Priority = Priority.High }); // no change, no event
        await list.CompleteAsync(task.Id);
        await list.ReopenAsync(task.Id);
        await list.DeleteAsync(task.Id);

        var events = ClusterFixture.Events.For(userId);
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), events.Select(e => e.Sequence));
        Assert.Equal(
            [
                (TodoTopics.TaskEvents, TodoEventTypes.TaskCreated), (TodoTopics.TaskUpdates, TodoEventTypes.TaskChanged),
                (TodoTopics.TaskEvents, TodoEventTypes.TaskUpdated), (TodoTopics.TaskUpdates, TodoEventTypes.TaskChanged),
                (TodoTopics.TaskEvents, TodoEventTypes.TaskCompleted), (TodoTopics.TaskUpdates, TodoEventTypes.TaskChanged),
                (TodoTopics.TaskEvents, TodoEventTypes.TaskReopened), (TodoTopics.TaskUpdates, TodoEventTypes.TaskChanged),
                (TodoTopics.TaskEvents, TodoEventTypes.TaskDeleted), (TodoTopics.TaskUpdates, TodoEventTypes.TaskRemoved),
            ],
            events.Select(e => (e.Topic, e.Type)));
        Assert.All(events, e => Assert.Equal(task.Id, e.TaskId));
        Assert.All(events, e => Assert.Equal(userId, e.UserId));
        Assert.Equal(events.Count, events.Select(e => e.EventId).Distinct().Count());
        Assert.Equal(Priority.High, events[2].Task.Priority);
        Assert.Equal(TodoStatus.Completed, events[4].Task.Status);
    }

    [Fact]
    public async Task FailedPublish_KeepsTheEvent_AndDeliversItLaterInOrder()
    {
        ClusterFixture.Clock.Set(new DateTimeOffset(2026, 3, 4, 10, 0, 0, TimeSpan.Zero));
        var list = fixture.NewUser(out var userId);
        ClusterFixture.Events.FailFor(userId);

        // The change itself succeeds: it is committed with its events, which wait in the outbox.
        var task = await list.AddAsync(new TaskDraft { Title = "Survives an outage" });
        await list.CompleteAsync(task.Id);
        Assert.Equal(TodoStatus.Completed, (await list.GetAsync(task.Id))!.Status);
        Assert.Empty(ClusterFixture.Events.For(userId));
        var refused = ClusterFixture.Events.Refused;
        await Task.Delay(1500, TestContext.Current.CancellationToken);
        Assert.True(ClusterFixture.Events.Refused > refused, "the outbox keeps retrying while the publisher refuses");

        ClusterFixture.Events.Recover(userId);
        var delivered = await ReminderTests.WaitForAsync(() => ClusterFixture.Events.For(userId), l => l.Count >= 4, TimeSpan.FromSeconds(30));

        Assert.Equal([1L, 2, 3, 4], delivered.Select(e => e.Sequence));
        Assert.Equal([TodoEventTypes.TaskCreated, TodoEventTypes.TaskChanged, TodoEventTypes.TaskCompleted, TodoEventTypes.TaskChanged], delivered.Select(e => e.Type));
    }
}
