using Dapr.Client;

namespace TodoGrains.DaprSidecar.Tests;

/// <summary>A started stand-in sidecar, a subscriber app registered with it, and a real DaprClient pointed at it.</summary>
internal sealed class DaprWorld : IAsyncDisposable
{
    public const string SidecarAppId = "publisher";

    private DaprWorld(StandInSidecar sidecar, SubscriberApp app, DaprClient client)
    {
        Sidecar = sidecar;
        App = app;
        Client = client;
    }

    public StandInSidecar Sidecar { get; }

    public SubscriberApp App { get; }

    public DaprClient Client { get; }

    public static async Task<DaprWorld> StartAsync(CancellationToken cancellationToken)
    {
        var sidecar = new StandInSidecar(SidecarAppId);
        await sidecar.StartAsync(cancellationToken);
        var app = await SubscriberApp.StartAsync(cancellationToken);
        sidecar.RegisterApp(SubscriberApp.AppId, app.BaseAddress);
        var client = new DaprClientBuilder().UseGrpcEndpoint(sidecar.GrpcEndpoint).UseHttpEndpoint(sidecar.HttpEndpoint).Build();
        return new DaprWorld(sidecar, app, client);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Sidecar.DisposeAsync();
        await App.DisposeAsync();
    }
}
