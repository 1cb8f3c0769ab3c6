using System.Text.Json;
using Dapr;
using Dapr.Client;
using Grpc.Core;

namespace TodoGrains.DaprSidecar.Tests;

public sealed class StateTests : IAsyncLifetime
{
    private const string Store = "statestore";

    private DaprWorld _world = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DaprClient Client => _world.Client;

    public async ValueTask InitializeAsync() => _world = await DaprWorld.StartAsync(Ct);

    public ValueTask DisposeAsync() => _world.DisposeAsync();

    [Fact]
    public async Task GetStateAndETag_ReturnsSavedValueAndFreshETag_AfterEachSave()
    {
        var (missing, missingETag) = await Client.GetStateAndETagAsync<OrderPlaced>(Store, "order", cancellationToken: Ct);
        Assert.Null(missing);
        Assert.True(string.IsNullOrEmpty(missingETag));

        await Client.SaveStateAsync(Store, "order", new OrderPlaced("o-1"), cancellationToken: Ct);
        var (first, firstETag) = await Client.GetStateAndETagAsync<OrderPlaced>(Store, "order", cancellationToken: Ct);
        await Client.SaveStateAsync(Store, "order", new OrderPlaced("o-1", 2), cancellationToken: Ct);
        var (second, secondETag) = await Client.GetStateAndETagAsync<OrderPlaced>(Store, "order", cancellationToken: Ct);

        Assert.Equal(new OrderPlaced("o-1"), first);
        Assert.Equal(new OrderPlaced("o-1", 2), second);
        Assert.False(string.IsNullOrEmpty(firstETag));
        Assert.NotEqual(firstETag, secondETag);
    }

    [Fact]
    public async Task TrySaveAndTryDeleteState_ReturnFalse_WhenETagIsStale()
    {
        await Client.SaveStateAsync(Store, "order", new OrderPlaced("v1"), cancellationToken: Ct);
        var (_, staleETag) = await Client.GetStateAndETagAsync<OrderPlaced>(Store, "order", cancellationToken: Ct);
        Assert.True(await Client.TrySaveStateAsync(Store, "order", new OrderPlaced("v2"), staleETag, cancellationToken: Ct));

        Assert.False(await Client.TrySaveStateAsync(Store, "order", new OrderPlaced("v3"), staleETag, cancellationToken: Ct));
        Assert.False(await Client.TryDeleteStateAsync(Store, "order", staleETag, cancellationToken: Ct));
        Assert.False(await Client.TrySaveStateAsync(Store, "never-saved", new OrderPlaced("v1"), "1", cancellationToken: Ct));

        var (current, currentETag) = await Client.GetStateAndETagAsync<OrderPlaced>(Store, "order", cancellationToken: Ct);
        Assert.Equal(new OrderPlaced("v2"), current);
        Assert.True(await Client.TryDeleteStateAsync(Store, "order", currentETag, cancellationToken: Ct));
        Assert.Null(await Client.GetStateAsync<OrderPlaced>(Store, "order", cancellationToken: Ct));
    }

    [Fact]
    public async Task SaveState_FailsWithAborted_WhenFirstWriteFindsKeyAndNoETag()
    {
        var firstWrite = new StateOptions { Concurrency = ConcurrencyMode.FirstWrite };
        var lastWrite = new StateOptions { Concurrency = ConcurrencyMode.LastWrite };
        await Client.SaveStateAsync(Store, "order", new OrderPlaced("v1"), firstWrite, cancellationToken: Ct);

        var failure = await Assert.ThrowsAsync<DaprException>(
            () => Client.SaveStateAsync(Store, "order", new OrderPlaced("v2"), firstWrite, cancellationToken: Ct));
        Assert.Equal(StatusCode.Aborted, Assert.IsType<RpcException>(failure.InnerException).StatusCode);

        await Client.SaveStateAsync(Store, "order", new OrderPlaced("v3"), lastWrite, cancellationToken: Ct);
        Assert.Equal(new OrderPlaced("v3"), await Client.GetStateAsync<OrderPlaced>(Store, "order", cancellationToken: Ct));
    }

    [Fact]
    public async Task GetBulkState_ReturnsEveryKey_WhenSomeAreMissingOrDeleted()
    {
        await Client.SaveBulkStateAsync(
            Store,
            [
                new SaveStateItem<OrderPlaced>("a", new OrderPlaced("a"), etag: null!),
                new SaveStateItem<OrderPlaced>("b", new OrderPlaced("b"), etag: null!),
                new SaveStateItem<OrderPlaced>("c", new OrderPlaced("c"), etag: null!),
            ],
            Ct);
        await Client.DeleteStateAsync(Store, "b", cancellationToken: Ct);
        await Client.DeleteBulkStateAsync(Store, [new BulkDeleteStateItem("c", etag: null!)], Ct);

        var items = await Client.GetBulkStateAsync<OrderPlaced>(Store, ["a", "b", "c", "z"], parallelism: 2, cancellationToken: Ct);

        Assert.Equal(["a", "b", "c", "z"], items.Select(i => i.Key));
        Assert.Equal(new OrderPlaced("a"), items[0].Value);
        Assert.False(string.IsNullOrEmpty(items[0].ETag));
        Assert.All(items.Skip(1), item => Assert.Null(item.Value));
    }

    [Fact]
    public async Task ExecuteStateTransaction_AppliesNothing_WhenOneETagIsStale()
    {
        await Client.SaveStateAsync(Store, "a", new OrderPlaced("a1"), cancellationToken: Ct);
        var (_, etag) = await Client.GetStateAndETagAsync<OrderPlaced>(Store, "a", cancellationToken: Ct);
        var json = Client.JsonSerializerOptions;

        var failure = await Assert.ThrowsAsync<DaprException>(() => Client.ExecuteStateTransactionAsync(
            Store,
            [
                new StateTransactionRequest("b", JsonSerializer.SerializeToUtf8Bytes(new OrderPlaced("b1"), json), StateOperationType.Upsert),
                new StateTransactionRequest("a", JsonSerializer.SerializeToUtf8Bytes(new OrderPlaced("a2"), json), StateOperationType.Upsert, etag: "stale"),
            ],
            cancellationToken: Ct));
        Assert.Equal(StatusCode.Internal, Assert.IsType<RpcException>(failure.InnerException).StatusCode);
        Assert.Null(await Client.GetStateAsync<OrderPlaced>(Store, "b", cancellationToken: Ct));

        await Client.ExecuteStateTransactionAsync(
            Store,
            [
                new StateTransactionRequest("b", JsonSerializer.SerializeToUtf8Bytes(new OrderPlaced("b1"), json), StateOperationType.Upsert),
                new StateTransactionRequest("a", null, StateOperationType.Delete, etag: etag),
            ],
            cancellationToken: Ct);
        Assert.Equal(new OrderPlaced("b1"), await Client.GetStateAsync<OrderPlaced>(Store, "b", cancellationToken: Ct));
        Assert.Null(await Client.GetStateAsync<OrderPlaced>(Store, "a", cancellationToken: Ct));
    }
}
