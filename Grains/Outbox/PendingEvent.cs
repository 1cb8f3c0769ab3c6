using TodoGrains.Contracts.Events;
using TodoGrains.GrainInterfaces.Tasks;

namespace TodoGrains.Grains.Outbox;

/// <summary>
/// An event as the outbox stores it, in the head record, until the publisher accepts it: the stored task, turned
/// into the public <see cref="TodoEvent"/> only when published. Its alias and ids are those the outbox always
/// stored, so outboxes written before the public schema existed still read.
/// </summary>
[GenerateSerializer, Immutable, Alias("TodoGrains.TodoEvent")]
public sealed record PendingEvent(
    [property: Id(0)] Guid EventId,
    [property: Id(1)] string Topic,
    [property: Id(2)] string Type,
    [property: Id(3)] string UserId,
    [property: Id(4)] int TaskId,
    [property: Id(5)] long Sequence,
    [property: Id(6)] DateTimeOffset OccurredAt,
    [property: Id(7)] TaskItem Task)
{
    /// <summary>The event as it goes on the wire.</summary>
    public TodoEvent ToPublic() => new(EventId, Topic, Type, UserId, TaskId, Sequence, OccurredAt, TaskView.From(Task).ToSnapshot());
}
