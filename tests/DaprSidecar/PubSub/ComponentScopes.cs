namespace TodoGrains.DaprSidecar.PubSub;

/// <summary>
/// Who may subscribe to what on one pub/sub component, as daprd reads it: the component's <c>scopes</c> (the app ids
/// that load it at all; empty: every app) and its <c>subscriptionScopes</c> metadata
/// (<c>app1=topic1,topic2;app2=</c>: a listed app subscribes to those topics only, an unlisted one to any).
/// </summary>
public sealed class ComponentScopes
{
    private readonly HashSet<string> _apps;
    private readonly Dictionary<string, HashSet<string>> _topics = new(StringComparer.Ordinal);

    public ComponentScopes(IEnumerable<string> scopes, string? subscriptionScopes)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        _apps = new HashSet<string>(scopes, StringComparer.Ordinal);
        foreach (var entry in (subscriptionScopes ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException($"subscriptionScopes entry '{entry}' is not app=topic,topic");
            }

            _topics[entry[..equals].Trim()] = new HashSet<string>(
                entry[(equals + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.Ordinal);
        }
    }

    /// <summary>Whether <paramref name="appId"/> receives <paramref name="topic"/> from this component.</summary>
    public bool MaySubscribe(string appId, string topic) =>
        (_apps.Count == 0 || _apps.Contains(appId)) && (!_topics.TryGetValue(appId, out var topics) || topics.Contains(topic));
}
