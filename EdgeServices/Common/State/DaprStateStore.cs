using System.Text.Json;
using Dapr.Client;
using Microsoft.Extensions.Options;
using TodoGrains.Contracts.Edge;

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

    public Task SetManyAsync(IReadOnlyList<StateItem> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
        {
            return Task.CompletedTask;
        }

        // A state transaction (PostgreSQL and Redis both support them); values serialized as SaveStateAsync would,
        // so GetAsync reads them back the same way.
        var operations = items
            .Select(i => new StateTransactionRequest(i.Key, JsonSerializer.SerializeToUtf8Bytes(i.Value, i.Value.GetType(), dapr.JsonSerializerOptions), StateOperationType.Upsert))
            .ToList();
        return dapr.ExecuteStateTransactionAsync(Store, operations, cancellationToken: cancellationToken);
    }

    public Task<bool> TrySetAsync<T>(string key, T value, string? etag, CancellationToken cancellationToken) =>
        // First-write concurrency: with an ETag, only over that version; without one, only if the key is new.
        dapr.TrySaveStateAsync(Store, key, value, etag ?? "", new StateOptions { Concurrency = ConcurrencyMode.FirstWrite }, cancellationToken: cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken) =>
        dapr.DeleteStateAsync(Store, key, cancellationToken: cancellationToken);
}
