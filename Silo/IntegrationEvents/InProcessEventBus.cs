using System.Threading.Channels;
using TodoGrains.Contracts.Events;
using TodoGrains.EdgeServices.Common.Handling;
using TodoGrains.EdgeServices.Common.State;
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
/// A failing event holds up only its own person: it is set aside with that person's later events (their order
/// kept) and retried with back-off beside the lane, which goes on with everyone else's; after
/// <see cref="MaxAttempts"/> tries it goes to the dead letters (<see cref="DeadLetterPrefix"/> in the state store)
/// and the person's next events follow.
/// The delivery histogram starts when the bus accepts an event: the grain hands its outbox over right after the
/// commit, so that is the commit as the event path sees it (an event's <c>occurred_at</c> is stamped before the
/// write, and would add the grain's storage latency to the event path).
/// </summary>
public sealed partial class InProcessEventBus : IHostedService, IEventPublisher
{
    public const int MaxAttempts = 12;
    public const string DeadLetterPrefix = "dead-letter/";
    private const int MaxBatch = 256;
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);

    private readonly ILogger<InProcessEventBus> _logger;
    private readonly Lane[] _lanes;
    private readonly IStateStore _deadLetters;
    private volatile bool _stopped;

    private readonly TodoMetrics _metrics;
    private readonly TimeProvider _time;

    public InProcessEventBus(IEnumerable<ITopicHandler> handlers, IStateStore deadLetters, TodoMetrics metrics, TimeProvider time, ILogger<InProcessEventBus> logger)
    {
        _logger = logger;
        _deadLetters = deadLetters;
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
            await Task.WhenAll(_lanes.SelectMany(l => l.Retries())).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            LogUndelivered(_lanes.Sum(l => l.Queue.Reader.Count + l.ParkedCount()));
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
                // Behind a failing event of the same person: it waits there, in order.
                if (!lane.TryPark(accepted))
                {
                    batch.Add(accepted);
                }
            }

            if (batch.Count > 1 && lane.Handler is IBatchTopicHandler batching && await TryBatchAsync(batching, batch))
            {
                continue;
            }

            foreach (var accepted in batch)
            {
                if (lane.TryPark(accepted))
                {
                    continue;
                }

                if (await TryDeliverAsync(lane.Handler, accepted) == HandlerResult.Retry)
                {
                    lane.Park(accepted, () => RetryAsync(lane, accepted.Event.UserId));
                }
            }
        }
    }

    /// <summary>One person's set-aside events, head first, each retried with back-off until it lands or dies.</summary>
    private async Task RetryAsync(Lane lane, string userId)
    {
        var attempt = 1;
        var delay = FirstBackoff;
        while (lane.Head(userId) is { } head)
        {
            HandlerResult result;
            if (attempt == 0)
            {
                // The next of the person's events: tried at once, like on the lane.
                result = await TryDeliverAsync(lane.Handler, head);
                attempt = 1;
            }
            else
            {
                await Task.Delay(delay, _time);
                attempt++;
                result = await TryDeliverAsync(lane.Handler, head);
            }

            if (result == HandlerResult.Retry && attempt < MaxAttempts)
            {
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxBackoff.Ticks));
                continue;
            }

            if (result == HandlerResult.Retry)
            {
                await DeadLetterAsync(lane.Handler, head.Event, attempt);
            }

            // Done with the head either way: the next one is tried at once, with a fresh count.
            lane.Advance(userId);
            attempt = 0;
            delay = FirstBackoff;
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

    /// <summary>One try: Success (recorded), Drop (logged: it can never succeed) or Retry.</summary>
    private async Task<HandlerResult> TryDeliverAsync(ITopicHandler handler, Accepted accepted)
    {
        var evt = accepted.Event;
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
        }
        else if (result == HandlerResult.Drop)
        {
            LogDropped(handler.Name, evt.EventId);
        }

        return result;
    }

    private async Task DeadLetterAsync(ITopicHandler handler, TodoEvent evt, int attempts)
    {
        LogDeadLettered(handler.Name, evt.EventId, evt.UserId, attempts);
        _metrics.EventDeadLettered(handler.Name);
        try
        {
            await _deadLetters.SetAsync($"{DeadLetterPrefix}{handler.Name}/{evt.EventId}", new DeadLetter(handler.Name, attempts, _time.GetUtcNow(), evt), CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogDeadLetterWriteFailed(ex, handler.Name, evt.EventId);
        }
    }

    private readonly record struct Accepted(TodoEvent Event, long At);

    /// <summary>An event a handler gave up on, kept for an operator to look at and replay.</summary>
    public sealed record DeadLetter(string Handler, int Attempts, DateTimeOffset FailedAt, TodoEvent Event);

    private sealed class Lane(ITopicHandler handler)
    {
        // The people with a failing event, each with the events set aside behind it, and its retry loop.
        private readonly Dictionary<string, (Queue<Accepted> Events, Task Retry)> _parked = new(StringComparer.Ordinal);

        public ITopicHandler Handler { get; } = handler;

        public int BatchSize { get; } = handler is IBatchTopicHandler ? MaxBatch : 1;

        public Channel<Accepted> Queue { get; } = Channel.CreateUnbounded<Accepted>(new UnboundedChannelOptions { SingleReader = true });

        public Task Loop { get; set; } = Task.CompletedTask;

        /// <summary>Sets the event aside if its person has a failing event already.</summary>
        public bool TryPark(Accepted accepted)
        {
            lock (_parked)
            {
                if (!_parked.TryGetValue(accepted.Event.UserId, out var parked))
                {
                    return false;
                }

                parked.Events.Enqueue(accepted);
                return true;
            }
        }

        /// <summary>The first failing event of its person: starts the person's retry loop.</summary>
        public void Park(Accepted accepted, Func<Task> retry)
        {
            lock (_parked)
            {
                var events = new Queue<Accepted>();
                events.Enqueue(accepted);
                _parked[accepted.Event.UserId] = (events, Task.CompletedTask);
            }

            var loop = Task.Run(retry);
            lock (_parked)
            {
                if (_parked.TryGetValue(accepted.Event.UserId, out var parked))
                {
                    _parked[accepted.Event.UserId] = (parked.Events, loop);
                }
            }
        }

        public Accepted? Head(string userId)
        {
            lock (_parked)
            {
                return _parked.TryGetValue(userId, out var parked) && parked.Events.TryPeek(out var head) ? head : null;
            }
        }

        /// <summary>Done with the head; the person leaves the set-aside ones when nothing of theirs is left.</summary>
        public void Advance(string userId)
        {
            lock (_parked)
            {
                var events = _parked[userId].Events;
                events.Dequeue();
                if (events.Count == 0)
                {
                    _parked.Remove(userId);
                }
            }
        }

        public Task[] Retries()
        {
            lock (_parked)
            {
                return _parked.Values.Select(p => p.Retry).ToArray();
            }
        }

        public int ParkedCount()
        {
            lock (_parked)
            {
                return _parked.Values.Sum(p => p.Events.Count);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Handler} failed on event {EventId}; retrying")]
    private partial void LogFailed(Exception ex, string handler, Guid eventId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Handler} failed on a batch of {Count} events; delivering them one by one")]
    private partial void LogBatchFailed(Exception ex, string handler, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Handler} refused event {EventId} as one that can never succeed; dropped")]
    private partial void LogDropped(string handler, Guid eventId);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Handler} gave up on event {EventId} of user {UserId} after {Attempts} attempts; it is in the dead letters")]
    private partial void LogDeadLettered(string handler, Guid eventId, string userId, int attempts);

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing the dead letter of {Handler} for event {EventId} failed; it is only in this log")]
    private partial void LogDeadLetterWriteFailed(Exception ex, string handler, Guid eventId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopped with {Count} events undelivered")]
    private partial void LogUndelivered(int count);
}
