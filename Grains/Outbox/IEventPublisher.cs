using TodoGrains.Contracts.Events;

namespace TodoGrains.Grains.Outbox;

/// <summary>
/// The port the outbox drains into. Returning normally means the event was accepted (by the in-process bus
/// or the Dapr sidecar); throwing means it was not, and the outbox keeps it and retries later.
/// </summary>
public interface IEventPublisher
{
    Task PublishAsync(TodoEvent evt, CancellationToken cancellationToken);
}
