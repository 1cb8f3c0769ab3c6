using System.Net;
using System.Net.Http.Headers;
using Grpc.AspNetCore.Server.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TodoGrains.DaprSidecar.Grpc;
using TodoGrains.DaprSidecar.Http;
using TodoGrains.DaprSidecar.PubSub;

namespace TodoGrains.DaprSidecar;

/// <summary>
/// A stand-in for the Dapr sidecar (daprd) for tests: it serves Dapr's real gRPC and HTTP APIs on 127.0.0.1, so the
/// Dapr .NET SDK talks to it unchanged, and it calls registered apps the way daprd does (pub/sub deliveries as
/// CloudEvents, service invocation, input bindings). State, secrets and the broker live in memory.
/// </summary>
public sealed class StandInSidecar : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly SidecarCore _core;
    private WebApplication? _host;
    private string? _grpcEndpoint;
    private string? _httpEndpoint;
    private int _disposed;

    /// <param name="appId">The app id the sidecar speaks for: the <c>source</c> of the CloudEvents it wraps, its metadata id.</param>
    /// <param name="timeProvider">The clock for CloudEvent times and redelivery back-off; the system clock by default.</param>
    public StandInSidecar(string appId = "stand-in", TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(appId);
        _core = new SidecarCore(appId, timeProvider ?? TimeProvider.System, _stopping.Token);
    }

    /// <summary>The app id the sidecar speaks for.</summary>
    public string AppId => _core.AppId;

    /// <summary>The gRPC API (HTTP/2 without TLS), e.g. <c>http://127.0.0.1:PORT</c>, for <c>UseGrpcEndpoint</c> or DAPR_GRPC_ENDPOINT.</summary>
    public string GrpcEndpoint => _grpcEndpoint ?? throw NotStarted();

    /// <summary>The HTTP API (HTTP/1.1), e.g. <c>http://127.0.0.1:PORT</c>, for <c>UseHttpEndpoint</c> or DAPR_HTTP_ENDPOINT.</summary>
    public string HttpEndpoint => _httpEndpoint ?? throw NotStarted();

    /// <summary>When set, sent as <c>dapr-api-token</c> on every call to an app, as daprd does with APP_API_TOKEN.</summary>
    public string? AppApiToken
    {
        get => _core.Apps.AppApiToken;
        set => _core.Apps.AppApiToken = value;
    }

    /// <summary>How many times every event is delivered to each subscriber (same CloudEvent id each time); 1 by default.</summary>
    public int DeliveryCopies
    {
        get => _core.Broker.DeliveryCopies;
        set => _core.Broker.DeliveryCopies = value;
    }

    /// <inheritdoc cref="PubSub.Broker.MaxDeliveryRetries"/>
    public int MaxDeliveryRetries
    {
        get => _core.Broker.MaxDeliveryRetries;
        set => _core.Broker.MaxDeliveryRetries = value;
    }

    /// <summary>While true, publishing fails (gRPC Unavailable, HTTP 500) and the event is not stored.</summary>
    public bool FailPublishes
    {
        get => _core.Broker.FailPublishes;
        set => _core.Broker.FailPublishes = value;
    }

    /// <summary>While true, deliveries wait a random 0–25 ms, shuffling order across partition keys but never within one.</summary>
    public bool ReorderAcrossKeys
    {
        get => _core.Broker.ReorderAcrossKeys;
        set => _core.Broker.ReorderAcrossKeys = value;
    }

    /// <summary>Events accepted for publishing.</summary>
    public long Published => _core.Broker.Published;

    /// <summary>Deliveries the subscriber rejected for good: status DROP, or HTTP 404.</summary>
    public long Dropped => _core.Broker.Dropped;

    /// <summary>Delivery attempts that will be repeated: status RETRY, an unknown status, a non-2xx answer or no answer.</summary>
    public long Redeliveries => _core.Broker.Redeliveries;

    /// <summary>Output-binding calls received, in order.</summary>
    public IReadOnlyList<BindingInvocation> BindingInvocations => [.. _core.BindingInvocations];

    /// <summary>Successful deliveries of <paramref name="topic"/> to <paramref name="appId"/>, copies included.</summary>
    public long Delivered(string appId, string topic) => _core.Broker.Delivered(appId, topic);

    /// <summary>Starts the gRPC and HTTP listeners on two free loopback ports.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default) => StartAsync(IPAddress.Loopback, 0, 0, cancellationToken);

    /// <summary>
    /// Starts the gRPC and HTTP listeners on <paramref name="address"/> (every interface for a sidecar that other
    /// containers reach), on the given ports or, for 0, on free ones.
    /// </summary>
    public async Task StartAsync(IPAddress address, int grpcPort, int httpPort, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(address);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (_host is not null)
        {
            throw new InvalidOperationException("The stand-in sidecar is already started.");
        }

        ListenOptions? grpcListener = null;
        ListenOptions? httpListener = null;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(address, grpcPort, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                grpcListener = listen;
            });
            kestrel.Listen(address, httpPort, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                httpListener = listen;
            });
        });
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(new DaprApiService(_core));
        builder.Services.AddSingleton<IServiceMethodProvider<DaprApiService>, DaprServiceMethodProvider>();

        var host = builder.Build();
        host.MapGrpcService<DaprApiService>();
        host.MapDaprHttpApi(_core);
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        _host = host;
        var reachable = IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) ? "127.0.0.1" : address.ToString();
        _grpcEndpoint = $"http://{reachable}:{grpcListener!.IPEndPoint!.Port}";
        _httpEndpoint = $"http://{reachable}:{httpListener!.IPEndPoint!.Port}";
    }

    /// <summary>Makes <paramref name="appId"/> reachable at <paramref name="baseAddress"/>; its subscriptions are read on the next publish.</summary>
    public void RegisterApp(string appId, Uri baseAddress)
    {
        ArgumentException.ThrowIfNullOrEmpty(appId);
        ArgumentNullException.ThrowIfNull(baseAddress);
        _core.Apps.Register(appId, baseAddress);
    }

    /// <summary>
    /// Adds another instance of <paramref name="appId"/> at <paramref name="baseAddress"/> (a second pod of the same app):
    /// calls and deliveries go to the instances in turn, and one that refuses connections is dropped while others remain.
    /// </summary>
    public void AddAppInstance(string appId, Uri baseAddress)
    {
        ArgumentException.ThrowIfNullOrEmpty(appId);
        ArgumentNullException.ThrowIfNull(baseAddress);
        _core.Apps.AddInstance(appId, baseAddress);
    }

    /// <summary>Reads every registered app's <c>GET /dapr/subscribe</c> again.</summary>
    public Task RefreshSubscriptionsAsync(CancellationToken cancellationToken = default) =>
        _core.Broker.RefreshSubscriptionsAsync(cancellationToken);

    /// <summary>Serves <paramref name="pubsubName"/>'s subscriptions only within its component scopes, as daprd does.</summary>
    public void SetScopes(string pubsubName, ComponentScopes scopes)
    {
        ArgumentException.ThrowIfNullOrEmpty(pubsubName);
        ArgumentNullException.ThrowIfNull(scopes);
        _core.Broker.SetScopes(pubsubName, scopes);
    }

    /// <summary>Adds a secret that gRPC <c>GetSecret</c>/<c>GetBulkSecret</c> on <paramref name="store"/> return.</summary>
    public void SetSecret(string store, string key, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(store);
        ArgumentException.ThrowIfNullOrEmpty(key);
        _core.Secrets.GetOrAdd(store, static _ => new(StringComparer.Ordinal))[key] = value;
    }

    /// <summary>
    /// Fires input binding <paramref name="bindingName"/> as daprd does for an HTTP app: <c>POST {app}/{bindingName}</c>
    /// with the data as an <c>application/json</c> body and the metadata as headers. Returns the app's status code.
    /// </summary>
    public Task<HttpStatusCode> TriggerInputBindingAsync(
        string appId,
        string bindingName,
        string data,
        IReadOnlyDictionary<string, string>? metadata = null,
        CancellationToken cancellationToken = default) =>
        TriggerInputBindingAsync(appId, bindingName, System.Text.Encoding.UTF8.GetBytes(data), metadata, cancellationToken);

    /// <inheritdoc cref="TriggerInputBindingAsync(string, string, string, IReadOnlyDictionary{string, string}?, CancellationToken)"/>
    public async Task<HttpStatusCode> TriggerInputBindingAsync(
        string appId,
        string bindingName,
        byte[] data,
        IReadOnlyDictionary<string, string>? metadata = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(bindingName);
        ArgumentNullException.ThrowIfNull(data);
        var app = _core.Apps.Find(appId) ?? throw new InvalidOperationException($"App '{appId}' is not registered with the stand-in sidecar.");
        using var request = _core.Apps.CreateRequest(HttpMethod.Post, app, bindingName);
        request.Content = new ByteArrayContent(data);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(key, value);
        }

        using var response = await _core.Apps.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        return response.StatusCode;
    }

    /// <summary>Completes when no delivery is queued or in flight; throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public Task WaitForIdleAsync(TimeSpan timeout) => _core.Broker.WhenIdle.WaitAsync(timeout);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _core.Broker.WhenIdle.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }

        if (_host is not null)
        {
            await _host.StopAsync(CancellationToken.None).ConfigureAwait(false);
            await _host.DisposeAsync().ConfigureAwait(false);
        }

        _core.Dispose();
        _stopping.Dispose();
    }

    private static InvalidOperationException NotStarted() => new("The stand-in sidecar is not started; call StartAsync first.");
}
