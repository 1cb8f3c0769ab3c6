using TodoGrains.GrainInterfaces.Events;

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
