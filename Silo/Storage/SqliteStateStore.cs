using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using TodoGrains.Contracts.Events;
using TodoGrains.EdgeServices.Common.State;

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

    public Task SetAsync<T>(string key, T value, CancellationToken cancellationToken) =>
        SetManyAsync([new StateItem(key, value!)], cancellationToken);

    public Task SetManyAsync(IReadOnlyList<StateItem> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
        {
            return Task.CompletedTask;
        }

        // Serialized before the writer thread takes it; one savepoint makes the lot atomic.
        var rows = items.Select(i => (i.Key, Value: JsonSerializer.Serialize(i.Value, i.Value.GetType(), TodoEventJson.Options))).ToList();
        return database.WriteAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = UpsertSql;
            var key = command.Parameters.Add("$key", SqliteType.Text);
            var value = command.Parameters.Add("$value", SqliteType.Text);
            foreach (var row in rows)
            {
                key.Value = row.Key;
                value.Value = row.Value;
                command.ExecuteNonQuery();
            }

            return true;
        }, cancellationToken);
    }

    public Task<bool> TrySetAsync<T>(string key, T value, string? etag, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(value, TodoEventJson.Options);
        long? expected = etag is null ? null : long.TryParse(etag, CultureInfo.InvariantCulture, out var e) ? e : -1;
        return database.WriteAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.Parameters.AddWithValue("$key", key);
            command.Parameters.AddWithValue("$value", json);
            if (expected is null)
            {
                command.CommandText = "INSERT INTO edge_state (key, value, etag) VALUES ($key, $value, 1) ON CONFLICT DO NOTHING";
            }
            else
            {
                command.CommandText = "UPDATE edge_state SET value = $value, etag = etag + 1 WHERE key = $key AND etag = $etag";
                command.Parameters.AddWithValue("$etag", expected.Value);
            }

            return command.ExecuteNonQuery() == 1;
        }, cancellationToken);
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken) =>
        database.WriteAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM edge_state WHERE key = $key";
            command.Parameters.AddWithValue("$key", key);
            return command.ExecuteNonQuery();
        }, cancellationToken);
}
