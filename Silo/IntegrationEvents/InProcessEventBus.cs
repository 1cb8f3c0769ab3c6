using System.Threading.Channels;
using TodoGrains.EdgeServices.Common.Handling;
using TodoGrains.GrainInterfaces.Events;
using TodoGrains.Grains.Diagnostics;
using TodoGrains.Grains.Outbox;

namespace TodoGrains.Silo.IntegrationEvents;

/// <summary>
/// The embedded shape's stand-in for Dapr pub/sub, delivering to the same <see cref="ITopicHandler"/>s the edge
/// services run. Accepting an event queues it for every handler of its topic; each handler has its own queue and
/// loop (a slow one holds up nobody else), delivery is off the publishing grain's turn (a handler may call back
/// into it), RETRY is retried with back-off, DROP is logged, and stopping the host drains what is queued.
/// </summary>
public sealed partial class InProcessEventBus : IHostedService, IEventPublisher
{
    private const int MaxAttempts = 12;
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    private readonly ILogger<InProcessEventBus> _logger;
    private readonly Lane[] _lanes;
    private volatile bool _stopped;

    private readonly TodoMetrics _metrics;
    private readonly TimeProvider _time;

    public InProcessEventBus(IEnumerable<ITopicHandler> handlers, TodoMetrics metrics, TimeProvider time, ILogger<InProcessEventBus> logger)
    {
        _logger = logger;
        _metrics = metrics;
        _time = time;
        _lanes = handlers.Select(h => new Lane(h)).ToArray();
    }

    public Task PublishAsync(TodoEvent evt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(evt);
        if (_stopped)
        {
            // Refused, so the grain's outbox keeps the event for the next start.
            throw new InvalidOperationException("The in-process event bus has stopped.");
        }

        foreach (var lane in _lanes.Where(l => l.Handler.Topic == evt.Topic))
        {
            if (!lane.Queue.Writer.TryWrite(evt))
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
                HandlerResult result;
                try
                {
                    result = await lane.Handler.HandleAsync(evt, CancellationToken.None);
                }
                catch (Exception ex)
                {
                    LogFailed(ex, lane.Handler.Name, evt.EventId);
                    result = HandlerResult.Retry;
                }

                if (result == HandlerResult.Success)
                {
                    _metrics.EventDelivered(evt.Topic, _time.GetUtcNow() - evt.OccurredAt);
                    break;
                }

                if (result == HandlerResult.Drop || attempt >= MaxAttempts)
                {
                    LogDropped(lane.Handler.Name, evt.EventId, attempt);
                    break;
                }

                await Task.Delay(delay);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }

    private sealed class Lane(ITopicHandler handler)
    {
        public ITopicHandler Handler { get; } = handler;

        public Channel<TodoEvent> Queue { get; } = Channel.CreateUnbounded<TodoEvent>(new UnboundedChannelOptions { SingleReader = true });

        public Task Loop { get; set; } = Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Handler} failed on event {EventId}; retrying")]
    private partial void LogFailed(Exception ex, string handler, Guid eventId);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Handler} gave up on event {EventId} after {Attempts} attempts; dropped")]
    private partial void LogDropped(string handler, Guid eventId, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopped with {Count} events undelivered")]
    private partial void LogUndelivered(int count);
}
