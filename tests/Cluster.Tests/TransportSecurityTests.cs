using Microsoft.Extensions.Logging.Abstractions;
using TodoGrains.Silo.Migrations;

namespace TodoGrains.Cluster.Tests;

/// <summary>
/// A cluster silo's gateway, which listens on every interface of its pod, admits only a peer whose certificate the
/// cluster's authority signed: an Orleans client without one (the attack in issue 13 read a person's password hash
/// and 1,124 tasks with no token) is dropped during the TLS handshake.
/// </summary>
public sealed class TransportSecurityTests : IAsyncLifetime
{
    private readonly ClusterCertificates _certificates = new(Path.Combine(Path.GetTempPath(), "todo-grains-tests", Guid.NewGuid().ToString("N")));
    private string _database = "";

    public async ValueTask InitializeAsync()
    {
        _database = await PostgresServer.CreateDatabaseAsync();
        await new PostgresMigrator(_database, NullLogger.Instance).MigrateAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _certificates.Dispose();
        await PostgresServer.DropDatabaseAsync(_database);
    }

    [Fact]
    public async Task TheGateway_AdmitsOnlyACertificateTheClustersAuthoritySigned()
    {
        var settings = ClusterSettings.For(_database, "tls", _certificates.Settings);
        var clusterId = settings["Orleans:ClusterId"];
        await using var silo = new SiloProcess(settings: settings);
        await silo.StartAsync();
        using var http = silo.CreateClient();
        var victim = await ApiClient.RegisterAsync(http);
        await victim.CreateAsync("""{"title":"Private: passport number"}""");

        await Assert.ThrowsAnyAsync<Exception>(() => OrleansGatewayClient.ReadTitlesAsync(silo.GatewayPort, null, victim.UserId, clusterId, "tls"));
        using var stranger = ClusterCertificates.SelfSigned("todo-grains-silo");
        await Assert.ThrowsAnyAsync<Exception>(() => OrleansGatewayClient.ReadTitlesAsync(silo.GatewayPort, stranger, victim.UserId, clusterId, "tls"));

        using var member = _certificates.IssueWithKey("ops-tool");
        Assert.Contains("Private: passport number", await OrleansGatewayClient.ReadTitlesAsync(silo.GatewayPort, member, victim.UserId, clusterId, "tls"));
    }
}
