using System.Net;
using System.Text;
using System.Text.Json;
using Dapr;
using Dapr.Client;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using static TodoGrains.DaprSidecar.Tests.SubscriberApp;

namespace TodoGrains.DaprSidecar.Tests;

public sealed class PubSubTests : IAsyncLifetime
{
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(10);

    private DaprWorld _world = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private StandInSidecar Sidecar => _world.Sidecar;

    private SubscriberApp App => _world.App;

    private DaprClient Client => _world.Client;

    public async ValueTask InitializeAsync() => _world = await DaprWorld.StartAsync(Ct);

    public ValueTask DisposeAsync() => _world.DisposeAsync();

    [Fact]
    public async Task PublishEvent_DeliversCloudEvent_WhenSubscriberAnswersSuccess()
    {
        await Client.PublishEventAsync(PubsubName, Orders, new OrderPlaced("o-1"), Ct);
        await Sidecar.WaitForIdleAsync(IdleTimeout);

        var delivery = Assert.Single(App.Received);
        Assert.Equal(new OrderPlaced("o-1"), JsonSerializer.Deserialize<OrderPlaced>(delivery.Body, JsonSerializerOptions.Web));
        Assert.True(Guid.TryParse(delivery.Id, out _));
        Assert.Equal("com.dapr.event.sent", delivery.Type);
        Assert.Equal(DaprWorld.SidecarAppId, delivery.Source);
        Assert.Equal(Orders, delivery.CloudEventTopic);
        Assert.Equal(1, Sidecar.Published);
        Assert.Equal(1, Sidecar.Delivered(AppId, Orders));
        Assert.Equal(0, Sidecar.Dropped);
    }

    [Fact]
    public async Task PublishEvent_ReachesOnlyTheAppsItsComponentScopesAllow()
    {
        await using var outOfScope = await SubscriberApp.StartAsync(Ct);
        await using var otherTopic = await SubscriberApp.StartAsync(Ct);
        Sidecar.RegisterApp("not-in-scopes", outOfScope.BaseAddress);
        Sidecar.RegisterApp("orders-elsewhere", otherTopic.BaseAddress);
        Sidecar.SetScopes(PubsubName, new PubSub.ComponentScopes([AppId, "orders-elsewhere"], $"{AppId}={Orders};orders-elsewhere=invoices"));

        await Client.PublishEventAsync(PubsubName, Orders, new OrderPlaced("o-scoped"), Ct);
        await Sidecar.WaitForIdleAsync(IdleTimeout);

        Assert.Single(App.Received);
        Assert.Empty(outOfScope.Received);
        Assert.Empty(otherTopic.Received);
    }

    [Fact]
    public async Task PublishEvent_ReachesTheAppsOtherInstance_WhenOneInstanceIsGone()
    {
        await using var alive = await SubscriberApp.StartAsync(Ct);
        var gone = await SubscriberApp.StartAsync(Ct);
        Sidecar.AddAppInstance("two-pods", gone.BaseAddress);
        Sidecar.AddAppInstance("two-pods", alive.BaseAddress);
        await gone.DisposeAsync();

        for (var i = 0; i < 4; i++)
        {
            await Client.PublishEventAsync(PubsubName, Orders, new OrderPlaced($"o-pod-{i}"), Ct);
        }

        await Sidecar.WaitForIdleAsync(IdleTimeout);
        Assert.Equal(4, alive.Received.Select(d => d.Id).Distinct().Count());
        Assert.Equal(4, Sidecar.Delivered("two-pods", Orders));
    }

    [Fact]
    public async Task PublishEvent_DeliversToEveryConsumerGroup_WhenTwoAppsSubscribe()
    {
        await using var second = await SubscriberApp.StartAsync(Ct);
        Sidecar.RegisterApp("subscriber-2", second.BaseAddress);

        await Client.PublishEventAsync(PubsubName, Orders, new OrderPlaced("o-6"), Ct);
        await Sidecar.WaitForIdleAsync(IdleTimeout);

        Assert.Equal(Assert.Single(App.Received).Id, Assert.Single(second.Received).Id);
        Assert.Equal(1, Sidecar.Delivered(AppId, Orders));
        Assert.Equal(1, Sidecar.Delivered("subscriber-2", Orders));
    }

    [Fact]
    public async Task WaitForIdle_TimesOut_WhileSubscriberKeepsAskingForRetry()
    {
        App.Answer = _ => Status("RETRY");

        await Client.PublishEventAsync(PubsubName, Orders, new OrderPlaced("o-7"), Ct);

        await Assert.ThrowsAsync<TimeoutException>(() => Sidecar.WaitForIdleAsync(TimeSpan.FromSeconds(1)));
        Assert.True(App.Received.Count >= 2);
        Assert.Equal(0, Sidecar.Delivered(AppId, Orders));
    }

    [Theory]
    [InlineData("RETRY")]
    [InlineData("HTTP 500")]
    public async Task PublishEvent_RedeliversUntilSuccess_WhenSubscriberAsksForRetry(string answer)
    {
        App.Answer = e => e.Attempt >= 3 ? Status("SUCCESS")
            : answer == "RETRY" ? Status("RETRY") : Results.StatusCode(StatusCodes.Status500InternalServerError);

        await Client.PublishEventAsync(PubsubName, Orders, new OrderPlaced("o-2"), Ct);
        await Sidecar.WaitForIdleAsync(IdleTimeout);

        Assert.Equal([1, 2, 3], App.Received.Select(e => e.Attempt));
        Assert.Single(App.Received.Select(e => e.Id).Distinct());
        Assert.Equal(1, Sidecar.Delivered(AppId, Orders));
        Assert.Equal(2, Sidecar.Redeliveries);
        Assert.Equal(0, Sidecar.Dropped);
    }

    [Theory]
    [InlineData("DROP")]
    [InlineData("HTTP 404")]
    public async Task PublishEvent_DropsWithoutRetry_WhenSubscriberRejectsForGood(string answer)
    {
        App.Answer = _ => answer == "DROP" ? Status("DROP") : Results.NotFound();

        await Client.PublishEventAsync(PubsubName, Orders, new OrderPlaced("o-3"), Ct);
        await Sidecar.WaitForIdleAsync(IdleTimeout);

        Assert.Single(App.Received);
        Assert.Equal(1, Sidecar.Dropped);
        Assert.Equal(0, Sidecar.Redeliveries);
        Assert.Equal(0, Sidecar.Delivered(AppId, Orders));
    }

    [Fact]
    public async Task PublishEvent_ForwardsToDeadLetterTopic_WhenSubscriberDrops()
    {
        App.Answer = e => e.Topic == Audits ? Status("DROP") : Status("SUCCESS");

        await Client.PublishEventAsync(PubsubName, Audits, new OrderPlaced("o-4"), Ct);
        await Sidecar.WaitForIdleAsync(IdleTimeout);

        var dropped = Assert.Single(App.ReceivedOn(Audits));
        var deadLetter = Assert.Single(App.ReceivedOn(AuditsDeadLetters));
        Assert.Equal(dropped.Id, deadLetter.Id);
        Assert.Equal(dropped.Body, deadLetter.Body);
        Assert.Equal(1, Sidecar.Delivered(AppId, AuditsDeadLetters));
    }

    [Fact]
    public async Task PublishEvent_GoesToTheDeadLetterTopic_WhenBoundedRetriesAreSpent_AndTheKeysNextEventMovesOn()
    {
        Sidecar.MaxDeliveryRetries = 2;
        App.Answer = e => e.Topic == Audits && e.Body.Contains("o-5", StringComparison.Ordinal) ? Status("RETRY") : Status("SUCCESS");

        await Client.PublishEventAsync(PubsubName, Audits, new OrderPlaced("o-5"), Ct);
        await Client.PublishEventAsync(PubsubName, Audits, new OrderPlaced("o-6"), Ct);
        await Sidecar.WaitForIdleAsync(IdleTimeout);

        // The first attempt and two retries, then the dead-letter topic; the event behind it is delivered after.
        Assert.Equal(3, App.ReceivedOn(Audits).Count(e => e.Body.Contains("o-5", StringComparison.Ordinal)));
        Assert.Contains("o-5", Assert.Single(App.ReceivedOn(AuditsDeadLetters)).Body, StringComparison.Ordinal);
        Assert.Equal(1, Sidecar.Delivered(AppId, Audits));
    }

    [Fact]
    public async Task PublishEvent_DeliversThreeTimesWithOneId_WhenDeliveryCopiesIsThree()
    {
        Sidecar.DeliveryCopies = 3;

        await Client.PublishEventAsync(PubsubName, Orders, new OrderPlaced("o-5"), Ct);
        await Sidecar.WaitForIdleAsync(IdleTimeout);

        Assert.Equal(3, App.Received.Count);
        Assert.Single(App.Received.Select(e => e.Id).Distinct());
        Assert.Equal(1, Sidecar.Published);
        Assert.Equal(3, Sidecar.Delivered(AppId, Orders));
    }

    [Fact]
    public async Task PublishEvent_ThrowsAndStoresNothing_WhilePublishesFail()
    {
        Sidecar.FailPublishes = true;

        var failure = await Assert.ThrowsAsync<DaprException>(() => Client.PublishEventAsync(PubsubName, Orders, new OrderPlaced("lost"), Ct));
        Assert.Equal(StatusCode.Unavailable, Assert.IsType<RpcException>(failure.InnerException).StatusCode);
        await Sidecar.WaitForIdleAsync(IdleTimeout);
        Assert.Empty(App.Received);
        Assert.Equal(0, Sidecar.Published);

        Sidecar.FailPublishes = false;
        await Client.PublishEventAsync(PubsubName, Orders, new OrderPlaced("kept"), Ct);
        await Sidecar.WaitForIdleAsync(IdleTimeout);
        var delivery = Assert.Single(App.Received);
        Assert.Equal("kept", JsonSerializer.Deserialize<OrderPlaced>(delivery.Body, JsonSerializerOptions.Web)!.OrderId);
    }

    [Fact]
    public async Task HttpPublish_AnswersServerErrorThenNoContent_WhenPublishesFailThenRecover()
    {
        using var http = new HttpClient { BaseAddress = new Uri(Sidecar.HttpEndpoint) };
        var path = $"/v1.0/publish/{PubsubName}/{Orders}?metadata.partitionKey=k1";

        Sidecar.FailPublishes = true;
        using (var refused = await http.PostAsync(path, Json(new OrderPlaced("lost")), Ct))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, refused.StatusCode);
        }

        Sidecar.FailPublishes = false;
        using (var accepted = await http.PostAsync(path, Json(new OrderPlaced("kept")), Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, accepted.StatusCode);
        }

        await Sidecar.WaitForIdleAsync(IdleTimeout);
        var delivery = Assert.Single(App.Received);
        Assert.Equal("kept", JsonSerializer.Deserialize<OrderPlaced>(delivery.Body, JsonSerializerOptions.Web)!.OrderId);
    }

    [Fact]
    public async Task PublishEvent_KeepsOrderWithinEachPartitionKey_WhenReorderingAcrossKeys()
    {
        Sidecar.ReorderAcrossKeys = true;
        string[] keys = ["k1", "k2", "k3"];
        var published = new List<OrderPlaced>();

        for (var sequence = 1; sequence <= 8; sequence++)
        {
            foreach (var key in keys)
            {
                var order = new OrderPlaced($"{key}-{sequence}", sequence, key);
                published.Add(order);
                await Client.PublishEventAsync(PubsubName, Orders, order, new Dictionary<string, string> { ["partitionKey"] = key }, Ct);
            }
        }

        await Sidecar.WaitForIdleAsync(IdleTimeout);

        var received = App.Received.Select(e => JsonSerializer.Deserialize<OrderPlaced>(e.Body, JsonSerializerOptions.Web)!).ToList();
        Assert.Equal(published.Count, received.Count);
        foreach (var key in keys)
        {
            Assert.Equal(Enumerable.Range(1, 8), received.Where(o => o.Key == key).Select(o => o.Sequence));
        }

        Assert.NotEqual(published, received);
    }

    [Fact]
    public async Task BulkPublishEvent_DeliversEveryEntry_WhenAllAreAccepted()
    {
        var response = await Client.BulkPublishEventAsync(PubsubName, Orders, [new OrderPlaced("b-1"), new OrderPlaced("b-2")], cancellationToken: Ct);
        await Sidecar.WaitForIdleAsync(IdleTimeout);

        Assert.Empty(response.FailedEntries);
        Assert.Equal(
            ["b-1", "b-2"],
            App.Received.Select(e => JsonSerializer.Deserialize<OrderPlaced>(e.Body, JsonSerializerOptions.Web)!.OrderId).Order());
        Assert.Equal(2, Sidecar.Published);
    }

    private static StringContent Json(OrderPlaced order) =>
        new(JsonSerializer.Serialize(order, JsonSerializerOptions.Web), Encoding.UTF8, "application/json");
}
