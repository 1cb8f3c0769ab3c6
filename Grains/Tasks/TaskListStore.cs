using Orleans.Storage;
using TodoGrains.GrainInterfaces.Tasks;

namespace TodoGrains.Grains.Tasks;

/// <summary>
/// Where one person's tasks are kept: the head record (profile, counters, outbox, series and the journal of task
/// versions newer than their segments) and the segment records of <see cref="TaskListLayout.SegmentSize"/> ids
/// each, with their ETags, and the tasks in memory. One write of the head commits a change whatever the number
/// of tasks; the journal is written out to its segments when it grows. See docs/task-storage.md.
/// </summary>
internal sealed class TaskListStore(IPersistentState<TaskListState> head, IGrainStorage storage, GrainId grainId)
{
    private readonly SharedValues _shared = new();
    private readonly Dictionary<int, string?> _segmentETags = [];

    public TaskListState Head => head.State;

    public TaskTable Tasks { get; } = new();

    /// <summary>Set when a write failed, or a commit failed before it: memory is ahead of storage until the activation is gone.</summary>
    public bool Diverged { get; private set; }

    /// <summary>Memory went ahead of storage without a failed write (a commit that failed before it): nothing more is written.</summary>
    public void Diverge() => Diverged = true;

    /// <summary>Reads every segment a task id could be in, then replays the journal over them.</summary>
    public async Task LoadAsync()
    {
        // Listed or not: a flush cut short may have written a segment the head does not know yet, and its ETag
        // is needed to write it again.
        var lastSegment = TaskListLayout.SegmentOf(Math.Max(Head.NextTaskId - 1, 0));
        var loads = Enumerable.Range(0, lastSegment + 1).Select(async segment =>
        {
            var record = new GrainState<TaskSegmentState>(new TaskSegmentState());
            await storage.ReadStateAsync(TaskListLayout.SegmentStateName(segment), grainId, record);
            return (segment, record);
        });
        foreach (var (segment, record) in await Task.WhenAll(loads))
        {
            if (record.RecordExists)
            {
                _segmentETags[segment] = record.ETag;
            }

            foreach (var (id, task) in record.State?.Tasks ?? [])
            {
                Tasks[id] = _shared.Share(task);
            }
        }

        // The journal holds versions newer than their segments (a flush may have been cut short).
        foreach (var (id, task) in Head.Journal.ToList())
        {
            if (task is null)
            {
                Tasks.Remove(id);
            }
            else
            {
                Tasks[id] = Head.Journal[id] = _shared.Share(task);
            }
        }
    }

    /// <summary>Puts a task version in memory and in the journal; it is committed by the next <see cref="WriteAsync"/>.</summary>
    public TaskItem Put(TaskItem task)
    {
        task = _shared.Share(task);
        Tasks[task.Id] = task;
        Head.Journal[task.Id] = task;
        return task;
    }

    /// <summary>Removes a task from memory and journals its deletion.</summary>
    public void Remove(int taskId)
    {
        Tasks.Remove(taskId);
        Head.Journal[taskId] = null;
    }

    /// <summary>Writes the head record: the commit. A failure leaves the store diverged and is rethrown.</summary>
    public async Task WriteAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await head.WriteStateAsync(cancellationToken);
        }
        catch
        {
            Diverged = true;
            throw;
        }
    }

    /// <summary>
    /// Once the journal reached <see cref="TaskListLayout.JournalFlushThreshold"/>: writes the segments it touched,
    /// then empties it. A failure loses nothing (the journal still holds every version and the next activation
    /// replays it); it leaves the store diverged and is rethrown.
    /// </summary>
    public async Task FlushIfDueAsync()
    {
        if (Head.Journal.Count < TaskListLayout.JournalFlushThreshold)
        {
            return;
        }

        try
        {
            foreach (var segment in Head.Journal.Keys.Select(TaskListLayout.SegmentOf).Distinct().ToList())
            {
                await WriteSegmentAsync(segment);
            }

            Head.Journal.Clear();
            await head.WriteStateAsync();
        }
        catch
        {
            Diverged = true;
            throw;
        }
    }

    private async Task WriteSegmentAsync(int segment)
    {
        var name = TaskListLayout.SegmentStateName(segment);
        var first = segment * TaskListLayout.SegmentSize;
        var content = new TaskSegmentState();
        for (var id = first; id < first + TaskListLayout.SegmentSize; id++)
        {
            if (Tasks.TryGetValue(id, out var task))
            {
                content.Tasks[id] = task;
            }
        }

        var exists = _segmentETags.TryGetValue(segment, out var etag);
        var record = new GrainState<TaskSegmentState>(content) { ETag = etag!, RecordExists = exists };
        if (content.Tasks.Count == 0 && exists)
        {
            await storage.ClearStateAsync(name, grainId, record);
        }
        else if (content.Tasks.Count > 0)
        {
            await storage.WriteStateAsync(name, grainId, record);
        }

        // A provider may keep a cleared record (and its version): the next write needs that ETag.
        if (string.IsNullOrEmpty(record.ETag))
        {
            _segmentETags.Remove(segment);
        }
        else
        {
            _segmentETags[segment] = record.ETag;
        }
    }
}
