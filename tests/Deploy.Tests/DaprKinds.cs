using k8s;

namespace TodoGrains.Deploy.Tests;

// Dapr's custom resources, typed just enough for a strict load: an unknown field is an error.

public sealed class DaprComponent : CustomResource<DaprComponentSpec>
{
    public List<string> Scopes { get; set; } = [];

    public DaprAuth? Auth { get; set; }
}

public sealed class DaprComponentSpec
{
    public string Type { get; set; } = "";

    public string Version { get; set; } = "";

    public List<DaprMetadataItem> Metadata { get; set; } = [];

    public bool? IgnoreErrors { get; set; }

    public string? InitTimeout { get; set; }
}

public sealed class DaprMetadataItem
{
    public string Name { get; set; } = "";

    public string? Value { get; set; }

    public DaprSecretKeyRef? SecretKeyRef { get; set; }
}

public sealed class DaprSecretKeyRef
{
    public string Name { get; set; } = "";

    public string? Key { get; set; }
}

public sealed class DaprAuth
{
    public string SecretStore { get; set; } = "";
}

/// <summary>
/// Dapr's Configuration, typed with the fields of its CRD that this project uses (tracing, metric, access control): a field the CRD
/// does not define, or a misspelt one, fails the strict load instead of being dropped by the API server.
/// </summary>
public sealed class DaprConfiguration : CustomResource<DaprConfigurationSpec>;

public sealed class DaprConfigurationSpec
{
    public DaprTracing? Tracing { get; set; }

    public DaprMetric? Metric { get; set; }

    public DaprAccessControl? AccessControl { get; set; }
}

public sealed class DaprTracing
{
    public string? SamplingRate { get; set; }

    public bool? Stdout { get; set; }

    public DaprOtel? Otel { get; set; }
}

public sealed class DaprOtel
{
    public string EndpointAddress { get; set; } = "";

    public bool? IsSecure { get; set; }

    public string? Protocol { get; set; }
}

public sealed class DaprAccessControl
{
    public string DefaultAction { get; set; } = "";

    public string? TrustDomain { get; set; }

    public List<DaprAppPolicy> Policies { get; set; } = [];
}

public sealed class DaprAppPolicy
{
    public string AppId { get; set; } = "";

    public string? DefaultAction { get; set; }

    public string? TrustDomain { get; set; }

    public string? Namespace { get; set; }

    public List<DaprOperation> Operations { get; set; } = [];
}

public sealed class DaprOperation
{
    public string Name { get; set; } = "";

    public List<string> HttpVerb { get; set; } = [];

    public string? Action { get; set; }
}

public sealed class DaprMetric
{
    public bool? Enabled { get; set; }
}

/// <summary>Dapr's Resiliency, typed with every field its CRD (resiliencies.dapr.io v1alpha1) defines.</summary>
public sealed class DaprResiliency : CustomResource<DaprResiliencySpec>
{
    public List<string> Scopes { get; set; } = [];
}

public sealed class DaprResiliencySpec
{
    public DaprPolicies Policies { get; set; } = new();

    public DaprTargets Targets { get; set; } = new();
}

public sealed class DaprPolicies
{
    public Dictionary<string, string> Timeouts { get; set; } = [];

    public Dictionary<string, DaprRetry> Retries { get; set; } = [];

    public Dictionary<string, DaprCircuitBreaker> CircuitBreakers { get; set; } = [];
}

public sealed class DaprRetry
{
    public string? Policy { get; set; }

    public string? Duration { get; set; }

    public string? MaxInterval { get; set; }

    public int? MaxRetries { get; set; }
}

public sealed class DaprCircuitBreaker
{
    public string? Interval { get; set; }

    public int? MaxRequests { get; set; }

    public string? Timeout { get; set; }

    public string? Trip { get; set; }
}

public sealed class DaprTargets
{
    public Dictionary<string, DaprTargetPolicy> Apps { get; set; } = [];

    public Dictionary<string, DaprTargetPolicy> Actors { get; set; } = [];

    public Dictionary<string, DaprComponentTarget> Components { get; set; } = [];
}

public sealed class DaprTargetPolicy
{
    public string? Timeout { get; set; }

    public string? Retry { get; set; }

    public string? CircuitBreaker { get; set; }

    public int? CircuitBreakerCacheSize { get; set; }

    public string? CircuitBreakerScope { get; set; }
}

public sealed class DaprComponentTarget
{
    public DaprDirectionPolicy? Inbound { get; set; }

    public DaprDirectionPolicy? Outbound { get; set; }
}

public sealed class DaprDirectionPolicy
{
    public string? Timeout { get; set; }

    public string? Retry { get; set; }

    public string? CircuitBreaker { get; set; }
}

internal static class Manifests
{
    public static readonly Dictionary<string, Type> CustomKinds = new()
    {
        ["dapr.io/v1alpha1/Component"] = typeof(DaprComponent),
        ["dapr.io/v1alpha1/Configuration"] = typeof(DaprConfiguration),
        ["dapr.io/v1alpha1/Resiliency"] = typeof(DaprResiliency),
        ["gateway.networking.k8s.io/v1/Gateway"] = typeof(Gateway),
        ["gateway.networking.k8s.io/v1/HTTPRoute"] = typeof(HttpRoute),
        ["kafka.strimzi.io/v1/Kafka"] = typeof(StrimziKafka),
        ["kafka.strimzi.io/v1/KafkaNodePool"] = typeof(StrimziNodePool),
        ["kafka.strimzi.io/v1/KafkaTopic"] = typeof(StrimziTopic),
        ["kafka.strimzi.io/v1/KafkaUser"] = typeof(StrimziUser),
    };

    public static List<object> LoadStrict(string yaml) => KubernetesYaml.LoadAllFromString(yaml, CustomKinds, strict: true);
}
