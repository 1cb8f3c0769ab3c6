using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using TodoGrains.Silo.Options;
using TodoGrains.Silo.Storage;

namespace TodoGrains.Api.Tests;

/// <summary>
/// The embedded database's one writer: writes queued together commit together, yet each succeeds or fails on its
/// own, and a caller hears of its write only once it is committed.
/// </summary>
public sealed class SqliteWriterTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "todo-grains-tests", "writer-" + Guid.NewGuid().ToString("N"));
    private readonly SqliteDatabase _database;

    public SqliteWriterTests() =>
        _database = new SqliteDatabase(Options.Create(new EmbeddedStorageOptions { DataDirectory = _dataDirectory }));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _database.Dispose();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task WritesQueuedTogether_CommitAsOneGroup_AndAFailingOneIsUndoneAlone()
    {
        using var release = new ManualResetEventSlim();
        var writerThread = 0;
        // The first write holds the writer until the others are queued, so they all run in the next group.
        var first = _database.WriteAsync(connection =>
        {
            writerThread = Environment.CurrentManagedThreadId;
            release.Wait(Ct);
            return Insert(connection, "first");
        }, Ct);
        long seenByWriter = -1, seenByReader = -1;
        var group = Enumerable.Range(0, 100).Select(i => _database.WriteAsync(connection =>
        {
            if (i == 1)
            {
                // k0 is written in this transaction and not committed yet: only the writer sees it.
                seenByWriter = Count(connection, "k0");
                using var reader = _database.OpenAsync(Ct).GetAwaiter().GetResult();
                seenByReader = Count(reader, "k0");
            }

            Insert(connection, $"k{i}");
            if (i == 42)
            {
                throw new InvalidOperationException("write 42 fails after its insert");
            }

            return i;
        }, Ct)).ToList();
        release.Set();

        Assert.Equal(1, await first);
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => group[42]);
        Assert.Equal("write 42 fails after its insert", failure.Message);
        Assert.Equal(Enumerable.Range(0, 100).Where(i => i != 42), await Task.WhenAll(group.Where((_, i) => i != 42)));

        Assert.Equal(1, seenByWriter);
        Assert.Equal(0, seenByReader);
        var keys = await ReadKeysAsync();
        Assert.Equal(100, keys.Count);
        Assert.Contains("first", keys);
        Assert.DoesNotContain("k42", keys);
        Assert.Contains("k99", keys);
        Assert.NotEqual(Environment.CurrentManagedThreadId, writerThread);
    }

    [Fact]
    public async Task AWriteThatBreaksTheTransaction_FailsOnlyItsGroup_AndTheWriterCarriesOn()
    {
        await _database.WriteAsync(connection => Insert(connection, "before"), Ct);
        // A write must not end the group's transaction itself; if one does, its group fails and nothing of it stays.
        var rogue = _database.WriteAsync(connection =>
        {
            SqliteDatabase.Execute(connection, "COMMIT");
            return 0;
        }, Ct);
        await Assert.ThrowsAnyAsync<Exception>(() => rogue);

        Assert.Equal(1, await _database.WriteAsync(connection => Insert(connection, "after"), Ct));
        Assert.Equal(["after", "before"], (await ReadKeysAsync()).Order());
    }

    [Fact]
    public async Task AfterDispose_AWriteIsRefused()
    {
        await _database.WriteAsync(connection => Insert(connection, "one"), Ct);
        _database.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => _database.WriteAsync(connection => Insert(connection, "two"), Ct));
    }

    private static int Insert(SqliteConnection connection, string key)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO edge_state (key, value, etag) VALUES ($key, '{}', 1)";
        command.Parameters.AddWithValue("$key", key);
        return command.ExecuteNonQuery();
    }

    private static long Count(SqliteConnection connection, string key)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM edge_state WHERE key = $key";
        command.Parameters.AddWithValue("$key", key);
        return (long)command.ExecuteScalar()!;
    }

    private async Task<List<string>> ReadKeysAsync()
    {
        await using var connection = await _database.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT key FROM edge_state";
        var keys = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }
}
