using System.Collections.Concurrent;
using TodoGrains.DaprSidecar.PubSub;

namespace TodoGrains.DaprSidecar.Apps;

/// <summary>The apps the stand-in knows, and the one HTTP client it calls them with (as daprd's app channel).</summary>
internal sealed class AppChannel : IDisposable
{
    public const string ApiTokenHeader = "dapr-api-token";

    private readonly ConcurrentDictionary<string, RegisteredApp> _apps = new(StringComparer.Ordinal);
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    private volatile string? _appApiToken;

    public string? AppApiToken
    {
        get => _appApiToken;
        set => _appApiToken = value;
    }

    public ICollection<RegisteredApp> Apps => _apps.Values;

    private static readonly HttpRequestOptionsKey<(RegisteredApp App, Uri Instance)> Target = new("stand-in.target");

    public void Register(string appId, Uri baseAddress) => _apps[appId] = new RegisteredApp(appId, baseAddress);

    /// <summary>Adds an instance of <paramref name="appId"/> (another pod of the same app), or registers the app.</summary>
    public void AddInstance(string appId, Uri baseAddress) =>
        _apps.AddOrUpdate(appId, id => new RegisteredApp(id, baseAddress), (_, app) => app.Add(baseAddress));

    public RegisteredApp? Find(string appId) => _apps.GetValueOrDefault(appId);

    /// <summary>A request to <paramref name="pathAndQuery"/> on the app, carrying the app API token when one is set.</summary>
    public HttpRequestMessage CreateRequest(HttpMethod method, RegisteredApp app, string pathAndQuery)
    {
        var instance = app.NextInstance();
        var target = new Uri(instance.AbsoluteUri.TrimEnd('/') + "/" + pathAndQuery.TrimStart('/'));
        var request = new HttpRequestMessage(method, target);
        request.Options.Set(Target, (app, instance));
        if (_appApiToken is { } token)
        {
            request.Headers.TryAddWithoutValidation(ApiTokenHeader, token);
        }

        return request;
    }

    /// <summary>Sends to the app; an instance that cannot be connected to is forgotten while others remain (a pod that is gone).</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        try
        {
            return await _http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.ConnectionError && request.Options.TryGetValue(Target, out var target))
        {
            target.App.Forget(target.Instance);
            throw;
        }
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>
/// An app behind the stand-in, at one or more instances (pods) used in turn; its subscriptions are read lazily from
/// <c>GET /dapr/subscribe</c>, and each event goes to one instance (the app is one consumer group).
/// </summary>
internal sealed class RegisteredApp(string appId, Uri baseAddress)
{
    private volatile IReadOnlyList<TopicSubscription>? _subscriptions;
    private readonly Lock _gate = new();
    private volatile Uri[] _instances = [baseAddress];
    private int _next;

    public string AppId { get; } = appId;

    public Uri BaseAddress => _instances[0];

    public Uri NextInstance()
    {
        var instances = _instances;
        return instances[(int)((uint)Interlocked.Increment(ref _next) % (uint)instances.Length)];
    }

    public RegisteredApp Add(Uri instance)
    {
        lock (_gate)
        {
            if (!_instances.Contains(instance))
            {
                _instances = [.. _instances, instance];
            }
        }

        return this;
    }

    public void Forget(Uri instance)
    {
        lock (_gate)
        {
            if (_instances.Length > 1)
            {
                _instances = [.. _instances.Where(i => i != instance)];
            }
        }
    }

    /// <summary>Null until the app's subscription manifest has been read successfully.</summary>
    public IReadOnlyList<TopicSubscription>? Subscriptions
    {
        get => _subscriptions;
        set => _subscriptions = value;
    }
}
