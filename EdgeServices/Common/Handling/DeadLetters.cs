using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TodoGrains.EdgeServices.Common.State;

namespace TodoGrains.EdgeServices.Common.Handling;

/// <summary>An event one subscription could not handle, as the sidecar forwarded it to the dead-letter topic.</summary>
/// <param name="Id">The event id, or for an undecodable payload a hash of it: what replay and discard name.</param>
/// <param name="Topic">The topic it was published on, when the payload says.</param>
/// <param name="Type">The event type, when the payload says.</param>
/// <param name="UserId">The owner, when the payload says.</param>
/// <param name="ReceivedAt">When this service kept it.</param>
/// <param name="Payload">The event's JSON exactly as delivered, so a replay hands the handler what it refused.</param>
public sealed record DeadLetter(string Id, string? Topic, string? Type, string? UserId, DateTimeOffset ReceivedAt, string Payload);

/// <summary>What a replay did: the handler's answer, and whether the letter is gone.</summary>
public sealed record ReplayOutcome(HandlerResult Result, bool Removed);

/// <summary>
/// The dead letters of each subscription of this service, kept in its state store (newest last, at most
/// <see cref="Capacity"/> per subscription) until an operator replays or discards them. Arrivals are at least once:
/// the same letter twice is kept once.
/// </summary>
public sealed class DeadLetters(IStateStore store, TimeProvider time)
{
    public const int Capacity = 500;

    public async Task KeepAsync(string subscription, string payload, CancellationToken cancellationToken)
    {
        var letter = Describe(payload, time.GetUtcNow());
        await store.UpdateAsync<List<DeadLetter>>(Key(subscription), list =>
        {
            list ??= [];
            if (!list.Exists(l => l.Id == letter.Id))
            {
                list.Add(letter);
                if (list.Count > Capacity)
                {
                    list.RemoveRange(0, list.Count - Capacity);
                }
            }

            return list;
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<DeadLetter>> ListAsync(string subscription, CancellationToken cancellationToken) =>
        (await store.GetAsync<List<DeadLetter>>(Key(subscription), cancellationToken)).Value ?? [];

    /// <summary>Hands the letter to its handler again; a success removes it, anything else keeps it. Null: no such letter.</summary>
    public async Task<ReplayOutcome?> ReplayAsync(ITopicHandler handler, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var letter = (await ListAsync(handler.Name, cancellationToken)).FirstOrDefault(l => l.Id == id);
        if (letter is null)
        {
            return null;
        }

        HandlerResult result;
        try
        {
            result = TopicEndpoints.Decode(letter.Payload, handler) is { } evt ? await handler.HandleAsync(evt, cancellationToken) : HandlerResult.Drop;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // What likely sent it here: it still fails, and stays.
            result = HandlerResult.Retry;
        }

        return result == HandlerResult.Success
            ? new ReplayOutcome(result, await DiscardAsync(handler.Name, id, cancellationToken))
            : new ReplayOutcome(result, false);
    }

    public async Task<bool> DiscardAsync(string subscription, string id, CancellationToken cancellationToken)
    {
        var removed = false;
        await store.UpdateAsync<List<DeadLetter>>(Key(subscription), list =>
        {
            list ??= [];
            removed = list.RemoveAll(l => l.Id == id) > 0;
            return list;
        }, cancellationToken);
        return removed;
    }

    private static string Key(string subscription) => $"dead-letters|{subscription}";

    // What an operator needs to judge a letter without reading its payload; an undecodable one keeps only its hash.
    private static DeadLetter Describe(string payload, DateTimeOffset now)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            string? Text(string name) => root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            var id = Text("event_id") is { } eventId && Guid.TryParse(eventId, out var guid) ? guid.ToString() : Hash(payload);
            return new DeadLetter(id, Text("topic"), Text("type"), Text("user_id"), now, payload);
        }
        catch (JsonException)
        {
            return new DeadLetter(Hash(payload), null, null, null, now, payload);
        }
    }

    private static string Hash(string payload) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(payload)))[..32];
}
