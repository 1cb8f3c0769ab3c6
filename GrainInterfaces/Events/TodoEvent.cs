using TodoGrains.GrainInterfaces.Tasks;

namespace TodoGrains.GrainInterfaces.Events;

/// <summary>
/// A domain event as published on one of the <see cref="TodoTopics"/>; the data of the CloudEvent.
/// </summary>
/// <param name="EventId">Unique per event; consumers deduplicate on it.</param>
/// <param name="Topic">One of <see cref="TodoTopics"/>.</param>
/// <param name="Type">One of <see cref="TodoEventTypes"/>.</param>
/// <param name="UserId">The owner; also the partition key, so one user's events stay in order.</param>
/// <param name="TaskId">The task the event is about.</param>
/// <param name="Sequence">Per-user, gapless and increasing across all topics: order is recoverable from it.</param>
/// <param name="OccurredAt">When the change was committed.</param>
/// <param name="Task">The task as it is after the change; for a deletion, as it was when deleted.</param>
[GenerateSerializer, Immutable, Alias("TodoGrains.TodoEvent")]
public sealed record TodoEvent(
    [property: Id(0)] Guid EventId,
    [property: Id(1)] string Topic,
    [property: Id(2)] string Type,
    [property: Id(3)] string UserId,
    [property: Id(4)] int TaskId,
    [property: Id(5)] long Sequence,
    [property: Id(6)] DateTimeOffset OccurredAt,
    [property: Id(7)] TaskItem Task);
