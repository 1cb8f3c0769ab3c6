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
/// A handler that takes batches (<see cref="IBatchTopicHandler"/>) gets everything queued for it, up to
/// <see cref="MaxBatch"/>, in one call: under load the audit trail then commits once per batch rather than once
/// per event (docs/performance.md); if a batch does not succeed, its events go one by one.
/// The delivery histogram starts when the bus accepts an event: the grain hands its outbox over right after the
/// commit, so that is the commit as the event path sees it (an event's <c>occurred_at</c> is stamped before the
/// write, and would add the grain's storage latency to the event path).
/// </summary>
public sealed partial class InProcessEventBus : IHostedService, IEventPublisher
{
    private const int MaxAttempts = 12;
    private const int MaxBatch = 256;
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

        var accepted = new Accepted(evt, _time.GetTimestamp());
        foreach (var lane in _lanes.Where(l => l.Handler.Topic == evt.Topic))
        {
            if (!lane.Queue.Writer.TryWrite(accepted))
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
        var reader = lane.Queue.Reader;
        var batch = new List<Accepted>(MaxBatch);
        while (await reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < lane.BatchSize && reader.TryRead(out var accepted))
            {
                batch.Add(accepted);
            }

            if (batch.Count > 1 && lane.Handler is IBatchTopicHandler batching && await TryBatchAsync(batching, batch))
            {
                continue;
            }

            foreach (var accepted in batch)
            {
                await DeliverAsync(lane.Handler, accepted);
            }
        }
    }

    private async Task<bool> TryBatchAsync(IBatchTopicHandler handler, List<Accepted> batch)
    {
        HandlerResult result;
        try
        {
            result = await handler.HandleBatchAsync(batch.ConvertAll(a => a.Event), CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogBatchFailed(ex, handler.Name, batch.Count);
            return false;
        }

        if (result != HandlerResult.Success)
        {
            return false;
        }

        foreach (var accepted in batch)
        {
            _metrics.EventDelivered(accepted.Event.Topic, _time.GetElapsedTime(accepted.At));
        }

        return true;
    }

    private async Task DeliverAsync(ITopicHandler handler, Accepted accepted)
    {
        var evt = accepted.Event;
        var delay = TimeSpan.FromMilliseconds(50);
        for (var attempt = 1; ; attempt++)
        {
            HandlerResult result;
            try
            {
                result = await handler.HandleAsync(evt, CancellationToken.None);
            }
            catch (Exception ex)
            {
                LogFailed(ex, handler.Name, evt.EventId);
                result = HandlerResult.Retry;
            }

            if (result == HandlerResult.Success)
            {
                _metrics.EventDelivered(evt.Topic, _time.GetElapsedTime(accepted.At));
                return;
            }

            if (result == HandlerResult.Drop || attempt >= MaxAttempts)
            {
                LogDropped(handler.Name, evt.EventId, attempt);
                return;
            }

            await Task.Delay(delay);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxBackoff.Ticks));
        }
    }

    private readonly record struct Accepted(TodoEvent Event, long At);

    private sealed class Lane(ITopicHandler handler)
    {
        public ITopicHandler Handler { get; } = handler;

        public int BatchSize { get; } = handler is IBatchTopicHandler ? MaxBatch : 1;

        public Channel<Accepted> Queue { get; } = Channel.CreateUnbounded<Accepted>(new UnboundedChannelOptions { SingleReader = true });

        public Task Loop { get; set; } = Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Handler} failed on event {EventId}; retrying")]
    private partial void LogFailed(Exception ex, string handler, Guid eventId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Handler} failed on a batch of {Count} events; delivering them one by one")]
    private partial void LogBatchFailed(Exception ex, string handler, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Handler} gave up on event {EventId} after {Attempts} attempts; dropped")]
    private partial void LogDropped(string handler, Guid eventId, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopped with {Count} events undelivered")]
    private partial void LogUndelivered(int count);
}
