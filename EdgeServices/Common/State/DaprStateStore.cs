using Dapr.Client;
using Microsoft.Extensions.Options;
using TodoGrains.EdgeServices.Common.Hosting;

namespace TodoGrains.EdgeServices.Common.State;

/// <summary><see cref="IStateStore"/> over the Dapr state API (PostgreSQL in Kubernetes, Redis self-hosted).</summary>
public sealed class DaprStateStore(DaprClient dapr, IOptions<EdgeOptions> options) : IStateStore
{
    private string Store => options.Value.StateStoreName;

    public async Task<Versioned<T>> GetAsync<T>(string key, CancellationToken cancellationToken)
    {
        var (value, etag) = await dapr.GetStateAndETagAsync<T>(Store, key, cancellationToken: cancellationToken);
        return string.IsNullOrEmpty(etag) ? default : new Versioned<T>(value, etag);
    }

    public async Task<IReadOnlyDictionary<string, T>> GetManyAsync<T>(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        if (keys.Count == 0)
        {
            return new Dictionary<string, T>();
        }

        var items = await dapr.GetBulkStateAsync<T>(Store, keys.ToList(), parallelism: null, cancellationToken: cancellationToken);
        return items.Where(i => !string.IsNullOrEmpty(i.ETag) && i.Value is not null).ToDictionary(i => i.Key, i => i.Value);
    }

    public Task SetAsync<T>(string key, T value, CancellationToken cancellationToken) =>
        dapr.SaveStateAsync(Store, key, value, cancellationToken: cancellationToken);

    public Task<bool> TrySetAsync<T>(string key, T value, string? etag, CancellationToken cancellationToken) =>
        // First-write concurrency: with an ETag, only over that version; without one, only if the key is new.
        dapr.TrySaveStateAsync(Store, key, value, etag ?? "", new StateOptions { Concurrency = ConcurrencyMode.FirstWrite }, cancellationToken: cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken) =>
        dapr.DeleteStateAsync(Store, key, cancellationToken: cancellationToken);
}
