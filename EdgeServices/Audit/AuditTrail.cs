using System.Collections.Concurrent;
using TodoGrains.EdgeServices.Common.Contracts;
using TodoGrains.EdgeServices.Common.State;
using TodoGrains.GrainInterfaces.Events;

namespace TodoGrains.EdgeServices.Audit;

/// <summary>
/// A person's append-only audit trail in the state store. An entry's key is the event's per-user sequence
/// number, so a redelivered event lands on the same key and the trail keeps one entry per event. A head record
/// (the highest sequence) lets a page start from the newest; one task's history filters the trail.
/// </summary>
public sealed class AuditTrail(IStateStore store)
{
    public const int MaxPage = 200;

    // Task-events are about half of a person's sequence numbers (task-updates take the others), so a window
    // of twice the page size usually fills a page in one bulk read.
    private const int MaxWindows = 32;

    // The highest sequence this process has written to each person's head record.
    private readonly ConcurrentDictionary<string, long> _heads = new();

    public async Task AppendAsync(TodoEvent evt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(evt);
        var entry = new AuditEntry(evt.EventId, evt.Sequence, evt.Type, evt.TaskId, evt.Task.Title, evt.Task.Status, evt.OccurredAt);
        await store.SetAsync(EntryKey(evt.UserId, evt.Sequence), entry, cancellationToken);

        // The head only ever moves up. One person's events arrive in order on one consumer (the user id is the
        // partition key), so once this consumer knows the head it can move it without reading it first; on first
        // sight of a person it reads and moves it under the ETag.
        if (_heads.TryGetValue(evt.UserId, out var known))
        {
            if (known < evt.Sequence)
            {
                await store.SetAsync(HeadKey(evt.UserId), new AuditHead(evt.Sequence), cancellationToken);
                _heads[evt.UserId] = evt.Sequence;
            }

            return;
        }

        var head = await store.UpdateAsync<AuditHead>(HeadKey(evt.UserId), h => h is null || h.MaxSequence < evt.Sequence ? new AuditHead(evt.Sequence) : h, cancellationToken);
        _heads[evt.UserId] = head.MaxSequence;
    }

    public async Task<AuditPage> ReadAsync(string userId, int limit, long? before, int? taskId, CancellationToken cancellationToken)
    {
        limit = Math.Clamp(limit, 1, MaxPage);
        var upper = before is { } b ? b - 1 : long.MaxValue;
        var head = (await store.GetAsync<AuditHead>(HeadKey(userId), cancellationToken)).Value;
        var high = Math.Min(upper, head?.MaxSequence ?? 0);
        var collected = new List<AuditEntry>();
        // One task's history is a filter over the person's trail, read newest first in bounded windows.
        var windows = taskId is null ? MaxWindows : MaxWindows * 4;
        for (var window = 0; window < windows && high >= 1 && collected.Count <= limit; window++)
        {
            var low = Math.Max(1, high - (2 * limit) + 1);
            var keys = new List<string>();
            for (var s = high; s >= low; s--)
            {
                keys.Add(EntryKey(userId, s));
            }

            collected.AddRange((await store.GetManyAsync<AuditEntry>(keys, cancellationToken)).Values
                .Where(e => taskId is null || e.TaskId == taskId)
                .OrderByDescending(e => e.Sequence));
            high = low - 1;
        }

        var page = collected.Take(limit).ToList();
        var more = collected.Count > limit || high >= 1;
        return new AuditPage(page, more && page.Count > 0 ? page[^1].Sequence : null);
    }

    private static string EntryKey(string userId, long sequence) => $"audit|{userId}|{sequence:D19}";

    private static string HeadKey(string userId) => $"audit|{userId}|head";

    private sealed record AuditHead(long MaxSequence);
}
