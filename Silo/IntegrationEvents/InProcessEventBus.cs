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
/// The embedded shape's stand-in for Dapr pub/sub. Accepting an event queues it for every subscriber of its
/// topic; each subscriber has its own queue and delivery loop (a slow one holds up nobody else), delivery is
/// off the publishing grain's turn (a subscriber may call back into it), a failing delivery is retried with
/// back-off, and stopping the host drains what is queued.
/// </summary>
public sealed partial class InProcessEventBus : IHostedService, IEventPublisher
{
    private const int MaxAttempts = 10;
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    private readonly ILogger<InProcessEventBus> _logger;
    private readonly Lane[] _lanes;
    private volatile bool _stopped;

    public InProcessEventBus(IEnumerable<IInProcessSubscriber> subscribers, ILogger<InProcessEventBus> logger)
    {
        _logger = logger;
        _lanes = subscribers.Select(s => new Lane(s)).ToArray();
    }

    public Task PublishAsync(TodoEvent evt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(evt);
        if (_stopped)
        {
            // Refused, so the grain's outbox keeps the event for the next start.
            throw new InvalidOperationException("The in-process event bus has stopped.");
        }

        foreach (var lane in _lanes)
        {
            if (lane.Subscriber.Topic == evt.Topic && !lane.Queue.Writer.TryWrite(evt))
            {
                throw new InvalidOperationException("The in-process event bus has stopped.");
            }
        }

        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var lane in _lanes)
        {
            lane.Loop = Task.Run(() => RunAsync(lane), CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopped = true;
        foreach (var lane in _lanes)
        {
            lane.Queue.Writer.TryComplete();
        }

        try
        {
            await Task.WhenAll(_lanes.Select(l => l.Loop)).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            LogUndelivered(_lanes.Sum(l => l.Queue.Reader.Count));
        }
    }

    private async Task RunAsync(Lane lane)
    {
        await foreach (var evt in lane.Queue.Reader.ReadAllAsync())
        {
            var delay = TimeSpan.FromMilliseconds(50);
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await lane.Subscriber.HandleAsync(evt, CancellationToken.None);
                    break;
                }
                catch (Exception ex) when (attempt < MaxAttempts)
                {
                    LogRetry(ex, lane.Subscriber.GetType().Name, evt.EventId, delay);
                    await Task.Delay(delay);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxBackoff.Ticks));
                }
                catch (Exception ex)
                {
                    // Poison: the same answer as a Dapr subscriber's DROP, logged for an operator.
                    LogDropped(ex, lane.Subscriber.GetType().Name, evt.EventId, attempt);
                    break;
                }
            }
        }
    }

    private sealed class Lane(IInProcessSubscriber subscriber)
    {
        public IInProcessSubscriber Subscriber { get; } = subscriber;

        public Channel<TodoEvent> Queue { get; } = Channel.CreateUnbounded<TodoEvent>(new UnboundedChannelOptions { SingleReader = true });

        public Task Loop { get; set; } = Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Subscriber} failed on event {EventId}; retrying in {Delay}")]
    private partial void LogRetry(Exception ex, string subscriber, Guid eventId, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Subscriber} failed on event {EventId} {Attempts} times; dropped as poison")]
    private partial void LogDropped(Exception ex, string subscriber, Guid eventId, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopped with {Count} events undelivered")]
    private partial void LogUndelivered(int count);
}
