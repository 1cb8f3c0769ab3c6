using TodoGrains.Contracts.Events;

namespace TodoGrains.EdgeServices.Common.Handling;

/// <summary>What a handler tells the broker, in Dapr's words: done, try again later, or never again.</summary>
public enum HandlerResult
{
    /// <summary>Handled (or already handled before: every handler is idempotent).</summary>
    Success = 0,

    /// <summary>A transient failure: deliver it again later.</summary>
    Retry = 1,

    /// <summary>Poison: it can never succeed; logged and dropped.</summary>
    Drop = 2,
}

/// <summary>
/// The logic of one edge service for one topic, behind a port so the embedded shape calls it in-process and the
/// cluster shape through Dapr. Deliveries are at least once: a duplicate must change nothing.
/// </summary>
public interface ITopicHandler
{
    /// <summary>A short name, unique within the service; the subscription route is <c>/events/{Name}</c>.</summary>
    string Name { get; }

    /// <summary>One of <see cref="TodoTopics"/>.</summary>
    string Topic { get; }

    Task<HandlerResult> HandleAsync(TodoEvent evt, CancellationToken cancellationToken);
}

/// <summary>
/// A handler that can take several queued events at once more cheaply than one by one (one storage commit for
/// the lot). Success means every event of the batch is handled; anything else means none is known to be, and the
/// caller falls back to <see cref="ITopicHandler.HandleAsync"/> event by event, so per-event RETRY and DROP still
/// apply. The embedded shape's in-process bus uses it; Dapr delivers one event per request.
/// </summary>
public interface IBatchTopicHandler : ITopicHandler
{
    /// <summary>Events in delivery order; duplicates (redeliveries) may appear and must change nothing.</summary>
    Task<HandlerResult> HandleBatchAsync(IReadOnlyList<TodoEvent> events, CancellationToken cancellationToken);
}
