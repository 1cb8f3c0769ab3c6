using System.Threading.Channels;
using TodoGrains.GrainInterfaces.Events;
using TodoGrains.Grains.Outbox;

namespace TodoGrains.Silo.IntegrationEvents;

/// <summary>A consumer of events on the embedded shape's in-process bus.</summary>
public interface IInProcessSubscriber
{
    /// <summary>The topic this subscriber reads (one of <see cref="TodoTopics"/>).</summary>
    string Topic { get; }

    Task HandleAsync(TodoEvent evt, CancellationToken cancellationToken);
}

/// <summary>
/// The embedded shape's stand-in for Dapr pub/sub: accepting an event queues it, and a background loop
/// delivers it to every subscriber of its topic, retrying a failing subscriber with back-off. Delivery is
/// off the grain's turn, so a subscriber may call back into the grain that published.
/// </summary>
public sealed partial class InProcessEventBus(IEnumerable<IInProcessSubscriber> subscribers, ILogger<InProcessEventBus> logger)
    : BackgroundService, IEventPublisher
{
    private const int MaxAttempts = 8;
    private readonly Channel<TodoEvent> _queue = Channel.CreateUnbounded<TodoEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ILookup<string, IInProcessSubscriber> _byTopic = subscribers.ToLookup(s => s.Topic);

    public Task PublishAsync(TodoEvent evt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(evt);
        if (!_queue.Writer.TryWrite(evt))
        {
            throw new InvalidOperationException("The in-process event bus has stopped.");
        }

        return Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var evt in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            foreach (var subscriber in _byTopic[evt.Topic])
            {
                await DeliverAsync(subscriber, evt, stoppingToken);
            }
        }
    }

    private async Task DeliverAsync(IInProcessSubscriber subscriber, TodoEvent evt, CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await subscriber.HandleAsync(evt, stoppingToken);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException && attempt < MaxAttempts)
            {
                LogRetry(ex, subscriber.GetType().Name, evt.EventId, delay);
                await Task.Delay(delay, stoppingToken);
                delay *= 2;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogDropped(ex, subscriber.GetType().Name, evt.EventId, attempt);
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Subscriber} failed on event {EventId}; retrying in {Delay}")]
    private partial void LogRetry(Exception ex, string subscriber, Guid eventId, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Subscriber} failed on event {EventId} {Attempts} times; dropped")]
    private partial void LogDropped(Exception ex, string subscriber, Guid eventId, int attempts);
}
