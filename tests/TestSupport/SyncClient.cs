using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace TodoGrains.TestSupport;

/// <summary>A browser's live connection to the sync hub, recording everything it is sent.</summary>
public sealed class SyncClient : IAsyncDisposable
{
    private readonly HubConnection _connection;

    private SyncClient(HubConnection connection) => _connection = connection;

    public ConcurrentQueue<(string Method, JsonElement Payload, DateTimeOffset At)> Received { get; } = new();

    public static async Task<SyncClient> ConnectAsync(Uri hubBase, string token)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(hubBase, "hubs/sync"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token))
            .Build();
        var client = new SyncClient(connection);
        foreach (var method in new[] { "TaskChanged", "TaskRemoved", "Notification" })
        {
            connection.On<JsonElement>(method, payload => client.Received.Enqueue((method, payload, DateTimeOffset.UtcNow)));
        }

        await connection.StartAsync();
        return client;
    }

    public IReadOnlyList<JsonElement> Of(string method) => Received.Where(r => r.Method == method).Select(r => r.Payload).ToList();

    public async Task<IReadOnlyList<JsonElement>> WaitForAsync(string method, Func<JsonElement, bool> match, int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && Of(method).Count(match) < count)
        {
            await Task.Delay(25);
        }

        return Of(method).Where(match).ToList();
    }

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();
}
