using Microsoft.Extensions.Options;
using Npgsql;
using TodoGrains.Silo.Options;
using TodoGrains.Silo.Storage;

namespace TodoGrains.Bench.Calibration;

/// <summary>
/// The storage with none of the product's work: one write of a 1 KB row per call. For the embedded shape through the
/// silo's own group-commit writer (<see cref="SqliteDatabase"/>) on a fresh file, as an upsert of a grain-state row; for
/// the cluster shape a parameterised insert on the same PostgreSQL database, through the same driver.
/// </summary>
public abstract class RawWriter : IAsyncDisposable
{
    protected static readonly byte[] Payload = new byte[1024];

    /// <summary>A writer for this run's shape: PostgreSQL when a connection string is given, else a fresh SQLite file.</summary>
    public static async Task<RawWriter> OpenAsync(string? postgres) =>
        postgres is null ? new Sqlite() : await Postgres.CreateAsync(postgres);

    public abstract Task WriteAsync(string key, long version);

    public abstract ValueTask DisposeAsync();

    private sealed class Sqlite : RawWriter
    {
        private readonly string _folder = Path.Combine(Path.GetTempPath(), "todo-grains-bench", "raw-" + Guid.NewGuid().ToString("N"));
        private readonly SqliteDatabase _database;

        public Sqlite() => _database = new SqliteDatabase(Options.Create(new EmbeddedStorageOptions { DataDirectory = _folder }));

        public override Task WriteAsync(string key, long version) => _database.WriteAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO grain_state (grain_id, state_name, etag, payload) VALUES ($id, 'raw', $etag, $payload) " +
                                  "ON CONFLICT (grain_id, state_name) DO UPDATE SET etag = excluded.etag, payload = excluded.payload";
            command.Parameters.AddWithValue("$id", key);
            command.Parameters.AddWithValue("$etag", version);
            command.Parameters.AddWithValue("$payload", Payload);
            return command.ExecuteNonQuery();
        });

        public override ValueTask DisposeAsync()
        {
            _database.Dispose();
            Directory.Delete(_folder, recursive: true);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class Postgres(NpgsqlDataSource source, string table) : RawWriter
    {
        public static async Task<RawWriter> CreateAsync(string connectionString)
        {
            var source = NpgsqlDataSource.Create(connectionString);
            var table = "bench_raw_" + Guid.NewGuid().ToString("N")[..8];
            // A logged table like the product's: an unlogged one would skip the WAL the product's writes pay for.
            await using var create = source.CreateCommand($"CREATE TABLE {table} (id text, version bigint, payload bytea)");
            await create.ExecuteNonQueryAsync();
            return new Postgres(source, table);
        }

        public override async Task WriteAsync(string key, long version)
        {
            await using var insert = source.CreateCommand($"INSERT INTO {table} (id, version, payload) VALUES ($1, $2, $3)");
            insert.Parameters.AddWithValue(key);
            insert.Parameters.AddWithValue(version);
            insert.Parameters.AddWithValue(Payload);
            await insert.ExecuteNonQueryAsync();
        }

        public override async ValueTask DisposeAsync()
        {
            await using (var drop = source.CreateCommand($"DROP TABLE {table}"))
            {
                await drop.ExecuteNonQueryAsync();
            }

            await source.DisposeAsync();
        }
    }
}
