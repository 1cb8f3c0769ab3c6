namespace TodoGrains.EdgeServices.Common.State;

/// <summary>A stored value with the ETag that names its version.</summary>
public readonly record struct Versioned<T>(T? Value, string? ETag)
{
    public bool Exists => ETag is not null;
}

/// <summary>
/// The key-value state the edge services keep (the audit trail, inboxes): the Dapr state store in the cluster
/// shape, the embedded SQLite file in the embedded shape. Writes with an ETag succeed only if it is current.
/// </summary>
/// <summary>One unconditional write of a batch; <paramref name="Value"/> is serialized as its runtime type.</summary>
public sealed record StateItem(string Key, object Value);

public interface IStateStore
{
    Task<Versioned<T>> GetAsync<T>(string key, CancellationToken cancellationToken);

    /// <summary>Values of the keys that exist, in no particular order.</summary>
    Task<IReadOnlyDictionary<string, T>> GetManyAsync<T>(IReadOnlyCollection<string> keys, CancellationToken cancellationToken);

    /// <summary>Writes unconditionally.</summary>
    Task SetAsync<T>(string key, T value, CancellationToken cancellationToken);

    /// <summary>Writes all of them unconditionally, in order, as one transaction: all land or none do.</summary>
    Task SetManyAsync(IReadOnlyList<StateItem> items, CancellationToken cancellationToken);

    /// <summary>Writes if <paramref name="etag"/> is the current version (null: only if the key does not exist yet).</summary>
    Task<bool> TrySetAsync<T>(string key, T value, string? etag, CancellationToken cancellationToken);

    Task DeleteAsync(string key, CancellationToken cancellationToken);
}

public static class StateStoreExtensions
{
    /// <summary>Read-modify-write with optimistic concurrency, retried until it lands (or <paramref name="attempts"/> runs out).</summary>
    public static async Task<T> UpdateAsync<T>(
        this IStateStore store, string key, Func<T?, T> change, CancellationToken cancellationToken, int attempts = 20)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(change);
        for (var attempt = 1; ; attempt++)
        {
            var current = await store.GetAsync<T>(key, cancellationToken);
            var next = change(current.Value);
            if (await store.TrySetAsync(key, next, current.ETag, cancellationToken))
            {
                return next;
            }

            if (attempt >= attempts)
            {
                throw new InvalidOperationException($"'{key}' kept changing under {attempts} attempts to update it.");
            }
        }
    }
}
