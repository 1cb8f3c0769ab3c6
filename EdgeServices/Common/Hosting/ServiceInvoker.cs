using System.Collections.Concurrent;
using Dapr.Client;
using Microsoft.Extensions.Configuration;

namespace TodoGrains.EdgeServices.Common.Hosting;

/// <summary>
/// Dapr service invocation over plain <see cref="HttpClient"/>s (the SDK's recommended form): a client per app id
/// whose requests the sidecar routes to that app, with the Dapr API token when one is configured.
/// </summary>
public sealed class ServiceInvoker(IConfiguration configuration) : IDisposable
{
    private readonly ConcurrentDictionary<string, HttpClient> _clients = new();

    public HttpClient For(string appId) => _clients.GetOrAdd(appId, id =>
    {
        // DAPR_HTTP_ENDPOINT / DAPR_API_TOKEN as daprd's injector sets them; Dapr:HttpEndpoint for tests and self-hosting.
        var endpoint = configuration["Dapr:HttpEndpoint"] ?? Environment.GetEnvironmentVariable("DAPR_HTTP_ENDPOINT");
        var client = DaprClient.CreateInvokeHttpClient(id, endpoint, configuration["Dapr:ApiToken"]);
        client.Timeout = TimeSpan.FromSeconds(15);
        return client;
    });

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
    }
}
