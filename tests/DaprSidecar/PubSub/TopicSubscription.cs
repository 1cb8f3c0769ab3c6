using System.Text.Json;

namespace TodoGrains.DaprSidecar.PubSub;

/// <summary>One entry of an app's programmatic subscription manifest (<c>GET /dapr/subscribe</c>).</summary>
internal sealed record TopicSubscription(string PubsubName, string Topic, string Route, string? DeadLetterTopic)
{
    /// <summary>
    /// Reads the manifest as daprd does: Go's JSON decoding matches field names case-insensitively, so both the
    /// documented <c>pubsubname</c> and Dapr.AspNetCore's camel-case <c>pubsubName</c> are accepted.
    /// </summary>
    public static IReadOnlyList<TopicSubscription> ParseManifest(JsonElement manifest)
    {
        var subscriptions = new List<TopicSubscription>();
        if (manifest.ValueKind != JsonValueKind.Array)
        {
            return subscriptions;
        }

        foreach (var entry in manifest.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var pubsub = StringProperty(entry, "pubsubname");
            var topic = StringProperty(entry, "topic");
            var route = StringProperty(entry, "route") ?? DefaultRoute(Property(entry, "routes"));
            if (string.IsNullOrEmpty(pubsub) || string.IsNullOrEmpty(topic) || string.IsNullOrEmpty(route))
            {
                continue;
            }

            subscriptions.Add(new TopicSubscription(pubsub, topic, route, StringProperty(entry, "deadlettertopic")));
        }

        return subscriptions;
    }

    // Rules carry CEL match expressions the stand-in does not evaluate: every event takes the default route,
    // or the first rule's path when there is no default.
    private static string? DefaultRoute(JsonElement? routes)
    {
        if (routes is not { ValueKind: JsonValueKind.Object } value)
        {
            return null;
        }

        if (StringProperty(value, "default") is { Length: > 0 } fallback)
        {
            return fallback;
        }

        if (Property(value, "rules") is { ValueKind: JsonValueKind.Array } rules)
        {
            foreach (var rule in rules.EnumerateArray())
            {
                if (rule.ValueKind == JsonValueKind.Object && StringProperty(rule, "path") is { Length: > 0 } path)
                {
                    return path;
                }
            }
        }

        return null;
    }

    private static string? StringProperty(JsonElement element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static JsonElement? Property(JsonElement element, string name)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }
}
