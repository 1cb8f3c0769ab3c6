using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using TodoGrains.GrainInterfaces;
using TodoGrains.GrainInterfaces.Tasks;

namespace TodoGrains.TestSupport;

/// <summary>
/// A plain Orleans client pointed at a silo's gateway port, as anyone who can reach the port could write one: no
/// token, optionally a TLS certificate of its own choosing. Starting it is the attempt to get in.
/// </summary>
public static class OrleansGatewayClient
{
    /// <summary>Connects and reads one person's task titles straight from their grain, as the attack in issue 13 did.</summary>
    public static async Task<IReadOnlyList<string>> ReadTitlesAsync(
        int gatewayPort, X509Certificate2? certificate, string userId, string clusterId = "todo-grains", string serviceId = "todo-grains")
    {
        using var host = await ConnectAsync(gatewayPort, certificate, clusterId, serviceId);
        var page = await host.Services.GetRequiredService<IClusterClient>().GetGrain<ITaskListGrain>(userId).ListAsync(new TaskQuery());
        return [.. page.Items.Select(t => t.Title)];
    }

    public static async Task<IHost> ConnectAsync(int gatewayPort, X509Certificate2? certificate, string clusterId = "todo-grains", string serviceId = "todo-grains")
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client =>
        {
            client.UseStaticClustering(new IPEndPoint(IPAddress.Loopback, gatewayPort));
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = clusterId;
                o.ServiceId = serviceId;
            });
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(1));
            if (certificate is not null)
            {
                client.UseTls(certificate, tls => tls.AllowAnyRemoteCertificate());
            }
        });
        builder.Services.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(5));
        var host = builder.Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await host.StartAsync(timeout.Token);
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }
}
