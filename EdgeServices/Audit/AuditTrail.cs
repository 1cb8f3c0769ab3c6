using System.Collections.Concurrent;
using TodoGrains.Contracts.Edge;
using TodoGrains.Contracts.Events;
using TodoGrains.EdgeServices.Common.State;

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

    public Task AppendAsync(TodoEvent evt, CancellationToken cancellationToken) => AppendManyAsync([evt], cancellationToken);

    /// <summary>
    /// Records the events (in delivery order) with one transactional write of their entries and the heads of the
    /// people it already knows, then moves the heads of people seen for the first time.
    /// </summary>
    public async Task AppendManyAsync(IReadOnlyList<TodoEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var writes = new List<StateItem>(events.Count + 1);
        var highest = new Dictionary<string, long>();
        foreach (var evt in events)
        {
            writes.Add(new StateItem(EntryKey(evt.UserId, evt.Sequence), new AuditEntry(evt.EventId, evt.Sequence, evt.Type, evt.TaskId, evt.Task.Title, evt.Task.Status, evt.OccurredAt, AuditFields.From(evt.Task))));
            highest[evt.UserId] = Math.Max(evt.Sequence, highest.GetValueOrDefault(evt.UserId));
        }

        // The head only ever moves up. One person's events arrive in order on one consumer (the user id is the
        // partition key), so once this consumer knows the head it can move it without reading it first.
        var known = new List<(string User, long Sequence)>();
        var firstSight = new List<(string User, long Sequence)>();
        foreach (var (user, sequence) in highest)
        {
            if (!_heads.TryGetValue(user, out var head))
            {
                firstSight.Add((user, sequence));
            }
            else if (head < sequence)
            {
                known.Add((user, sequence));
                writes.Add(new StateItem(HeadKey(user), new AuditHead(sequence)));
            }
        }

        await store.SetManyAsync(writes, cancellationToken);
        foreach (var (user, sequence) in known)
        {
            _heads[user] = sequence;
        }

        // On first sight of a person it reads the head and moves it under the ETag (another consumer may have
        // owned that partition before).
        foreach (var (user, sequence) in firstSight)
        {
            var head = await store.UpdateAsync<AuditHead>(HeadKey(user), h => h is null || h.MaxSequence < sequence ? new AuditHead(sequence) : h, cancellationToken);
            _heads[user] = head.MaxSequence;
        }
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
