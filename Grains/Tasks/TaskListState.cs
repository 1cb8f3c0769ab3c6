using TodoGrains.GrainInterfaces.Tasks;
using TodoGrains.Grains.Outbox;

namespace TodoGrains.Grains.Tasks;

/// <summary>
/// The head record of a person's task list: everything a change must commit atomically, kept small.
/// Tasks live in <see cref="TaskSegmentState"/> records of <see cref="TaskListLayout.SegmentSize"/> ids each;
/// a change puts the new task version in <see cref="Journal"/>, so one write of this record commits the
/// change and its events together, whatever the number of tasks. See docs/task-storage.md.
/// </summary>
[GenerateSerializer, Alias("TodoGrains.TaskListState")]
public sealed class TaskListState
{
    [Id(0)] public UserProfile Profile { get; set; } = UserProfile.Default;

    [Id(1)] public int NextTaskId { get; set; } = 1;

    [Id(2)] public long NextSequence { get; set; } = 1;

    /// <summary>Events committed but not yet accepted by the publisher, in sequence order.</summary>
    [Id(3)] public List<PendingEvent> Outbox { get; set; } = [];

    /// <summary>Task versions newer than their segment record; null marks a deletion.</summary>
    [Id(4)] public Dictionary<int, TaskItem?> Journal { get; set; } = [];

    // [Id(5)] is retired (a list of segment numbers): segments are found from NextTaskId instead.

    /// <summary>Recurring series by id.</summary>
    [Id(6)] public Dictionary<string, SeriesState> Series { get; set; } = [];

    /// <summary>Whether the profile was ever set (a new user's zone comes from sign-up).</summary>
    [Id(7)] public bool Initialized { get; set; }

    /// <summary>The newest deleted tasks as they were, oldest first, for an undo from the browser (at most <see cref="TaskListLayout.RecentlyDeletedKept"/>).</summary>
    [Id(8)] public List<TaskItem> RecentlyDeleted { get; set; } = [];

    /// <summary>Keeps a deleted task for an undo, forgetting the oldest past <see cref="TaskListLayout.RecentlyDeletedKept"/>.</summary>
    public void KeepDeleted(TaskItem task)
    {
        RecentlyDeleted.Add(task);
        if (RecentlyDeleted.Count > TaskListLayout.RecentlyDeletedKept)
        {
            RecentlyDeleted.RemoveAt(0);
        }
    }
}

/// <summary>Up to <see cref="TaskListLayout.SegmentSize"/> tasks whose ids share one segment number.</summary>
[GenerateSerializer, Alias("TodoGrains.TaskSegmentState")]
public sealed class TaskSegmentState
{
    [Id(0)] public Dictionary<int, TaskItem> Tasks { get; set; } = [];
}

/// <summary>What a recurring series needs to produce its next occurrence.</summary>
[GenerateSerializer, Alias("TodoGrains.SeriesState")]
public sealed class SeriesState
{
    [Id(0)] public required string Rule { get; set; }

    /// <summary>DTSTART of the rule: the due of the occurrence the rule was set on.</summary>
    [Id(1)] public required TaskDue Anchor { get; set; }

    [Id(2)] public int LastOccurrence { get; set; } = 1;

    [Id(3)] public int LastTaskId { get; set; }

    // [Id(4)] is retired (an "ended" flag): an ended series is removed from the head instead.
}

/// <summary>Storage names and the constants of the layout.</summary>
public static class TaskListLayout
{
    /// <summary>The grain storage provider every grain of this product uses.</summary>
    public const string StorageName = "todo";

    public const string HeadStateName = "tasklist";

    /// <summary>How many deletions an undo can still reach: enough for a burst of clean-up, small enough to stay in the head record.</summary>
    public const int RecentlyDeletedKept = 50;

    /// <summary>Ids per segment record: a segment rewrite costs at most this many tasks.</summary>
    public const int SegmentSize = 128;

    /// <summary>Journal entries that trigger writing the touched segments and emptying the journal.</summary>
    public const int JournalFlushThreshold = 24;

    public static int SegmentOf(int taskId) => taskId / SegmentSize;

    public static string SegmentStateName(int segment) => $"tasklist-seg-{segment}";
}
