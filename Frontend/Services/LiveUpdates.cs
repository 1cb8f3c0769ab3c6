using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using TodoGrains.Contracts.Edge;
using TodoGrains.Frontend.Models;

namespace TodoGrains.Frontend.Services;

/// <summary>
/// The connection to the sync hub: task changes and notifications for this person, pushed live. It reconnects by
/// itself and says when it is offline.
/// </summary>
public sealed class LiveUpdates(Session session, ClientConfig config, Microsoft.AspNetCore.Components.NavigationManager navigation) : IAsyncDisposable
{
    private HubConnection? _connection;

    public event Action<TaskUpdate>? TaskChanged;

    public event Action<TaskUpdate>? TaskRemoved;

    public event Action<NotificationDto>? Notified;

    public event Action? StateChanged;

    public bool Online => _connection?.State == HubConnectionState.Connected;

    public async Task StartAsync()
    {
        await StopAsync();
        var hub = new Uri(new Uri(navigation.BaseUri), config.HubUrl);
        _connection = new HubConnectionBuilder()
            .WithUrl(hub, o => o.AccessTokenProvider = () => Task.FromResult(session.Token))
            .WithAutomaticReconnect([TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10)])
            .Build();
        _connection.On<JsonElement>("TaskChanged", e => TaskChanged?.Invoke(e.Deserialize<TaskUpdate>(ApiJson.Options)!));
        _connection.On<JsonElement>("TaskRemoved", e => TaskRemoved?.Invoke(e.Deserialize<TaskUpdate>(ApiJson.Options)!));
        _connection.On<JsonElement>("Notification", e => Notified?.Invoke(e.Deserialize<NotificationDto>(ApiJson.Options)!));
        _connection.Reconnecting += _ => Changed();
        _connection.Reconnected += _ => Changed();

        _connection.Closed += async _ =>
        {
            Notify();
            // Automatic reconnect gave up: keep trying while signed in.
            while (session.IsSignedIn && _connection is { State: HubConnectionState.Disconnected })
            {
                await Task.Delay(5000);
                try
                {
                    await _connection.StartAsync();
                    Notify();
                }
                catch (HttpRequestException)
                {
                }
            }
        };
        try
        {
            await _connection.StartAsync();
        }
        catch (HttpRequestException)
        {
            // Offline now; the Closed handler's loop does not run for a first start, so retry here.
            _ = Task.Run(async () =>
            {
                while (session.IsSignedIn && _connection is { State: HubConnectionState.Disconnected })
                {
                    await Task.Delay(3000);
                    try
                    {
                        await _connection.StartAsync();
                    }
                    catch (HttpRequestException)
                    {
                    }
                }

                Notify();
            });
        }

        Notify();
    }

    public async Task StopAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
            _connection = null;
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private Task Changed()
    {
        StateChanged?.Invoke();
        return Task.CompletedTask;
    }

    private void Notify() => StateChanged?.Invoke();
}
