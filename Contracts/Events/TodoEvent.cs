using TodoGrains.Contracts.Tasks;

namespace TodoGrains.Contracts.Events;

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
/// <param name="Version">The version of <see cref="TaskSnapshot"/> the publisher wrote (docs/events.md).</param>
public sealed record TodoEvent(
    Guid EventId,
    string Topic,
    string Type,
    string UserId,
    int TaskId,
    long Sequence,
    DateTimeOffset OccurredAt,
    TaskSnapshot Task,
    int Version = TaskSnapshot.CurrentVersion);
