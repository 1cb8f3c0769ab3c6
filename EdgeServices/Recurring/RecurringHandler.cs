using TodoGrains.Contracts.Events;
using TodoGrains.EdgeServices.Common.Handling;

namespace TodoGrains.EdgeServices.Recurring;

/// <summary>Where the next occurrence of a series is made (the owner's task grain, behind the chat-api).</summary>
public interface IOccurrenceSpawner
{
    /// <summary>Asks for occurrence <paramref name="afterOccurrence"/> + 1; idempotent on the grain's side.</summary>
    Task SpawnNextAsync(string userId, string seriesId, int afterOccurrence, CancellationToken cancellationToken);
}

/// <summary>
/// When a recurring task is completed, asks for its series' next occurrence. The grain's spawn is idempotent,
/// so a redelivered completion still yields exactly one next task.
/// </summary>
public sealed class RecurringHandler(IOccurrenceSpawner spawner) : ITopicHandler
{
    public string Name => "recurring";

    public string Topic => TodoTopics.TaskEvents;

    public async Task<HandlerResult> HandleAsync(TodoEvent evt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(evt);
        if (evt.Type == TodoEventTypes.TaskCompleted &&
            evt.Task is { Recurrence: not null, SeriesId: { } series, Occurrence: { } occurrence })
        {
            await spawner.SpawnNextAsync(evt.UserId, series, occurrence, cancellationToken);
        }

        return HandlerResult.Success;
    }
}
