using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TodoGrains.Contracts.Events;
using TodoGrains.EdgeServices.Audit;
using TodoGrains.EdgeServices.Common.Handling;
using TodoGrains.Grains.Diagnostics;
using TodoGrains.Silo.IntegrationEvents;
using TodoGrains.Silo.Options;
using TodoGrains.Silo.Storage;

namespace TodoGrains.Api.Tests;

/// <summary>
/// The embedded bus hands a batching handler everything queued for it at once, and the audit trail writes a batch
/// in one transaction on the real SQLite store, keeping one entry per event when a batch repeats one.
/// </summary>
public sealed class EventBatchTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "todo-grains-tests", "batch-" + Guid.NewGuid().ToString("N"));
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private SqliteDatabase? _database;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _database?.Dispose();
        _services.Dispose();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task QueuedEvents_ReachABatchingHandlerInOneCall_AndAPlainHandlerOneByOne_InOrder()
    {
        var batching = new RecordingHandler("batching", batchResult: HandlerResult.Success);
        var plain = new PlainHandler();
        var bus = NewBus(batching, plain);
        var events = Enumerable.Range(1, 40).Select(i => TestEvents.Created("ana", i)).ToList();
        foreach (var evt in events)
        {
            await bus.PublishAsync(evt, Ct);
        }

        await bus.StartAsync(Ct);
        await bus.StopAsync(Ct);

        var batch = Assert.Single(batching.Batches);
        Assert.Equal(events, batch);
        Assert.Empty(batching.Singles);
        Assert.Equal(events, plain.Singles);
    }

    [Fact]
    public async Task AFailedBatch_IsDeliveredOneByOne_SoOnlyThePoisonEventIsDropped()
    {
        var batching = new RecordingHandler("batching", batchResult: HandlerResult.Retry, poisonSequence: 3);
        var bus = NewBus(batching);
        var events = Enumerable.Range(1, 5).Select(i => TestEvents.Created("ana", i)).ToList();
        foreach (var evt in events)
        {
            await bus.PublishAsync(evt, Ct);
        }

        await bus.StartAsync(Ct);
        await bus.StopAsync(Ct);

        Assert.Equal(events, Assert.Single(batching.Batches));
        Assert.Equal(events, batching.Singles);
        Assert.Equal([1L, 2, 4, 5], batching.Handled.Select(e => e.Sequence));
    }

    [Fact]
    public async Task DeliveryTime_RunsFromTheBusAcceptingTheEvent_NotFromWhenTheChangeWasStamped()
    {
        var clock = new ManualClock();
        var recorded = new ConcurrentQueue<double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "todo.events.delivery")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, value, _, _) => recorded.Enqueue(value));
        listener.Start();
        var bus = new InProcessEventBus(
            [new RecordingHandler("batching", HandlerResult.Success), new PlainHandler()],
            DeadLetters(),
            new TodoMetrics(_services.GetRequiredService<IMeterFactory>()),
            clock,
            NullLogger<InProcessEventBus>.Instance);

        // Stamped an hour before the commit (a slow write, say); accepted, then handled 25 ms later.
        await bus.PublishAsync(TestEvents.Created("ana", 1) with { OccurredAt = DateTimeOffset.UtcNow.AddHours(-1) }, Ct);
        await bus.PublishAsync(TestEvents.Created("ana", 2) with { OccurredAt = DateTimeOffset.UtcNow.AddHours(-1) }, Ct);
        clock.Advance(TimeSpan.FromMilliseconds(25));
        await bus.StartAsync(Ct);
        await bus.StopAsync(Ct);

        Assert.Equal([0.025, 0.025, 0.025, 0.025], recorded);
    }

    [Fact]
    public async Task ADeadLetter_IsKeptOnce_StaysWhileItsHandlerStillFailsOrThrows_AndGoesWhenItSucceeds()
    {
        using var database = new SqliteDatabase(Options.Create(new EmbeddedStorageOptions { DataDirectory = _dataDirectory }));
        var letters = new DeadLetters(new SqliteStateStore(database), TimeProvider.System);
        var evt = TestEvents.Created("ana", 1);
        var payload = System.Text.Json.JsonSerializer.Serialize(evt, TodoEventJson.Options);
        await letters.KeepAsync("flaky", payload, Ct);
        await letters.KeepAsync("flaky", payload, Ct);
        var id = Assert.Single(await letters.ListAsync("flaky", Ct)).Id;
        Assert.Equal(evt.EventId.ToString(), id);

        var handler = new FlakyHandler { Answer = () => throw new InvalidOperationException("the store is down") };
        Assert.Equal(new ReplayOutcome(HandlerResult.Retry, false), await letters.ReplayAsync(handler, id, Ct));
        handler.Answer = () => HandlerResult.Retry;
        Assert.Equal(new ReplayOutcome(HandlerResult.Retry, false), await letters.ReplayAsync(handler, id, Ct));
        Assert.Single(await letters.ListAsync("flaky", Ct));

        handler.Answer = () => HandlerResult.Success;
        Assert.Equal(new ReplayOutcome(HandlerResult.Success, true), await letters.ReplayAsync(handler, id, Ct));
        Assert.Empty(await letters.ListAsync("flaky", Ct));
        Assert.Equal(evt.EventId, Assert.Single(handler.Seen).EventId);
        Assert.Null(await letters.ReplayAsync(handler, id, Ct));
    }

    private sealed class FlakyHandler : ITopicHandler
    {
        public Func<HandlerResult> Answer { get; set; } = () => HandlerResult.Success;

        public List<TodoEvent> Seen { get; } = [];

        public string Name => "flaky";

        public string Topic => TodoTopics.TaskEvents;

        public Task<HandlerResult> HandleAsync(TodoEvent evt, CancellationToken cancellationToken)
        {
            var result = Answer();
            if (result == HandlerResult.Success)
            {
                Seen.Add(evt);
            }

            return Task.FromResult(result);
        }
    }

    [Fact]
    public async Task AuditTrail_WritesABatchOnce_PerEvent_AndKeepsEachPersonsHead()
    {
        using var database = new SqliteDatabase(Options.Create(new EmbeddedStorageOptions { DataDirectory = _dataDirectory }));
        var store = new SqliteStateStore(database);
        var trail = new AuditTrail(store);
        var ana = Enumerable.Range(1, 6).Select(i => TestEvents.Created("ana", i)).ToList();
        var ben = Enumerable.Range(1, 3).Select(i => TestEvents.Created("ben", i)).ToList();

        // First sight of both people, with one of Ana's events redelivered inside the batch.
        await trail.AppendManyAsync([ana[0], ben[0], ana[1], ana[1], ben[1], ana[2]], Ct);
        // Ana is known now: her head moves without a read; an old event redelivered changes nothing.
        await trail.AppendManyAsync([ana[3], ana[4], ana[0], ana[5], ben[2]], Ct);

        var anaPage = await trail.ReadAsync("ana", 50, before: null, taskId: null, Ct);
        Assert.Equal([6L, 5, 4, 3, 2, 1], anaPage.Items.Select(e => e.Sequence));
        Assert.Null(anaPage.NextBefore);
        Assert.Equal([3L, 2, 1], (await trail.ReadAsync("ben", 50, null, null, Ct)).Items.Select(e => e.Sequence));

        // A second process (a restart) reads the heads this one wrote.
        var restarted = new AuditTrail(new SqliteStateStore(database));
        Assert.Equal(6, (await restarted.ReadAsync("ana", 2, null, null, Ct)).Items[0].Sequence);
        await restarted.AppendManyAsync([TestEvents.Created("ana", 7)], Ct);
        Assert.Equal([7L, 6], (await restarted.ReadAsync("ana", 2, null, null, Ct)).Items.Select(e => e.Sequence));
    }

    private SqliteStateStore DeadLetters() =>
        new(_database ??= new SqliteDatabase(Options.Create(new EmbeddedStorageOptions { DataDirectory = _dataDirectory })));

    private InProcessEventBus NewBus(params ITopicHandler[] handlers) =>
        new(handlers, DeadLetters(), new TodoMetrics(_services.GetRequiredService<IMeterFactory>()), TimeProvider.System, NullLogger<InProcessEventBus>.Instance);

    private sealed class ManualClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }

    private sealed class PlainHandler : ITopicHandler
    {
        public ConcurrentQueue<TodoEvent> Singles { get; } = new();

        public string Name => "plain";

        public string Topic => TodoTopics.TaskEvents;

        public Task<HandlerResult> HandleAsync(TodoEvent evt, CancellationToken cancellationToken)
        {
            Singles.Enqueue(evt);
            return Task.FromResult(HandlerResult.Success);
        }
    }

    private sealed class RecordingHandler(string name, HandlerResult batchResult, long poisonSequence = -1) : IBatchTopicHandler
    {
        public ConcurrentQueue<IReadOnlyList<TodoEvent>> Batches { get; } = new();

        public ConcurrentQueue<TodoEvent> Singles { get; } = new();

        public ConcurrentQueue<TodoEvent> Handled { get; } = new();

        public string Name => name;

        public string Topic => TodoTopics.TaskEvents;

        public Task<HandlerResult> HandleAsync(TodoEvent evt, CancellationToken cancellationToken)
        {
            Singles.Enqueue(evt);
            if (evt.Sequence == poisonSequence)
            {
                return Task.FromResult(HandlerResult.Drop);
            }

            Handled.Enqueue(evt);
            return Task.FromResult(HandlerResult.Success);
        }

        public Task<HandlerResult> HandleBatchAsync(IReadOnlyList<TodoEvent> events, CancellationToken cancellationToken)
        {
            Batches.Enqueue(events.ToList());
            return Task.FromResult(batchResult);
        }
    }
}
