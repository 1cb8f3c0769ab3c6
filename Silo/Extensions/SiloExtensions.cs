using System.Net;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Storage;
using TodoGrains.Grains;
using TodoGrains.Grains.Agent;
using TodoGrains.Grains.Tasks;
using TodoGrains.Silo.Options;
using TodoGrains.Silo.Startup;
using TodoGrains.Silo.Storage;
using SiloOptions = TodoGrains.Silo.Options.SiloOptions;
using TodoGrains.Hosting;

namespace TodoGrains.Silo.Extensions;

public static class SiloExtensions
{
    private const string PostgresInvariant = "Npgsql";

    /// <summary>
    /// The Orleans silo, in the shape configuration asks for (<c>Orleans:Shape</c>): embedded (localhost
    /// clustering on loopback, SQLite) or cluster (ADO.NET clustering, state and reminders on PostgreSQL, Kubernetes
    /// hosting when running in a pod); in both, its ports speak mutual TLS only (OrleansTransportSecurity).
    /// </summary>
    public static WebApplicationBuilder AddTodoSilo(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddTodoOptions<SiloOptions>(SiloOptions.SectionName);
        services.AddTodoOptions<EmbeddedStorageOptions>(EmbeddedStorageOptions.SectionName);
        services.AddTodoGrainServices();
        services.AddMissedReminderWakeUp();
        // Before the silo's own hosted service: a second host on the same folder or ports stops here.
        services.AddHostedService<HostClaims>();
        services.AddTodoAgentModel(configuration);
        // The embedded file also holds the edge services' state in the embedded shape; it is created on first use.
        services.AddSingleton<SqliteDatabase>();

        var silo = builder.GetSiloOptions();
        builder.UseOrleans(orleans =>
        {
            orleans.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = silo.ClusterId;
                o.ServiceId = silo.ServiceId;
            });
            if (silo.Shape == HostingShape.Cluster)
            {
                orleans.UseClusterShape(silo, builder.GetPostgresConnectionString());
            }
            else
            {
                orleans.UseEmbeddedShape(silo);
            }

            orleans.UseTodoTransportSecurity(silo, builder.Configuration.GetTodoOptions<EmbeddedStorageOptions>(EmbeddedStorageOptions.SectionName));

            // Failure detection and call timeouts are tunable without a code change (the cluster's defaults: UseClusterFailureDetection).
            orleans.Services.Configure<ClusterMembershipOptions>(configuration.GetSection($"{SiloOptions.SectionName}:Membership"));
            orleans.Services.Configure<SiloMessagingOptions>(configuration.GetSection($"{SiloOptions.SectionName}:Messaging"));
            orleans.Configure<GrainCollectionOptions>(o => o.CollectionAge = TimeSpan.FromMinutes(30));
            orleans.AddDashboard();
        });
        return builder;
    }

    public static SiloOptions GetSiloOptions(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Configuration.GetTodoOptions<SiloOptions>(SiloOptions.SectionName);
    }

    public static string GetPostgresConnectionString(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var connectionString = builder.Configuration.GetConnectionString(SiloOptions.ConnectionStringName);
        return string.IsNullOrWhiteSpace(connectionString)
            ? throw new InvalidOperationException(
                $"ConnectionStrings:{SiloOptions.ConnectionStringName} is required when {SiloOptions.SectionName}:Shape is Cluster.")
            : connectionString;
    }

    /// <summary>Grain state and reminders on PostgreSQL through Orleans ADO.NET, with the binary state serializer.</summary>
    public static ISiloBuilder AddTodoPostgresStorage(this ISiloBuilder orleans, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(orleans);
        orleans.AddAdoNetGrainStorage(TaskListLayout.StorageName, options => options.Configure<Serializer>((o, serializer) =>
        {
            o.Invariant = PostgresInvariant;
            o.ConnectionString = connectionString;
            o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
        }));
        orleans.UseAdoNetReminderService(o =>
        {
            o.Invariant = PostgresInvariant;
            o.ConnectionString = connectionString;
        });
        return orleans;
    }

    private static void UseEmbeddedShape(this ISiloBuilder orleans, SiloOptions silo)
    {
        orleans.UseLocalhostClustering(silo.SiloPort, silo.GatewayPort, serviceId: silo.ServiceId, clusterId: silo.ClusterId);
        orleans.Services.AddGrainStorage(TaskListLayout.StorageName, (sp, name) => new SqliteGrainStorage(
            name,
            sp.GetRequiredService<SqliteDatabase>(),
            new OrleansGrainStorageSerializer(sp.GetRequiredService<Serializer>())));
        orleans.Services.AddSingleton<IReminderTable, SqliteReminderTable>();
        orleans.AddReminders();
    }

    private static void UseClusterShape(this ISiloBuilder orleans, SiloOptions silo, string connectionString)
    {
        orleans.Configure<EndpointOptions>(o =>
        {
            o.SiloPort = silo.SiloPort;
            o.GatewayPort = silo.GatewayPort;
            o.SiloListeningEndpoint = new IPEndPoint(IPAddress.Any, silo.SiloPort);
            o.GatewayListeningEndpoint = new IPEndPoint(IPAddress.Any, silo.GatewayPort);
            var advertised = silo.AdvertisedIPAddress ?? Environment.GetEnvironmentVariable("POD_IP");
            o.AdvertisedIPAddress = advertised is null ? IPAddress.Loopback : IPAddress.Parse(advertised);
        });
        if (IsInKubernetes)
        {
            // Reads the pod's name, namespace and IP from the downward API; throws anywhere else.
            orleans.UseKubernetesHosting();
        }

        orleans.UseAdoNetClustering(o =>
        {
            o.Invariant = PostgresInvariant;
            o.ConnectionString = connectionString;
        });
        orleans.AddTodoPostgresStorage(connectionString);
        orleans.UseClusterFailureDetection();
    }

    /// <summary>
    /// A silo that dies or hangs is declared dead in seconds, not a minute: probed every 2 s, dead after three missed
    /// probes (Orleans' default count; its default probe is 5 s), the table re-read every 10 s (default 60 s) so the
    /// other silos learn it soon. The probe timeout is capped at itself (2 s): Orleans withholds a vote against a silo
    /// whose connection delivered anything within the largest probe timeout times the missed-probe count (8 × 3 =
    /// 24 s with its default cap of four probe timeouts), and a hung process (SIGSTOP, a stalled VM) keeps its
    /// sockets open, so it was never voted dead. The declaration breaks the calls waiting on that silo (answered 503
    /// with Retry-After), so the 30 s response timeout stays: a chat turn with a hosted model may take that long.
    /// <c>Orleans:Membership</c> overrides each value. Measured by tests/Cluster.Tests/FailoverTests with SIGKILL and
    /// SIGSTOP (docs/cluster.md).
    /// </summary>
    private static void UseClusterFailureDetection(this ISiloBuilder orleans)
    {
        orleans.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = TimeSpan.FromSeconds(2);
            o.NumMissedProbesLimit = 3;
            o.TableRefreshTimeout = TimeSpan.FromSeconds(10);
        });
        // The cap follows the probe timeout, also one set in Orleans:Membership, unless a cap is set there too.
        orleans.Services.AddOptions<ClusterMembershipOptions>().PostConfigure<IConfiguration>((o, configuration) =>
        {
            if (configuration[$"{SiloOptions.SectionName}:Membership:MaxProbeTimeout"] is null)
            {
                o.MaxProbeTimeout = o.ProbeTimeout;
            }
        });
    }

    private static bool IsInKubernetes => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST"));
}
