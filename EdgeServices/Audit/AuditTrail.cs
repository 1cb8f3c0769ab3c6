using TodoGrains.EdgeServices.Common.Contracts;
using TodoGrains.EdgeServices.Common.State;
using TodoGrains.GrainInterfaces.Events;

namespace TodoGrains.EdgeServices.Audit;

/// <summary>
/// A person's append-only audit trail in the state store. An entry's key is the event's per-user sequence
/// number, so a redelivered event lands on the same key and the trail keeps one entry per event. A head record
/// (the highest sequence) lets a page start from the newest; a per-task index serves one task's history.
/// </summary>
public sealed class AuditTrail(IStateStore store)
{
    public const int MaxPage = 200;

    // Task-events are about half of a person's sequence numbers (task-updates take the others), so a window
    // of twice the page size usually fills a page in one bulk read.
    private const int MaxWindows = 32;

    public async Task AppendAsync(TodoEvent evt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(evt);
        var entry = new AuditEntry(evt.EventId, evt.Sequence, evt.Type, evt.TaskId, evt.Task.Title, evt.Task.Status, evt.OccurredAt);
        await store.SetAsync(EntryKey(evt.UserId, evt.Sequence), entry, cancellationToken);
        await store.UpdateAsync<AuditHead>(HeadKey(evt.UserId), head => head is null || head.MaxSequence < evt.Sequence ? new AuditHead(evt.Sequence) : head, cancellationToken);
        await store.UpdateAsync<List<long>>(TaskKey(evt.UserId, evt.TaskId), list =>
        {
            list ??= [];
            if (!list.Contains(evt.Sequence))
            {
                list.Add(evt.Sequence);
            }

            return list;
        }, cancellationToken);
    }

    public async Task<AuditPage> ReadAsync(string userId, int limit, long? before, int? taskId, CancellationToken cancellationToken)
    {
        limit = Math.Clamp(limit, 1, MaxPage);
        var upper = before is { } b ? b - 1 : long.MaxValue;
        if (taskId is { } id)
        {
            var sequences = (await store.GetAsync<List<long>>(TaskKey(userId, id), cancellationToken)).Value ?? [];
            var wanted = sequences.Where(s => s <= upper).OrderDescending().Take(limit + 1).ToList();
            var found = await store.GetManyAsync<AuditEntry>(wanted.Take(limit).Select(s => EntryKey(userId, s)).ToList(), cancellationToken);
            var items = found.Values.OrderByDescending(e => e.Sequence).ToList();
            return new AuditPage(items, wanted.Count > limit && items.Count > 0 ? items[^1].Sequence : null);
        }

        var head = (await store.GetAsync<AuditHead>(HeadKey(userId), cancellationToken)).Value;
        var high = Math.Min(upper, head?.MaxSequence ?? 0);
        var collected = new List<AuditEntry>();
        for (var window = 0; window < MaxWindows && high >= 1 && collected.Count < limit; window++)
        {
            var low = Math.Max(1, high - (2 * limit) + 1);
            var keys = new List<string>();
            for (var s = high; s >= low; s--)
            {
                keys.Add(EntryKey(userId, s));
            }

            collected.AddRange((await store.GetManyAsync<AuditEntry>(keys, cancellationToken)).Values.OrderByDescending(e => e.Sequence));
            high = low - 1;
        }

        var page = collected.Take(limit).ToList();
        var more = collected.Count > limit || high >= 1;
        return new AuditPage(page, more && page.Count > 0 ? page[^1].Sequence : null);
    }

    private static string EntryKey(string userId, long sequence) => $"audit|{userId}|{sequence:D19}";

    private static string HeadKey(string userId) => $"audit|{userId}|head";

    private static string TaskKey(string userId, int taskId) => $"audit|{userId}|task|{taskId}";

    private sealed record AuditHead(long MaxSequence);
}
