namespace TodoGrains.Contracts.Edge;

/// <summary>
/// The Dapr component names and app ids the silo and the edge services use (section <c>Dapr</c>); they match the
/// YAML in dapr/ and the Helm chart.
/// </summary>
public sealed class EdgeOptions
{
    public const string SectionName = "Dapr";

    /// <summary>The pub/sub component (Kafka in Kubernetes, Redis self-hosted).</summary>
    public string PubSubName { get; set; } = "pubsub";

    /// <summary>The state store (PostgreSQL in Kubernetes, Redis self-hosted).</summary>
    public string StateStoreName { get; set; } = "statestore";

    /// <summary>The secret store; empty: secrets come from configuration only.</summary>
    public string? SecretStoreName { get; set; }

    /// <summary>The token the sidecar sends as <c>dapr-api-token</c> on calls to the app (daprd's APP_API_TOKEN).</summary>
    public string? AppApiToken { get; set; }

    /// <summary>Dapr app ids, to invoke the other services.</summary>
    public string SiloAppId { get; set; } = "chat-api";

    public string SyncAppId { get; set; } = "sync";

    public string AuditAppId { get; set; } = "audit";

    public string NotificationAppId { get; set; } = "notification";
}
