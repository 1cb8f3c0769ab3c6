using System.Globalization;
using System.Reflection;
using Npgsql;

namespace TodoGrains.Silo.Migrations;

/// <summary>
/// Applies the versioned PostgreSQL scripts (grain state, reminders, membership and the query table the
/// Orleans ADO.NET providers read) in order. Each script runs once, in its own transaction, recorded in
/// <c>todo_schema_migrations</c>; an advisory lock keeps two migrate jobs from interleaving, and every script
/// is itself written to be re-runnable.
/// </summary>
public sealed partial class PostgresMigrator(string connectionString, ILogger logger)
{
    private const long LockKey = 0x7064_6f74_6f67; // "todogr" in ASCII, any constant would do

    public static IReadOnlyList<(int Version, string Name, string Sql)> Scripts { get; } = LoadScripts();

    /// <summary>Brings the database up to date; returns how many scripts were applied now.</summary>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({LockKey})", cancellationToken);
        try
        {
            await ExecuteAsync(connection, null, """
                CREATE TABLE IF NOT EXISTS todo_schema_migrations (
                    version    integer     PRIMARY KEY,
                    name       text        NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now())
                """, cancellationToken);
            var applied = new HashSet<int>();
            await using (var read = new NpgsqlCommand("SELECT version FROM todo_schema_migrations", connection))
            await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    applied.Add(reader.GetInt32(0));
                }
            }

            var count = 0;
            foreach (var (version, name, sql) in Scripts.Where(s => !applied.Contains(s.Version)))
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await ExecuteAsync(connection, transaction, sql, cancellationToken);
                await using (var record = new NpgsqlCommand("INSERT INTO todo_schema_migrations (version, name) VALUES ($1, $2)", connection, transaction))
                {
                    record.Parameters.Add(new NpgsqlParameter { Value = version });
                    record.Parameters.Add(new NpgsqlParameter { Value = name });
                    await record.ExecuteNonQueryAsync(cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
                LogApplied(name);
                count++;
            }

            LogUpToDate(Scripts.Count, count);
            return count;
        }
        finally
        {
            await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static List<(int, string, string)> LoadScripts()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var scripts = new List<(int, string, string)>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("postgres/", StringComparison.Ordinal)))
        {
            var name = resource["postgres/".Length..];
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            scripts.Add((int.Parse(name[..4], CultureInfo.InvariantCulture), name, reader.ReadToEnd()));
        }

        return scripts.OrderBy(s => s.Item1).ToList();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied {Script}")]
    private partial void LogApplied(string script);

    [LoggerMessage(Level = LogLevel.Information, Message = "Schema up to date: {Total} scripts, {Applied} applied now")]
    private partial void LogUpToDate(int total, int applied);
}
