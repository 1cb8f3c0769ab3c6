using k8s;
using k8s.Models;

namespace TodoGrains.Deploy.Tests;

// Dapr's custom resources, typed just enough for a strict load: an unknown field is an error.

public sealed class DaprComponent : IKubernetesObject<V1ObjectMeta>
{
    public string ApiVersion { get; set; } = "";

    public string Kind { get; set; } = "";

    public V1ObjectMeta Metadata { get; set; } = new();

    public DaprComponentSpec Spec { get; set; } = new();

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

/// <summary>Configuration and Resiliency: their spec is checked by Dapr's own schema, not here.</summary>
public sealed class DaprResource : IKubernetesObject<V1ObjectMeta>
{
    public string ApiVersion { get; set; } = "";

    public string Kind { get; set; } = "";

    public V1ObjectMeta Metadata { get; set; } = new();

    public Dictionary<string, object> Spec { get; set; } = [];

    public List<string> Scopes { get; set; } = [];
}

internal static class Manifests
{
    public static readonly Dictionary<string, Type> DaprTypes = new()
    {
        ["dapr.io/v1alpha1/Component"] = typeof(DaprComponent),
        ["dapr.io/v1alpha1/Configuration"] = typeof(DaprResource),
        ["dapr.io/v1alpha1/Resiliency"] = typeof(DaprResource),
    };

    public static List<object> LoadStrict(string yaml) => KubernetesYaml.LoadAllFromString(yaml, DaprTypes, strict: true);
}
