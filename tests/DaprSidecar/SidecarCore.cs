using System.Collections.Concurrent;
using TodoGrains.DaprSidecar.Apps;
using TodoGrains.DaprSidecar.PubSub;
using TodoGrains.DaprSidecar.State;

namespace TodoGrains.DaprSidecar;

/// <summary>Everything the gRPC and HTTP APIs share: the apps, the broker, state, secrets and recorded bindings.</summary>
internal sealed class SidecarCore : IDisposable
{
    public SidecarCore(string appId, TimeProvider time, CancellationToken stopping)
    {
        AppId = appId;
        Apps = new AppChannel();
        Broker = new Broker(Apps, appId, time, stopping);
    }

    public string AppId { get; }

    public AppChannel Apps { get; }

    public Broker Broker { get; }

    public StateStores State { get; } = new();

    public ConcurrentDictionary<string, ConcurrentDictionary<string, string>> Secrets { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<BindingInvocation> BindingInvocations { get; } = new();

    public ConcurrentDictionary<string, string> ExtendedMetadata { get; } = new(StringComparer.Ordinal);

    public void Dispose() => Apps.Dispose();
}
