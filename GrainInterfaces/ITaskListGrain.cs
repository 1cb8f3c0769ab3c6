using TodoGrains.GrainInterfaces.Tasks;

namespace TodoGrains.GrainInterfaces;

/// <summary>
/// One person's tasks and profile, keyed by user id. Every change is one storage write that also holds
/// the events it produces. Invalid input throws <see cref="TaskValidationException"/> and changes nothing;
/// a task id that does not exist (or is another person's) is answered with null. A method whose signature changes takes
/// a new alias (<c>UpdateAsync.2</c>), so during a rolling upgrade an old caller fails to find it instead of misreading the answer.
/// </summary>
[Alias("TodoGrains.ITaskListGrain")]
public interface ITaskListGrain : IGrainWithStringKey
{
    /// <summary>Returns the person's time zone and default reminder time.</summary>
    [Alias("GetProfileAsync")]
    Task<UserProfile> GetProfileAsync();

    /// <summary>Changes the profile; pending tasks are re-read in the new zone and their reminders moved.</summary>
    [Alias("UpdateProfileAsync")]
    Task<UserProfile> UpdateProfileAsync(UserProfile profile);

    /// <summary>Adds a task and returns it with its new id.</summary>
    [Alias("AddAsync")]
    Task<TaskItem> AddAsync(TaskDraft draft);

    /// <summary>Returns one task, or null.</summary>
    [Alias("GetAsync")]
    Task<TaskItem?> GetAsync(int taskId);

    /// <summary>Changes only the fields the patch sets; returns the task before and after, or null when there is none.</summary>
    [Alias("UpdateAsync.2")]
    Task<TaskTransition?> UpdateAsync(int taskId, TaskPatch patch);

    /// <summary>Marks a task completed (idempotent); returns it before and after, or null.</summary>
    [Alias("CompleteAsync.2")]
    Task<TaskTransition?> CompleteAsync(int taskId);

    /// <summary>Marks a completed task pending again (idempotent); returns it before and after, or null.</summary>
    [Alias("ReopenAsync.2")]
    Task<TaskTransition?> ReopenAsync(int taskId);

    /// <summary>Deletes a task; returns the task as it was deleted (<see cref="TaskTransition.After"/> null), or null when there was none.</summary>
    [Alias("DeleteAsync.2")]
    Task<TaskTransition?> DeleteAsync(int taskId);

    /// <summary>
    /// Puts a task back as it was (an undo): its id, fields, status, reminder and series; a deleted task is created
    /// again under its old id. Null when the snapshot names an id this list never gave out.
    /// </summary>
    [Alias("RestoreAsync")]
    Task<TaskItem?> RestoreAsync(TaskItem snapshot);

    /// <summary>
    /// Brings back one of the most recently deleted tasks as it was when deleted (its id, reminder and series): the
    /// browser's Undo after a deletion. Null when the task is not among them (never deleted, restored already, or
    /// deleted too long ago).
    /// </summary>
    [Alias("RestoreDeletedAsync")]
    Task<TaskItem?> RestoreDeletedAsync(int taskId);

    /// <summary>Filters, sorts and pages the tasks.</summary>
    [Alias("ListAsync")]
    Task<TaskPage> ListAsync(TaskQuery query);

    /// <summary>
    /// The page <see cref="ListAsync"/> would answer, with its entity tag; without the page when the caller's
    /// <c>If-None-Match</c> (<paramref name="ifNoneMatch"/>) already names that tag, so an unchanged list crosses
    /// neither the grain boundary nor the wire (the API answers 304).
    /// </summary>
    [Alias("ListIfChangedAsync")]
    Task<TaggedTaskPage> ListIfChangedAsync(TaskQuery query, string? ifNoneMatch);

    /// <summary>
    /// The tasks a person's words refer to ("task 3", "the groceries one", "my morning meetings", with typos), among
    /// the pending ones (or every task with <paramref name="includeCompleted"/>), best first, at most
    /// <paramref name="limit"/>, with how many matched. Matched inside the grain, so the list never crosses to the caller.
    /// </summary>
    [Alias("FindAsync")]
    Task<TaskPage> FindAsync(string reference, bool includeCompleted, int limit);

    /// <summary>Moves every pending task the filter selects; returns each moved task before and after.</summary>
    [Alias("RescheduleAsync.2")]
    Task<IReadOnlyList<TaskTransition>> RescheduleAsync(RescheduleRequest request);

    /// <summary>
    /// Creates occurrence <paramref name="afterOccurrence"/> + 1 of a series, due at the rule's next future date.
    /// Idempotent: a second call returns the task the first one made. Null when the series has ended or is unknown.
    /// </summary>
    [Alias("SpawnNextOccurrenceAsync")]
    Task<TaskItem?> SpawnNextOccurrenceAsync(string seriesId, int afterOccurrence);
}
