using TodoGrains.GrainInterfaces.Tasks;
using TodoGrains.Grains.Tasks;

namespace TodoGrains.Grains.Tests.Collaborators;

/// <summary>The head, segments and journal of <see cref="TaskListStore"/>, on a dictionary, without a cluster.</summary>
public sealed class TaskListStoreTests
{
    private readonly DictionaryGrainStorage _storage = new();

    private TaskListStore NewStore(out StoredState<TaskListState> head)
    {
        head = new StoredState<TaskListState>(_storage, TaskListLayout.HeadStateName);
        return new TaskListStore(head, _storage, default);
    }

    // A store whose first tasks went through a commit and a compaction into their segment.
    private async Task<TaskListStore> WrittenOutAsync(int count)
    {
        var store = NewStore(out var head);
        foreach (var id in Enumerable.Range(1, count))
        {
            store.Put(Task(id));
        }

        head.State.NextTaskId = count + 1;
        await CommitAsync(store);
        return store;
    }

    private static async Task CommitAsync(TaskListStore store)
    {
        await store.WriteAsync(TestContext.Current.CancellationToken);
        await store.FlushIfDueAsync();
    }

    private static TaskItem Task(int id, string title = "Task") => new() { CreatedAt = DateTimeOffset.UnixEpoch, UpdatedAt = DateTimeOffset.UnixEpoch, Id = id, Title = title + " " + id };

    [Fact]
    public async Task AGrownJournal_IsWrittenToTheSegmentsItTouched_ThenEmptied()
    {
        var store = NewStore(out var head);
        var ids = new[] { 1, 2, TaskListLayout.SegmentSize + 3 };
        foreach (var id in ids.Concat(Enumerable.Range(10, TaskListLayout.JournalFlushThreshold)))
        {
            store.Put(Task(id));
        }

        head.State.NextTaskId = TaskListLayout.SegmentSize + 4;
        await CommitAsync(store);

        Assert.Empty(head.State.Journal);
        Assert.Equal([TaskListLayout.SegmentStateName(0), TaskListLayout.SegmentStateName(1)], _storage.Names.Where(n => n != TaskListLayout.HeadStateName).Order());
        Assert.Equal(Task(TaskListLayout.SegmentSize + 3), _storage.Get<TaskSegmentState>(TaskListLayout.SegmentStateName(1))!.Tasks[TaskListLayout.SegmentSize + 3]);
    }

    [Fact]
    public async Task ASmallJournal_StaysInTheHead()
    {
        var store = NewStore(out var head);
        store.Put(Task(1));
        await CommitAsync(store);

        Assert.Single(head.State.Journal);
        Assert.Equal([TaskListLayout.HeadStateName], _storage.Names);
    }

    [Fact]
    public async Task Loading_ReplaysTheJournalOverTheSegments_DeletionsIncluded()
    {
        var store = await WrittenOutAsync(TaskListLayout.JournalFlushThreshold);
        store.Put(Task(1, "Renamed"));
        store.Remove(2);
        await store.WriteAsync(TestContext.Current.CancellationToken);

        var again = NewStore(out var reread);
        await reread.ReadStateAsync();
        await again.LoadAsync();

        Assert.Equal("Renamed 1", again.Tasks.GetValueOrDefault(1)!.Title);
        Assert.False(again.Tasks.TryGetValue(2, out _));
        Assert.Equal(TaskListLayout.JournalFlushThreshold - 1, again.Tasks.Count);
    }

    [Fact]
    public async Task AFailedWrite_LeavesTheStoreDiverged_AndIsRethrown()
    {
        var store = NewStore(out _);
        store.Put(Task(1));
        _storage.FailWrites = true;

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.WriteAsync(TestContext.Current.CancellationToken));
        Assert.True(store.Diverged);
    }

    [Fact]
    public async Task ASegmentLeftEmpty_IsCleared_AndItsNextWriteNeedsNoStaleETag()
    {
        var store = await WrittenOutAsync(TaskListLayout.JournalFlushThreshold);
        foreach (var id in Enumerable.Range(1, TaskListLayout.JournalFlushThreshold))
        {
            store.Remove(id);
        }

        await CommitAsync(store);
        Assert.DoesNotContain(TaskListLayout.SegmentStateName(0), _storage.Names);

        foreach (var id in Enumerable.Range(1, TaskListLayout.JournalFlushThreshold))
        {
            store.Put(Task(id, "Back"));
        }

        await CommitAsync(store);
        Assert.False(store.Diverged);
        Assert.Equal("Back 1", _storage.Get<TaskSegmentState>(TaskListLayout.SegmentStateName(0))!.Tasks[1].Title);
    }
}
