using Npgsql;

namespace TodoGrains.TestSupport;

/// <summary>
/// The PostgreSQL server the cluster tests use (started by <c>.ci/postgres.sh</c>); each test gets a database of
/// its own. Override the server with <c>TODOGRAINS_TEST_POSTGRES</c> (a connection string to any database).
/// </summary>
public static class PostgresServer
{
    public static string ServerConnectionString { get; } =
        Environment.GetEnvironmentVariable("TODOGRAINS_TEST_POSTGRES") ??
        "Host=127.0.0.1;Port=5432;Username=todo;Password=todo;Database=postgres";

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var name = "tg_" + Guid.NewGuid().ToString("N")[..16];
        try
        {
            await using var connection = new NpgsqlConnection(ServerConnectionString);
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException ex)
        {
            throw new InvalidOperationException(
                $"PostgreSQL is not reachable at '{ServerConnectionString}'. Start it with 'bash .ci/postgres.sh' " +
                "or point TODOGRAINS_TEST_POSTGRES at a server.", ex);
        }

        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ConnectionString;
    }

    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    public static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
