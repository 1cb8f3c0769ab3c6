using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using TodoGrains.Silo.Migrations;

namespace TodoGrains.Cluster.Tests;

public sealed class SchemaTests : IAsyncLifetime
{
    private static readonly string[] QueryKeys =
    [
        "InsertMembershipVersionKey", "InsertMembershipKey", "UpdateMembershipKey", "UpdateIAmAlivetimeKey",
        "MembershipReadRowKey", "MembershipReadAllKey", "GatewaysQueryKey", "DeleteMembershipTableEntriesKey",
        "CleanupDefunctSiloEntriesKey", "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey",
        "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key", "UpsertReminderRowKey",
        "DeleteReminderRowKey", "DeleteReminderRowsKey",
    ];

    private string _database = "";

    public async ValueTask InitializeAsync() => _database = await PostgresServer.CreateDatabaseAsync();

    public async ValueTask DisposeAsync() => await PostgresServer.DropDatabaseAsync(_database);

    [Fact]
    public async Task Migrate_AppliesToAnEmptyDatabase_ThenAgainWithoutChange()
    {
        var migrator = new PostgresMigrator(_database, NullLogger.Instance);

        Assert.Equal(PostgresMigrator.Scripts.Count, await migrator.MigrateAsync(TestContext.Current.CancellationToken));
        Assert.Equal(0, await migrator.MigrateAsync(TestContext.Current.CancellationToken));

        Assert.Equal(PostgresMigrator.Scripts.Count, (int)await PostgresServer.ScalarAsync<long>(_database, "SELECT count(*) FROM todo_schema_migrations"));
        await using var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        var keys = new List<string>();
        await using (var command = new NpgsqlCommand("SELECT querykey FROM orleansquery", connection))
        await using (var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken))
        {
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            {
                keys.Add(reader.GetString(0));
            }
        }

        Assert.Equal(QueryKeys.Order(), keys.Order());
    }

    [Fact]
    public async Task EveryScript_RunsTwiceWithoutError()
    {
        await new PostgresMigrator(_database, NullLogger.Instance).MigrateAsync(TestContext.Current.CancellationToken);
        await using var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync(TestContext.Current.CancellationToken);

        // As if a migration record had been lost: the scripts themselves must be re-runnable.
        foreach (var (_, _, sql) in PostgresMigrator.Scripts)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        Assert.Equal(QueryKeys.Length, (int)await PostgresServer.ScalarAsync<long>(_database, "SELECT count(*) FROM orleansquery"));
    }

    [Fact]
    public async Task ConcurrentMigrations_ApplyEachScriptOnce()
    {
        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => new PostgresMigrator(_database, NullLogger.Instance).MigrateAsync(TestContext.Current.CancellationToken)));

        Assert.Equal(PostgresMigrator.Scripts.Count, runs.Sum());
    }

    [Fact]
    public async Task MigrateVerb_OfTheSiloProgram_ExitsZero_AndTwoWithoutAConnectionString()
    {
        Assert.Equal(0, await SiloCommand.RunAsync(["migrate", $"--ConnectionStrings:Orleans={_database}"]));
        Assert.Equal(0, await SiloCommand.RunAsync(["migrate", $"--ConnectionStrings:Orleans={_database}"]));
        Assert.Equal(2, await SiloCommand.RunAsync(["migrate"]));
        Assert.Equal(QueryKeys.Length, (int)await PostgresServer.ScalarAsync<long>(_database, "SELECT count(*) FROM orleansquery"));
    }
}
