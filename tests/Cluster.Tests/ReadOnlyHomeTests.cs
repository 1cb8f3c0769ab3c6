using Microsoft.Extensions.Logging.Abstractions;
using TodoGrains.Silo.Migrations;

namespace TodoGrains.Cluster.Tests;

/// <summary>
/// A cluster pod's root file system is read-only, so the silo must not create anything under its home folder when
/// it is not the embedded shape. The home here sits under a regular file, which no user (root included) can create
/// folders in; the release harness runs the same with the chart's readOnlyRootFilesystem.
/// </summary>
public sealed class ReadOnlyHomeTests : IAsyncLifetime
{
    private string _database = "";
    private string _file = "";

    public async ValueTask InitializeAsync()
    {
        _database = await PostgresServer.CreateDatabaseAsync();
        await new PostgresMigrator(_database, NullLogger.Instance).MigrateAsync();
        _file = Path.GetTempFileName();
    }

    public async ValueTask DisposeAsync()
    {
        File.Delete(_file);
        await PostgresServer.DropDatabaseAsync(_database);
    }

    [Fact]
    public async Task ClusterSilo_StartsAndServes_WhenItsHomeFolderCannotBeWritten()
    {
        var home = Path.Combine(_file, "home");
        using var certificates = new ClusterCertificates(_file + "-tls");
        var settings = ClusterSettings.For(_database, "readonly", certificates.Settings);
        var environment = new Dictionary<string, string> { ["HOME"] = home, ["XDG_DATA_HOME"] = Path.Combine(home, ".local", "share") };
        await using var silo = new SiloProcess(settings: settings, environment: environment);

        await silo.StartAsync();

        using var http = silo.CreateClient();
        var api = await ApiClient.RegisterAsync(http);
        var created = await api.CreateAsync("""{"title":"Written with no writable home"}""");
        Assert.Equal("Written with no writable home", (string?)created["title"]);
    }
}
