using System.Globalization;
using Orleans.Storage;

namespace TodoGrains.Silo.Storage;

/// <summary>
/// Orleans grain storage over the embedded SQLite file, with optimistic concurrency on an integer ETag.
/// State is written with the Orleans binary serializer (the types are version-tolerant through [Id]).
/// </summary>
public sealed class SqliteGrainStorage(string name, SqliteDatabase database, IGrainStorageSerializer serializer) : IGrainStorage
{
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT etag, payload FROM grain_state WHERE grain_id = $id AND state_name = $name";
        command.Parameters.AddWithValue("$id", grainId.ToString());
        command.Parameters.AddWithValue("$name", stateName);
        await using var reader = await command.ExecuteReaderAsync();
        if (await reader.ReadAsync())
        {
            var payload = (byte[])reader.GetValue(1);
            grainState.State = serializer.Deserialize<T>(new BinaryData(payload));
            grainState.ETag = reader.GetInt64(0).ToString(CultureInfo.InvariantCulture);
            grainState.RecordExists = true;
        }
        else
        {
            grainState.State ??= Activator.CreateInstance<T>();
            grainState.ETag = null!;
            grainState.RecordExists = false;
        }
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var payload = serializer.Serialize(grainState.State).ToArray();
        var id = grainId.ToString();
        long? current = string.IsNullOrEmpty(grainState.ETag) ? null : long.Parse(grainState.ETag, CultureInfo.InvariantCulture);
        var next = (current ?? 0) + 1;
        var written = await database.WriteAsync(connection =>
        {
            using var command = connection.CreateCommand();
            command.Parameters.AddWithValue("$id", id);
            command.Parameters.AddWithValue("$name", stateName);
            command.Parameters.AddWithValue("$payload", payload);
            if (current is null)
            {
                command.CommandText = """
                    INSERT INTO grain_state (grain_id, state_name, etag, payload) VALUES ($id, $name, 1, $payload)
                    ON CONFLICT DO NOTHING
                    """;
            }
            else
            {
                command.CommandText = """
                    UPDATE grain_state SET etag = $next, payload = $payload
                    WHERE grain_id = $id AND state_name = $name AND etag = $etag
                    """;
                command.Parameters.AddWithValue("$etag", current.Value);
                command.Parameters.AddWithValue("$next", next);
            }

            return command.ExecuteNonQuery();
        });
        if (written != 1)
        {
            throw new InconsistentStateException(
                $"Storage '{name}': '{stateName}' of {grainId} was changed elsewhere (ETag {grainState.ETag ?? "none"} is stale).");
        }

        grainState.ETag = next.ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        if (!string.IsNullOrEmpty(grainState.ETag))
        {
            var id = grainId.ToString();
            var etag = long.Parse(grainState.ETag, CultureInfo.InvariantCulture);
            var deleted = await database.WriteAsync(connection =>
            {
                using var command = connection.CreateCommand();
                command.CommandText = "DELETE FROM grain_state WHERE grain_id = $id AND state_name = $name AND etag = $etag";
                command.Parameters.AddWithValue("$id", id);
                command.Parameters.AddWithValue("$name", stateName);
                command.Parameters.AddWithValue("$etag", etag);
                return command.ExecuteNonQuery();
            });
            if (deleted != 1)
            {
                throw new InconsistentStateException($"Storage '{name}': '{stateName}' of {grainId} was changed elsewhere.");
            }
        }

        grainState.ETag = null!;
        grainState.RecordExists = false;
        grainState.State = Activator.CreateInstance<T>();
    }
}
