using k8s;
using k8s.Models;

namespace TodoGrains.Deploy.Tests;

/// <summary>
/// A custom resource typed for a strict load: the Kubernetes envelope, and a spec class with just the fields of its
/// CRD the chart uses, so an unknown or misspelt field is an error.
/// </summary>
public abstract class CustomResource<TSpec> : IKubernetesObject<V1ObjectMeta>
    where TSpec : new()
{
    public string ApiVersion { get; set; } = "";

    public string Kind { get; set; } = "";

    public V1ObjectMeta Metadata { get; set; } = new();

    public TSpec Spec { get; set; } = new();
}
