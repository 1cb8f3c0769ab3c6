using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using TodoGrains.EdgeServices.Common.State;
using TodoGrains.GrainInterfaces.Events;

namespace TodoGrains.Silo.Storage;

/// <summary>The embedded shape's <see cref="IStateStore"/>: the edge services' state in the same SQLite file.</summary>
public sealed class SqliteStateStore(SqliteDatabase database) : IStateStore
{
    private const string UpsertSql = """
        INSERT INTO edge_state (key, value, etag) VALUES ($key, $value, 1)
        ON CONFLICT (key) DO UPDATE SET value = excluded.value, etag = edge_state.etag + 1
        """;

    public async Task<Versioned<T>> GetAsync<T>(string key, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT value, etag FROM edge_state WHERE key = $key";
        command.Parameters.AddWithValue("$key", key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new Versioned<T>(JsonSerializer.Deserialize<T>(reader.GetString(0), TodoEventJson.Options), reader.GetInt64(1).ToString(CultureInfo.InvariantCulture))
            : default;
    }

    public async Task<IReadOnlyDictionary<string, T>> GetManyAsync<T>(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, T>();
        if (keys.Count == 0)
        {
            return found;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var names = keys.Select((k, i) =>
        {
            command.Parameters.AddWithValue($"$k{i}", k);
            return $"$k{i}";
        });
        command.CommandText = $"SELECT key, value FROM edge_state WHERE key IN ({string.Join(",", names)})";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found[reader.GetString(0)] = JsonSerializer.Deserialize<T>(reader.GetString(1), TodoEventJson.Options)!;
        }

        return found;
    }

    public async Task SetAsync<T>(string key, T value, CancellationToken cancellationToken)
    {
        await using var writer = await database.OpenWriterAsync(cancellationToken);
        var connection = writer.Connection;
        await using var command = connection.CreateCommand();
        command.CommandText = UpsertSql;
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$value", JsonSerializer.Serialize(value, TodoEventJson.Options));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task SetManyAsync(IReadOnlyList<StateItem> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
        {
            return;
        }

        // One commit for the batch: under load the commit, not the statement, is what a write costs here.
        await using var writer = await database.OpenWriterAsync(cancellationToken);
        var connection = writer.Connection;
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = UpsertSql;
        var key = command.Parameters.Add("$key", SqliteType.Text);
        var value = command.Parameters.Add("$value", SqliteType.Text);
        foreach (var item in items)
        {
            key.Value = item.Key;
            value.Value = JsonSerializer.Serialize(item.Value, item.Value.GetType(), TodoEventJson.Options);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<bool> TrySetAsync<T>(string key, T value, string? etag, CancellationToken cancellationToken)
    {
        await using var writer = await database.OpenWriterAsync(cancellationToken);
        var connection = writer.Connection;
        await using var command = connection.CreateCommand();
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$value", JsonSerializer.Serialize(value, TodoEventJson.Options));
        if (etag is null)
        {
            command.CommandText = "INSERT INTO edge_state (key, value, etag) VALUES ($key, $value, 1) ON CONFLICT DO NOTHING";
        }
        else
        {
            command.CommandText = "UPDATE edge_state SET value = $value, etag = etag + 1 WHERE key = $key AND etag = $etag";
            command.Parameters.AddWithValue("$etag", long.TryParse(etag, CultureInfo.InvariantCulture, out var e) ? e : -1);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        await using var writer = await database.OpenWriterAsync(cancellationToken);
        var connection = writer.Connection;
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM edge_state WHERE key = $key";
        command.Parameters.AddWithValue("$key", key);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
