using System.Collections.Concurrent;
using Dapr.Client.Autogen.Grpc.v1;
using Google.Protobuf;

namespace TodoGrains.DaprSidecar.State;

/// <summary>In-memory state stores, created on first use by name.</summary>
internal sealed class StateStores
{
    private readonly ConcurrentDictionary<string, StateStore> _stores = new(StringComparer.Ordinal);

    public StateStore this[string storeName] => _stores.GetOrAdd(storeName, static _ => new StateStore());
}

/// <summary>One value and the ETag of the write that stored it.</summary>
internal readonly record struct StoredValue(ByteString Data, string ETag);

/// <summary>An upsert (<see cref="Value"/> set) or a delete (<see cref="Value"/> null) of one key.</summary>
internal sealed record StateWrite(string Key, ByteString? Value, string? ETag, StateOptions.Types.StateConcurrency Concurrency)
{
    public static StateWrite Upsert(StateItem item) => new(item.Key, item.Value ?? ByteString.Empty, item.Etag?.Value, item.Options?.Concurrency ?? default);

    public static StateWrite Delete(StateItem item) => new(item.Key, null, item.Etag?.Value, item.Options?.Concurrency ?? default);
}

/// <summary>
/// One store with the ETag rules of components-contrib's in-memory store: an ETag, when given, must match the
/// stored one (a missing key never matches); under first-write a write without an ETag fails if the key exists.
/// </summary>
internal sealed class StateStore
{
    private static long s_lastETag;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, StoredValue> _items = new(StringComparer.Ordinal);

    public StoredValue? Get(string key)
    {
        lock (_gate)
        {
            return _items.TryGetValue(key, out var value) ? value : null;
        }
    }

    /// <summary>Checks every write's ETag, then applies all of them, or none; the error names the first mismatch.</summary>
    public bool TryApply(IReadOnlyList<StateWrite> writes, out string? error)
    {
        lock (_gate)
        {
            foreach (var write in writes)
            {
                if (Mismatch(write) is { } mismatch)
                {
                    error = mismatch;
                    return false;
                }
            }

            foreach (var write in writes)
            {
                if (write.Value is null)
                {
                    _items.Remove(write.Key);
                }
                else
                {
                    var etag = Interlocked.Increment(ref s_lastETag).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    _items[write.Key] = new StoredValue(write.Value, etag);
                }
            }

            error = null;
            return true;
        }
    }

    private string? Mismatch(StateWrite write)
    {
        var hasETag = !string.IsNullOrEmpty(write.ETag);
        var exists = _items.TryGetValue(write.Key, out var current);
        if (!hasETag)
        {
            return write.Concurrency == StateOptions.Types.StateConcurrency.ConcurrencyFirstWrite && exists
                ? $"possible etag mismatch: item already exists and no etag was passed for key={write.Key}"
                : null;
        }

        if (!exists)
        {
            return $"possible etag mismatch: state not exist for key={write.Key}";
        }

        return current.ETag == write.ETag ? null : $"possible etag mismatch: current={current.ETag}, expect={write.ETag} for key={write.Key}";
    }
}
