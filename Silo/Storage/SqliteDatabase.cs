using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using TodoGrains.Silo.Options;

namespace TodoGrains.Silo.Storage;

/// <summary>
/// The embedded shape's one database file: grain state, reminders and the edge services' state. Creates its schema on first use.
/// WAL journaling lets readers proceed while a write commits; synchronous=NORMAL keeps commits durable
/// across a process crash (an OS crash may lose the last commits, acceptable for a first-run shape).
/// </summary>
public sealed class SqliteDatabase : IDisposable
{
    private const string Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS grain_state (
            grain_id   TEXT    NOT NULL,
            state_name TEXT    NOT NULL,
            etag       INTEGER NOT NULL,
            payload    BLOB    NOT NULL,
            PRIMARY KEY (grain_id, state_name)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS reminders (
            grain_id      TEXT    NOT NULL,
            reminder_name TEXT    NOT NULL,
            grain_hash    INTEGER NOT NULL,
            start_at      INTEGER NOT NULL,
            period        INTEGER NOT NULL,
            etag          INTEGER NOT NULL,
            PRIMARY KEY (grain_id, reminder_name)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS reminders_by_hash ON reminders (grain_hash);
        CREATE TABLE IF NOT EXISTS edge_state (
            key   TEXT    PRIMARY KEY,
            value TEXT    NOT NULL,
            etag  INTEGER NOT NULL
        ) WITHOUT ROWID;
        """;

    private readonly string _connectionString;
    private readonly string _path;
    private readonly SemaphoreSlim _schemaGate = new(1, 1);

    // SQLite takes one writer at a time. Left to contend, a losing writer gets SQLITE_BUSY and Microsoft.Data.Sqlite
    // sleeps a fixed 150 ms before retrying, which showed up as a 150 ms step in every write percentile above p95
    // (docs/performance.md). Queuing the process's writers here instead hands the lock on the moment it is free.
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private volatile bool _schemaReady;

    public SqliteDatabase(IOptions<EmbeddedStorageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = options.Value.DatabasePath;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        _path = path;
    }

    public void Dispose()
    {
        _schemaGate.Dispose();
        _writeGate.Dispose();
    }

    /// <summary>Opens a connection for a write: the one writer of this process until the returned lease is disposed.</summary>
    public async Task<SqliteWriter> OpenWriterAsync(CancellationToken cancellationToken = default)
    {
        var connection = await OpenAsync(cancellationToken);
        try
        {
            await _writeGate.WaitAsync(cancellationToken);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        return new SqliteWriter(connection, _writeGate);
    }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        if (!_schemaReady)
        {
            await EnsureSchemaAsync(cancellationToken);
        }

        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous = NORMAL;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    // Retried on the next use if it fails (a locked file, a folder created a moment later).
    private async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        await _schemaGate.WaitAsync(cancellationToken);
        try
        {
            if (!_schemaReady)
            {
                await CreateSchemaAsync(_path);
                _schemaReady = true;
            }
        }
        finally
        {
            _schemaGate.Release();
        }
    }

    private async Task CreateSchemaAsync(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = Schema;
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>A connection that holds the process's SQLite write turn until disposed.</summary>
public sealed class SqliteWriter(SqliteConnection connection, SemaphoreSlim gate) : IAsyncDisposable
{
    private int _disposed;

    public SqliteConnection Connection { get; } = connection;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            try
            {
                await Connection.DisposeAsync();
            }
            finally
            {
                gate.Release();
            }
        }
    }
}
