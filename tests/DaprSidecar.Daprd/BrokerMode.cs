using System.Net;
using System.Text.Json;
using TodoGrains.DaprSidecar.PubSub;

namespace TodoGrains.DaprSidecar.Daprd;

/// <summary>
/// The shared stand-in: Dapr's gRPC and HTTP APIs on every interface (each pod's daprd forwards to them), and a
/// registration endpoint through which each daprd names its app and the pod address the app is reached on.
/// </summary>
internal static class BrokerMode
{
    public const int GrpcPort = 50001;
    public const int HttpPort = 3500;
    public const int RegistrationPort = 3600;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private sealed record PubSubScope(List<string>? Scopes, string? SubscriptionScopes);

    public static async Task<int> RunAsync(string[] args)
    {
        var flags = new Flags(args);
        await using var sidecar = new StandInSidecar(flags["app-id"] ?? "stand-in-broker");
        // Secrets as {"store": {"key": "value"}}: the stand-in for the Kubernetes secret store.
        if (Environment.GetEnvironmentVariable("STANDIN_SECRETS") is { Length: > 0 } secrets)
        {
            foreach (var (store, keys) in JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, string>>>(secrets)!)
            {
                foreach (var (key, value) in keys)
                {
                    sidecar.SetSecret(store, key, value);
                }
            }
        }

        // Pub/sub scopes as {"pubsub": {"scopes": ["app"], "subscriptionScopes": "app=topic;..."}}, from the components.
        if (Environment.GetEnvironmentVariable("STANDIN_PUBSUB_SCOPES") is { Length: > 0 } scopes)
        {
            foreach (var (pubsub, scope) in JsonSerializer.Deserialize<Dictionary<string, PubSubScope>>(scopes, Json)!)
            {
                sidecar.SetScopes(pubsub, new ComponentScopes(scope.Scopes ?? [], scope.SubscriptionScopes));
            }
        }

        sidecar.AppApiToken = Environment.GetEnvironmentVariable("APP_API_TOKEN") is { Length: > 0 } token ? token : null;
        await sidecar.StartAsync(IPAddress.Any, GrpcPort, HttpPort);

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Any, RegistrationPort));
        var app = builder.Build();
        app.MapPost("/apps/{appId}", async (string appId, HttpRequest request) =>
        {
            var address = (await request.ReadFromJsonAsync<JsonElement>()).GetProperty("address").GetString();
            if (!Uri.TryCreate(address, UriKind.Absolute, out var uri))
            {
                return Results.BadRequest($"address '{address}' is not an absolute URI");
            }

            sidecar.AddAppInstance(appId, uri);
            await sidecar.RefreshSubscriptionsAsync();
            app.Logger.LogInformation("app {AppId} registered at {Address}", appId, uri);
            return Results.NoContent();
        });
        app.MapGet("/delivered/{appId}/{topic}", (string appId, string topic) => Results.Ok(sidecar.Delivered(appId, topic)));
        app.MapGet("/healthz", () => Results.NoContent());
        await app.RunAsync();
        return 0;
    }
}
