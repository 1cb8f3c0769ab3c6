using System.Security.Cryptography;
using TodoGrains.DaprSidecar;

namespace TodoGrains.TestSupport;

/// <summary>
/// The product's event path through Dapr on one machine: the stand-in sidecar (Dapr's gRPC and HTTP APIs), the silo
/// publishing through Dapr, and the four edge services as separate processes, all with the real Dapr SDK. Secrets
/// (the JWT signing key) come from the sidecar's secret store, as in Kubernetes; the edge services export their
/// traces and metrics over OTLP to <see cref="Otlp"/>, as to a collector. Used by the event tests and the benchmark.
/// </summary>
/// <param name="signingKey">The JWT signing key the sidecar's secret store serves; a random one by default.</param>
/// <param name="siloSettings">One silo per entry, each with these settings on top of the Dapr ones (the cluster
/// shape: the same database, a certificate each); one silo with none by default.</param>
public class DaprWorld(byte[]? signingKey = null, IReadOnlyList<IReadOnlyDictionary<string, string>>? siloSettings = null) : IAsyncDisposable
{
    public const string WebhookBinding = "webhook";

    public StandInSidecar Sidecar { get; } = new("stand-in");

    /// <summary>Where the edge services export their traces and metrics, as to a collector.</summary>
    public OtlpReceiver Otlp { get; } = new();

    /// <summary>The first silo; the cluster's others are in <see cref="Silos"/>.</summary>
    public SiloProcess Silo => Silos[0];

    public List<SiloProcess> Silos { get; } = [];

    public Dictionary<string, SiloProcess> Apps { get; } = [];

    public HttpClient Http { get; private set; } = null!;

    public async Task StartAsync()
    {
        await Sidecar.StartAsync();
        await Otlp.StartAsync();
        Sidecar.AppApiToken = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        Sidecar.SetSecret("secretstore", "jwt-signing-key", Convert.ToBase64String(signingKey ?? RandomNumberGenerator.GetBytes(32)));
        var environment = new Dictionary<string, string>
        {
            ["DAPR_GRPC_ENDPOINT"] = Sidecar.GrpcEndpoint,
            ["DAPR_HTTP_ENDPOINT"] = Sidecar.HttpEndpoint,
        };
        var common = new Dictionary<string, string>
        {
            ["Dapr:SecretStoreName"] = "secretstore",
            ["Dapr:AppApiToken"] = Sidecar.AppApiToken,
            ["Dapr:HttpEndpoint"] = Sidecar.HttpEndpoint,
        };

        foreach (var own in siloSettings ?? [new Dictionary<string, string>()])
        {
            var silo = new Dictionary<string, string>(common) { ["Events:Transport"] = "Dapr" };
            foreach (var (key, value) in own)
            {
                silo[key] = value;
            }

            Silos.Add(new SiloProcess(settings: silo, environment: environment));
        }

        var apps = new Dictionary<string, (string Project, Dictionary<string, string> Settings)>
        {
            ["recurring"] = ("EdgeServices/Recurring", new(common)),
            ["notification"] = ("EdgeServices/Notification", new(common) { ["Notification:DigestHour"] = "-1", ["Notification:OutputBinding"] = WebhookBinding }),
            ["audit"] = ("EdgeServices/Audit", new(common)),
            ["sync"] = ("EdgeServices/Sync", new(common)),
        };
        foreach (var (appId, (project, settings)) in apps)
        {
            settings["Observability:OtlpEndpoint"] = Otlp.Endpoint.ToString();
            var telemetry = new Dictionary<string, string>(environment)
            {
                ["OTEL_SERVICE_NAME"] = "todo-" + appId,
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
                ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
            };
            Apps[appId] = new SiloProcess(settings: settings, environment: telemetry, project: project);
        }

        // Each app needs the sidecar to be ready (secrets, health); the sidecar needs the apps to deliver to.
        // The silos one after another: the first creates the cluster, the others join it.
        await Task.WhenAll(Apps.Values.Select(a => a.StartAsync()).Append(StartInTurnAsync(Silos)));
        // One app id for every silo, as behind one Service; the stand-in delivers to the first.
        Sidecar.RegisterApp("chat-api", Silo.BaseAddress);
        foreach (var (appId, app) in Apps)
        {
            Sidecar.RegisterApp(appId, app.BaseAddress);
        }

        await Sidecar.RefreshSubscriptionsAsync();
        Http = Silo.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        foreach (var app in Apps.Values.Concat(Silos))
        {
            await app.DisposeAsync();
        }

        await Sidecar.DisposeAsync();
        await Otlp.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    private static async Task StartInTurnAsync(IEnumerable<SiloProcess> silos)
    {
        foreach (var silo in silos)
        {
            await silo.StartAsync();
        }
    }
}
