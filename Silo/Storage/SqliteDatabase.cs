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
    // sleeps a fixed 150 ms before retrying (a 150 ms step in every write percentile above p95). Queued on a lock,
    // the writers still paid a thread-pool hop per hand-over and a commit each. So the process's writes go to one
    // writer thread instead, which runs everything queued as one transaction: a group commit (docs/performance.md).
    private const int MaxGroup = 256;
    private readonly Queue<PendingWrite> _writes = new();
    private Thread? _writer;
    private bool _closed;
    private volatile bool _schemaReady;
    private readonly EmbeddedStorageOptions _options;

    public SqliteDatabase(IOptions<EmbeddedStorageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        var path = _options.DatabasePath;
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
        Thread? writer;
        lock (_writes)
        {
            _closed = true;
            writer = _writer;
            Monitor.Pulse(_writes);
        }

        writer?.Join(TimeSpan.FromSeconds(10));
        _schemaGate.Dispose();
    }

    /// <summary>
    /// Runs <paramref name="write"/> on the process's one writer connection, inside a transaction it may share with
    /// other writes queued at the same moment, and completes once that transaction is committed. The write runs in
    /// its own savepoint: if it throws, its changes are undone, the others' are not, and the returned task fails
    /// with its exception. It must be synchronous (Microsoft.Data.Sqlite is) and must not begin a transaction.
    /// </summary>
    public Task<T> WriteAsync<T>(Func<SqliteConnection, T> write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        var pending = new PendingWrite<T>(write, cancellationToken);
        lock (_writes)
        {
            if (_closed)
            {
                return Task.FromException<T>(new ObjectDisposedException(nameof(SqliteDatabase)));
            }

            _writes.Enqueue(pending);
            if (_writer is null)
            {
                _writer = new Thread(RunWriter) { IsBackground = true, Name = "SQLite writer" };
                _writer.Start();
            }
            else if (_writes.Count == 1)
            {
                Monitor.Pulse(_writes);
            }
        }

        return pending.Task;
    }

    private void RunWriter()
    {
        SqliteConnection? connection = null;
        var group = new List<PendingWrite>(MaxGroup);
        try
        {
            while (true)
            {
                group.Clear();
                lock (_writes)
                {
                    while (_writes.Count == 0 && !_closed)
                    {
                        Monitor.Wait(_writes);
                    }

                    while (group.Count < MaxGroup && _writes.TryDequeue(out var next))
                    {
                        group.Add(next);
                    }

                    if (group.Count == 0)
                    {
                        return;
                    }
                }

                try
                {
                    connection ??= OpenAsync().GetAwaiter().GetResult();
                    Execute(connection, "BEGIN IMMEDIATE");
                    foreach (var write in group)
                    {
                        write.Run(connection);
                    }

                    Execute(connection, "COMMIT");
                    foreach (var write in group)
                    {
                        write.Complete();
                    }
                }
                catch (Exception ex)
                {
                    // The transaction (or the connection) failed: none of the group is known to be written.
                    foreach (var write in group)
                    {
                        write.Fail(ex);
                    }

                    connection?.Dispose();
                    connection = null;
                }
            }
        }
        finally
        {
            connection?.Dispose();
        }
    }

    internal static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
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
        _options.EnsureDataDirectory();
        EmbeddedStorageOptions.CreateOwnerOnlyFile(path);
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = Schema;
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>A write waiting for the writer thread, and then for its group's commit.</summary>
internal abstract class PendingWrite
{
    public abstract void Run(SqliteConnection connection);

    public abstract void Complete();

    public abstract void Fail(Exception exception);
}

internal sealed class PendingWrite<T>(Func<SqliteConnection, T> write, CancellationToken cancellationToken) : PendingWrite
{
    // Continuations run on the thread pool, never on the writer thread.
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _result;
    private Exception? _error;

    public Task<T> Task => _completion.Task;

    public override void Run(SqliteConnection connection)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            _error = new OperationCanceledException(cancellationToken);
            return;
        }

        SqliteDatabase.Execute(connection, "SAVEPOINT write");
        try
        {
            _result = write(connection);
            SqliteDatabase.Execute(connection, "RELEASE write");
        }
        catch (Exception ex) when (ex is not SqliteException { SqliteErrorCode: 10 or 13 })
        {
            // Its own failure (a bug, a constraint): undo just this write. Disk I/O errors (10) and a full disk (13)
            // fail the whole group instead.
            _error = ex;
            SqliteDatabase.Execute(connection, "ROLLBACK TO write");
            SqliteDatabase.Execute(connection, "RELEASE write");
        }
    }

    public override void Complete()
    {
        if (_error is null)
        {
            _completion.TrySetResult(_result!);
        }
        else
        {
            _completion.TrySetException(_error);
        }
    }

    public override void Fail(Exception exception) => _completion.TrySetException(exception);
}
