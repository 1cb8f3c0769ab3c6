using Dapr.Client;
using Microsoft.Extensions.Options;
using TodoGrains.Contracts.Edge;
using TodoGrains.Contracts.Events;
using TodoGrains.Grains.Outbox;

namespace TodoGrains.Silo.IntegrationEvents;

/// <summary>
/// The outbox's publisher port on Dapr pub/sub: one topic per event kind, the user id as the partition key (Kafka
/// keeps one person's events in order). A refused publish throws; the grain's outbox keeps the event and retries
/// with back-off, so nothing is dropped while the sidecar or the broker is down.
/// </summary>
public sealed class DaprEventPublisher(DaprClient dapr, IOptions<EdgeOptions> options) : IEventPublisher
{
    public Task PublishAsync(TodoEvent evt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(evt);
        var metadata = new Dictionary<string, string> { ["partitionKey"] = evt.UserId };
        return dapr.PublishEventAsync(options.Value.PubSubName, evt.Topic, evt, metadata, cancellationToken);
    }
}
