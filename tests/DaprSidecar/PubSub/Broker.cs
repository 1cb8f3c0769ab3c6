using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using TodoGrains.DaprSidecar.Apps;

namespace TodoGrains.DaprSidecar.PubSub;

/// <summary>
/// An in-memory broker with Kafka-like semantics: every subscribed app is its own consumer group, and each
/// (app, pubsub, topic, partition key) is one ordered queue whose head is retried until it succeeds or is dropped.
/// </summary>
internal sealed class Broker(AppChannel apps, string sourceAppId, TimeProvider time, CancellationToken stopping)
{
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<QueueKey, DeliveryQueue> _queues = new();
    private readonly ConcurrentDictionary<(string AppId, string Topic), StrongBox<long>> _delivered = new();
    private readonly IdleTracker _idle = new();
    private readonly ConcurrentDictionary<string, ComponentScopes> _scopes = new(StringComparer.Ordinal);

    private int _deliveryCopies = 1;
    private int _maxDeliveryRetries = -1;
    private volatile bool _failPublishes;
    private volatile bool _reorderAcrossKeys;
    private long _published;
    private long _dropped;
    private long _redeliveries;

    public int DeliveryCopies
    {
        get => Volatile.Read(ref _deliveryCopies);
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            Volatile.Write(ref _deliveryCopies, value);
        }
    }

    /// <summary>
    /// The inbound Resiliency policy's maxRetries (-1: unbounded, Dapr's default). When they are spent, daprd sends
    /// the event to the subscription's dead-letter topic if it has one and moves on; without one the component
    /// keeps retrying it.
    /// </summary>
    public int MaxDeliveryRetries
    {
        get => Volatile.Read(ref _maxDeliveryRetries);
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, -1);
            Volatile.Write(ref _maxDeliveryRetries, value);
        }
    }

    public bool FailPublishes
    {
        get => _failPublishes;
        set => _failPublishes = value;
    }

    public bool ReorderAcrossKeys
    {
        get => _reorderAcrossKeys;
        set => _reorderAcrossKeys = value;
    }

    public long Published => Interlocked.Read(ref _published);

    public long Dropped => Interlocked.Read(ref _dropped);

    public long Redeliveries => Interlocked.Read(ref _redeliveries);

    public Task WhenIdle => _idle.WhenIdle;

    /// <summary>Limits who receives what on <paramref name="pubsubName"/>; without scopes every subscription is served.</summary>
    public void SetScopes(string pubsubName, ComponentScopes scopes) => _scopes[pubsubName] = scopes;

    public long Delivered(string appId, string topic) =>
        _delivered.TryGetValue((appId, topic), out var count) ? Interlocked.Read(ref count.Value) : 0;

    /// <summary>Accepts an event and queues it for every subscriber; false when publishing is set to fail.</summary>
    public async Task<bool> TryPublishAsync(OutgoingEvent outgoing, CancellationToken cancellationToken)
    {
        if (_failPublishes)
        {
            return false;
        }

        await EnsureSubscriptionsAsync(cancellationToken).ConfigureAwait(false);
        var envelope = CloudEventEnvelope.Create(outgoing, sourceAppId, time.GetUtcNow());
        Interlocked.Increment(ref _published);
        Route(outgoing.PubsubName, outgoing.Topic, outgoing.PartitionKey, envelope);
        return true;
    }

    public async Task RefreshSubscriptionsAsync(CancellationToken cancellationToken)
    {
        foreach (var app in apps.Apps)
        {
            await LoadSubscriptionsAsync(app, cancellationToken).ConfigureAwait(false);
        }
    }

    public IEnumerable<(string AppId, TopicSubscription Subscription)> KnownSubscriptions() =>
        apps.Apps.SelectMany(app => (app.Subscriptions ?? []).Select(subscription => (app.AppId, subscription)));

    private async Task EnsureSubscriptionsAsync(CancellationToken cancellationToken)
    {
        foreach (var app in apps.Apps.Where(app => app.Subscriptions is null))
        {
            await LoadSubscriptionsAsync(app, cancellationToken).ConfigureAwait(false);
        }
    }

    // An app that cannot be reached keeps "not loaded" and is asked again on the next publish.
    private async Task LoadSubscriptionsAsync(RegisteredApp app, CancellationToken cancellationToken)
    {
        try
        {
            using var request = apps.CreateRequest(HttpMethod.Get, app, "dapr/subscribe");
            using var response = await apps.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                app.Subscriptions = [];
                return;
            }

            response.EnsureSuccessStatusCode();
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            using var manifest = JsonDocument.Parse(body.Length == 0 ? "[]"u8.ToArray() : body);
            app.Subscriptions = TopicSubscription.ParseManifest(manifest.RootElement);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            app.Subscriptions = null;
        }
    }

    private void Route(string pubsubName, string topic, string partitionKey, CloudEventEnvelope envelope)
    {
        var copies = DeliveryCopies;
        foreach (var app in apps.Apps)
        {
            foreach (var subscription in app.Subscriptions ?? [])
            {
                if (subscription.PubsubName != pubsubName || subscription.Topic != topic ||
                    (_scopes.TryGetValue(pubsubName, out var scopes) && !scopes.MaySubscribe(app.AppId, topic)))
                {
                    continue;
                }

                var key = new QueueKey(app.AppId, pubsubName, topic, partitionKey);
                for (var copy = 0; copy < copies; copy++)
                {
                    Enqueue(key, new Delivery(app, subscription, partitionKey, envelope));
                }
            }
        }
    }

    private void Enqueue(QueueKey key, Delivery delivery)
    {
        _idle.Begin();
        var queue = _queues.GetOrAdd(key, static _ => new DeliveryQueue());
        if (queue.Enqueue(delivery))
        {
            _ = Task.Run(() => DrainAsync(queue), CancellationToken.None);
        }
    }

    private async Task DrainAsync(DeliveryQueue queue)
    {
        while (queue.TryDequeue(out var delivery))
        {
            try
            {
                await DeliverAsync(delivery).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A delivery that cannot even be attempted (say, a route that is no URI) must not stall its queue.
                Interlocked.Increment(ref _dropped);
            }
            finally
            {
                _idle.End();
            }
        }
    }

    private async Task DeliverAsync(Delivery delivery)
    {
        if (_reorderAcrossKeys)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(0, 25)), time, stopping).ConfigureAwait(false);
        }

        var delay = FirstRetryDelay;
        for (var retries = 0; ; retries++)
        {
            stopping.ThrowIfCancellationRequested();
            switch (await AttemptAsync(delivery).ConfigureAwait(false))
            {
                case Outcome.Success:
                    var count = _delivered.GetOrAdd((delivery.App.AppId, delivery.Subscription.Topic), static _ => new StrongBox<long>());
                    Interlocked.Increment(ref count.Value);
                    return;
                case Outcome.Drop:
                    Interlocked.Increment(ref _dropped);
                    ForwardToDeadLetterTopic(delivery);
                    return;
                case Outcome.Discard:
                    Interlocked.Increment(ref _dropped);
                    return;
                default:
                    if (retries == MaxDeliveryRetries && delivery.Subscription.DeadLetterTopic is { Length: > 0 })
                    {
                        Interlocked.Increment(ref _dropped);
                        ForwardToDeadLetterTopic(delivery);
                        return;
                    }

                    Interlocked.Increment(ref _redeliveries);
                    await Task.Delay(delay, time, stopping).ConfigureAwait(false);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
                    break;
            }
        }
    }

    // daprd sends a message the app DROPped, or one whose retries are spent, to the subscription's dead-letter topic,
    // unchanged, in the same pubsub.
    private void ForwardToDeadLetterTopic(Delivery delivery)
    {
        if (delivery.Subscription.DeadLetterTopic is { Length: > 0 } deadLetterTopic)
        {
            Route(delivery.Subscription.PubsubName, deadLetterTopic, delivery.PartitionKey, delivery.Envelope);
        }
    }

    /// <summary>One HTTP delivery, judged as daprd's <c>publishMessageHTTP</c> judges an HTTP subscriber's answer.</summary>
    private async Task<Outcome> AttemptAsync(Delivery delivery)
    {
        try
        {
            using var request = apps.CreateRequest(HttpMethod.Post, delivery.App, delivery.Subscription.Route);
            request.Content = new ByteArrayContent(delivery.Envelope.Json);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(CloudEventEnvelope.ContentType);
            using var response = await apps.SendAsync(request, HttpCompletionOption.ResponseContentRead, stopping).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsByteArrayAsync(stopping).ConfigureAwait(false);
                return StatusOf(body);
            }

            return response.StatusCode == HttpStatusCode.NotFound ? Outcome.Discard : Outcome.Retry;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !stopping.IsCancellationRequested)
        {
            return Outcome.Retry;
        }
    }

    // An empty or unparsable 2xx body is a success; an unknown status is retried (daprd: "unknown status").
    private static Outcome StatusOf(byte[] body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!JsonDocument.TryParseValue(ref reader, out var document))
            {
                return Outcome.Success;
            }

            using (document)
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    return Outcome.Success;
                }

                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (string.Equals(property.Name, "status", StringComparison.OrdinalIgnoreCase))
                    {
                        return property.Value.ValueKind != JsonValueKind.String ? Outcome.Success : property.Value.GetString() switch
                        {
                            "" or "SUCCESS" => Outcome.Success,
                            "RETRY" => Outcome.Retry,
                            "DROP" => Outcome.Drop,
                            _ => Outcome.Retry,
                        };
                    }
                }

                return Outcome.Success;
            }
        }
        catch (JsonException)
        {
            return Outcome.Success;
        }
    }

    private enum Outcome
    {
        Success,
        Retry,
        Drop,
        Discard,
    }

    private readonly record struct QueueKey(string AppId, string PubsubName, string Topic, string PartitionKey);

    private sealed record Delivery(RegisteredApp App, TopicSubscription Subscription, string PartitionKey, CloudEventEnvelope Envelope);

    /// <summary>A FIFO with at most one drainer at a time, which is what keeps one partition key in order.</summary>
    private sealed class DeliveryQueue
    {
        private readonly Queue<Delivery> _items = new();
        private bool _draining;

        /// <summary>Adds a delivery; true when the caller must start draining.</summary>
        public bool Enqueue(Delivery delivery)
        {
            lock (_items)
            {
                _items.Enqueue(delivery);
                if (_draining)
                {
                    return false;
                }

                _draining = true;
                return true;
            }
        }

        public bool TryDequeue(out Delivery delivery)
        {
            lock (_items)
            {
                if (_items.TryDequeue(out delivery!))
                {
                    return true;
                }

                _draining = false;
                return false;
            }
        }
    }
}
