using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapr;
using Dapr.Client;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace TodoGrains.DaprSidecar.Tests;

public sealed class SidecarServicesTests : IAsyncLifetime
{
    private const string AppToken = "app-token-123";

    private DaprWorld _world = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private StandInSidecar Sidecar => _world.Sidecar;

    private SubscriberApp App => _world.App;

    private DaprClient Client => _world.Client;

    public async ValueTask InitializeAsync()
    {
        _world = await DaprWorld.StartAsync(Ct);
        Sidecar.AppApiToken = AppToken;
    }

    public ValueTask DisposeAsync() => _world.DisposeAsync();

    [Fact]
    public async Task Sidecar_ReportsHealthAndMetadata_WhenStarted()
    {
        await Client.WaitForSidecarAsync(Ct);

        Assert.True(await Client.CheckHealthAsync(Ct));
        Assert.True(await Client.CheckOutboundHealthAsync(Ct));
        Assert.Equal(DaprWorld.SidecarAppId, (await Client.GetMetadataAsync(Ct)).Id);
    }

    [Fact]
    public async Task RefreshSubscriptions_ReadsDaprAspNetCoreManifest_WithRoutesAndDeadLetterTopic()
    {
        await Sidecar.RefreshSubscriptionsAsync(Ct);

        using var http = new HttpClient();
        using var metadata = JsonDocument.Parse(await http.GetStringAsync(new Uri(new Uri(Sidecar.HttpEndpoint), "/v1.0/metadata"), Ct));
        var subscriptions = metadata.RootElement.GetProperty("subscriptions").EnumerateArray()
            .Select(s => (
                Topic: s.GetProperty("topic").GetString(),
                Route: s.GetProperty("rules")[0].GetProperty("path").GetString(),
                DeadLetterTopic: s.GetProperty("deadLetterTopic").GetString()))
            .OrderBy(s => s.Topic, StringComparer.Ordinal)
            .ToList();
        Assert.Equal(
            [
                (SubscriberApp.Audits, (string?)"audits", (string?)SubscriberApp.AuditsDeadLetters),
                (SubscriberApp.AuditsDeadLetters, "audits-dead", null),
                (SubscriberApp.Orders, "orders", null),
            ],
            subscriptions);
        Assert.Equal(DaprWorld.SidecarAppId, metadata.RootElement.GetProperty("id").GetString());
    }

    [Fact]
    public async Task GetSecret_ReturnsStoredSecrets_AndFailsForUnknownKey()
    {
        Sidecar.SetSecret("vault", "db", "s3cret");
        Sidecar.SetSecret("vault", "api", "k3y");

        Assert.Equal(new Dictionary<string, string> { ["db"] = "s3cret" }, await Client.GetSecretAsync("vault", "db", cancellationToken: Ct));
        var bulk = await Client.GetBulkSecretAsync("vault", cancellationToken: Ct);
        Assert.Equal("k3y", bulk["api"]["api"]);
        Assert.Equal("s3cret", bulk["db"]["db"]);
        await Assert.ThrowsAsync<DaprException>(() => Client.GetSecretAsync("vault", "missing", cancellationToken: Ct));
        await Assert.ThrowsAsync<DaprException>(() => Client.GetSecretAsync("no-such-store", "db", cancellationToken: Ct));
    }

    [Fact]
    public async Task InvokeBinding_IsRecorded_WithOperationDataAndMetadata()
    {
        await Client.InvokeBindingAsync("email", "create", new { to = "a@example.com" }, new Dictionary<string, string> { ["subject"] = "hi" }, Ct);

        var invocation = Assert.Single(Sidecar.BindingInvocations);
        Assert.Equal(("email", "create"), (invocation.Name, invocation.Operation));
        Assert.Equal("""{"to":"a@example.com"}""", invocation.DataText);
        Assert.Equal("hi", invocation.Metadata["subject"]);
    }

    [Fact]
    public async Task TriggerInputBinding_PostsToAppRoute_WithAppApiToken()
    {
        var status = await Sidecar.TriggerInputBindingAsync(SubscriberApp.AppId, SubscriberApp.CronBinding, "{}", new Dictionary<string, string> { ["schedule"] = "@every 1m" }, Ct);

        Assert.Equal(HttpStatusCode.Created, status);
        var call = Assert.Single(App.Calls);
        Assert.Equal("/" + SubscriberApp.CronBinding, call.Path);
        Assert.Equal("{}", call.Body);
        Assert.Equal("application/json", call.ContentType);
        Assert.Equal(AppToken, call.ApiToken);
        Assert.Equal("@every 1m", call.Headers["schedule"]);
    }

    [Fact]
    public async Task InvokeMethod_ReturnsAppResponse_AndCarriesAppApiToken()
    {
        // The SDK marks its invocation helpers obsolete in favour of plain clients; services still call them, so serve them.
#pragma warning disable CS0618
        var reply = await Client.InvokeMethodAsync<OrderPlaced, EchoReply>(SubscriberApp.AppId, "echo", new OrderPlaced("o-1"), Ct);
#pragma warning restore CS0618

        Assert.Equal("/echo", reply.Path);
        Assert.Equal(AppToken, reply.ApiToken);
        Assert.Equal(new OrderPlaced("o-1"), JsonSerializer.Deserialize<OrderPlaced>(reply.Body, JsonSerializerOptions.Web));
    }

    [Fact]
    public async Task InvokableHttpClient_ForwardsStatusBodyAndQuery_ThroughSidecar()
    {
        using var http = Client.CreateInvokableHttpClient(SubscriberApp.AppId);

        using var response = await http.PostAsJsonAsync("/echo?page=2", new OrderPlaced("o-2"), Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var reply = await response.Content.ReadFromJsonAsync<EchoReply>(Ct);
        Assert.Equal(("?page=2", AppToken), (reply!.Query, reply.ApiToken));
    }

    [Fact]
    public async Task InvokeMethodGrpc_PostsProtobufBodyToHttpApp_WhenAppIsRegistered()
    {
#pragma warning disable CS0618 // See InvokeMethod_ReturnsAppResponse_AndCarriesAppApiToken.
        await Client.InvokeMethodGrpcAsync(SubscriberApp.AppId, "echo", new StringValue { Value = "ping" }, Ct);
#pragma warning restore CS0618

        var call = Assert.Single(App.Calls);
        Assert.Equal("/echo", call.Path);
        Assert.Equal("application/grpc", call.ContentType);
        Assert.Equal(AppToken, call.ApiToken);
        Assert.Equal("ping", StringValue.Parser.ParseFrom(ByteString.CopyFromUtf8(call.Body)).Value);
    }
}
