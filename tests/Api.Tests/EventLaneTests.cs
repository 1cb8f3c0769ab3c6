using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TodoGrains.Contracts.Events;
using TodoGrains.EdgeServices.Common.Handling;
using TodoGrains.Grains.Diagnostics;
using TodoGrains.Silo.IntegrationEvents;
using TodoGrains.Silo.Options;
using TodoGrains.Silo.Storage;

namespace TodoGrains.Api.Tests;

/// <summary>
/// One person's failing event on the embedded bus holds up nobody else: it is retried beside the lane with that
/// person's later events behind it, then dead-lettered in the real SQLite store. The back-off runs on a fake clock.
/// </summary>
public sealed class EventLaneTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "todo-grains-tests", "lanes-" + Guid.NewGuid().ToString("N"));
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly SqliteDatabase _database;

    public EventLaneTests() =>
        _database = new SqliteDatabase(Options.Create(new EmbeddedStorageOptions { DataDirectory = _dataDirectory }));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _database.Dispose();
        _services.Dispose();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task APoisonEvent_DelaysOnlyItsOwnPerson_ThenGoesToTheDeadLetters_AndTheirNextEventFollows(bool batching)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var handler = new PoisonHandler(poisonUser: "mallory", poisonSequence: 1, batching);
        var store = new SqliteStateStore(_database);
        var bus = new InProcessEventBus([handler], store, new TodoMetrics(_services.GetRequiredService<IMeterFactory>()), clock, NullLogger<InProcessEventBus>.Instance);
        await bus.StartAsync(Ct);

        var poison = TestEvents.Created("mallory", 1);
        await bus.PublishAsync(poison, Ct);
        await bus.PublishAsync(TestEvents.Created("mallory", 2), Ct);
        var published = Stopwatch.StartNew();
        await bus.PublishAsync(TestEvents.Created("ana", 1), Ct);

        // Ana's event is handled while Mallory's waits for its back-off: no clock advance is needed for hers.
        Assert.True(await Eventually(() => handler.Handled.Any(e => e.UserId == "ana"), TimeSpan.FromSeconds(10)), "ana's event was held up");
        Assert.True(published.Elapsed < TimeSpan.FromSeconds(1), $"ana's event took {published.Elapsed.TotalMilliseconds:F0} ms");
        Assert.DoesNotContain(handler.Handled, e => e.UserId == "mallory");

        // Mallory's poison is tried MaxAttempts times with back-off, then dead-lettered; her next event follows it.
        var deadLetterKey = $"{InProcessEventBus.DeadLetterPrefix}{handler.Name}/{poison.EventId}";
        Assert.True(await Eventually(async () =>
        {
            clock.Advance(TimeSpan.FromSeconds(5));
            return (await store.GetAsync<InProcessEventBus.DeadLetter>(deadLetterKey, Ct)).Exists;
        }, TimeSpan.FromSeconds(20)), "the poison event never reached the dead letters");
        var deadLetter = (await store.GetAsync<InProcessEventBus.DeadLetter>(deadLetterKey, Ct)).Value!;
        Assert.Equal(InProcessEventBus.MaxAttempts, deadLetter.Attempts);
        Assert.Equal(poison.EventId, deadLetter.Event.EventId);
        Assert.Equal(InProcessEventBus.MaxAttempts, handler.Tries(poison.EventId));

        Assert.True(await Eventually(() => handler.Handled.Any(e => e.UserId == "mallory"), TimeSpan.FromSeconds(10)), "mallory's next event never came");
        Assert.Equal([2L], handler.Handled.Where(e => e.UserId == "mallory").Select(e => e.Sequence));
        await bus.StopAsync(Ct);
    }

    private static async Task<bool> Eventually(Func<bool> condition, TimeSpan timeout) =>
        await Eventually(() => Task.FromResult(condition()), timeout);

    private static async Task<bool> Eventually(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(10, Ct);
        }

        return false;
    }

    /// <summary>Fails one event of one person every time (as a handler that throws on a bad record would).</summary>
    private sealed class PoisonHandler(string poisonUser, long poisonSequence, bool batching) : IBatchTopicHandler
    {
        private readonly ConcurrentDictionary<Guid, int> _tries = new();

        public ConcurrentQueue<TodoEvent> Handled { get; } = new();

        public string Name => "poisoned";

        public string Topic => TodoTopics.TaskEvents;

        public int Tries(Guid eventId) => _tries.GetValueOrDefault(eventId);

        public Task<HandlerResult> HandleAsync(TodoEvent evt, CancellationToken cancellationToken)
        {
            _tries.AddOrUpdate(evt.EventId, 1, (_, n) => n + 1);
            if (evt.UserId == poisonUser && evt.Sequence == poisonSequence)
            {
                throw new InvalidOperationException("a record this handler cannot take");
            }

            Handled.Enqueue(evt);
            return Task.FromResult(HandlerResult.Success);
        }

        // A batch holding the poison fails as a whole, as the audit trail's transaction would.
        public Task<HandlerResult> HandleBatchAsync(IReadOnlyList<TodoEvent> events, CancellationToken cancellationToken) =>
            Task.FromResult(batching && !events.Any(e => e.UserId == poisonUser && e.Sequence == poisonSequence)
                ? Handle(events)
                : HandlerResult.Retry);

        private HandlerResult Handle(IReadOnlyList<TodoEvent> events)
        {
            foreach (var evt in events)
            {
                Handled.Enqueue(evt);
            }

            return HandlerResult.Success;
        }
    }
}
