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

    public void Register(string appId, Uri baseAddress) => _apps[appId] = new RegisteredApp(appId, baseAddress);

    public RegisteredApp? Find(string appId) => _apps.GetValueOrDefault(appId);

    /// <summary>A request to <paramref name="pathAndQuery"/> on the app, carrying the app API token when one is set.</summary>
    public HttpRequestMessage CreateRequest(HttpMethod method, RegisteredApp app, string pathAndQuery)
    {
        var target = new Uri(app.BaseAddress.AbsoluteUri.TrimEnd('/') + "/" + pathAndQuery.TrimStart('/'));
        var request = new HttpRequestMessage(method, target);
        if (_appApiToken is { } token)
        {
            request.Headers.TryAddWithoutValidation(ApiTokenHeader, token);
        }

        return request;
    }

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken) =>
        _http.SendAsync(request, completion, cancellationToken);

    public void Dispose() => _http.Dispose();
}

/// <summary>An app behind the stand-in; its subscriptions are read lazily from <c>GET /dapr/subscribe</c>.</summary>
internal sealed class RegisteredApp(string appId, Uri baseAddress)
{
    private volatile IReadOnlyList<TopicSubscription>? _subscriptions;

    public string AppId { get; } = appId;

    public Uri BaseAddress { get; } = baseAddress;

    /// <summary>Null until the app's subscription manifest has been read successfully.</summary>
    public IReadOnlyList<TopicSubscription>? Subscriptions
    {
        get => _subscriptions;
        set => _subscriptions = value;
    }
}
