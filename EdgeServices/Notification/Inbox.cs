using TodoGrains.Contracts.Edge;
using TodoGrains.EdgeServices.Common.State;

namespace TodoGrains.EdgeServices.Notification;

/// <summary>
/// Each person's notifications in the state store: one record per notification (keyed by its id, so a
/// redelivered reminder finds the record it made) and an index of ids, newest first, capped.
/// </summary>
public sealed class Inbox(IStateStore store)
{
    public const int Capacity = 500;
    private const string UsersKey = "notification|users";

    /// <summary>Stores a new notification, or returns the stored one (and whether it was pushed) if it exists.</summary>
    public async Task<(NotificationMessage Stored, bool Pushed)> AddAsync(NotificationMessage notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var key = Key(notification.UserId, notification.Id);
        var existing = await store.GetAsync<StoredNotification>(key, cancellationToken);
        if (existing.Value is { } found)
        {
            return (found.Message, found.Pushed);
        }

        if (!await store.TrySetAsync(key, new StoredNotification(notification, Pushed: false), null, cancellationToken))
        {
            // Another delivery of the same event got there first.
            var winner = (await store.GetAsync<StoredNotification>(key, cancellationToken)).Value!;
            return (winner.Message, winner.Pushed);
        }

        await store.UpdateAsync<List<string>>(IndexKey(notification.UserId), ids =>
        {
            ids ??= [];
            if (!ids.Contains(notification.Id))
            {
                ids.Insert(0, notification.Id);
            }

            return ids.Count > Capacity ? ids[..Capacity] : ids;
        }, cancellationToken);
        await store.UpdateAsync<HashSet<string>>(UsersKey, users =>
        {
            users ??= [];
            users.Add(notification.UserId);
            return users;
        }, cancellationToken);
        return (notification, false);
    }

    public Task MarkPushedAsync(NotificationMessage notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return store.UpdateAsync<StoredNotification>(Key(notification.UserId, notification.Id), s => (s ?? new StoredNotification(notification, false)) with { Pushed = true }, cancellationToken);
    }

    public async Task<InboxPage> ReadAsync(string userId, int limit, CancellationToken cancellationToken)
    {
        limit = Math.Clamp(limit, 1, Capacity);
        var ids = (await store.GetAsync<List<string>>(IndexKey(userId), cancellationToken)).Value ?? [];
        var all = await store.GetManyAsync<StoredNotification>(ids.Select(id => Key(userId, id)).ToList(), cancellationToken);
        var ordered = ids.Select(id => all.TryGetValue(Key(userId, id), out var s) ? s.Message : null).OfType<NotificationMessage>().ToList();
        return new InboxPage(ordered.Take(limit).ToList(), ordered.Count(n => !n.Read));
    }

    public async Task<bool> MarkReadAsync(string userId, string id, CancellationToken cancellationToken)
    {
        // Only an id the person's index names: a client's id shares the key space with the index record itself
        // ("index") and is otherwise any text.
        var ids = (await store.GetAsync<List<string>>(IndexKey(userId), cancellationToken)).Value ?? [];
        var key = Key(userId, id);
        if (!ids.Contains(id, StringComparer.Ordinal) || !(await store.GetAsync<StoredNotification>(key, cancellationToken)).Exists)
        {
            return false;
        }

        await store.UpdateAsync<StoredNotification>(key, s => s! with { Message = s.Message with { Read = true } }, cancellationToken);
        return true;
    }

    public async Task<IReadOnlyCollection<string>> KnownUsersAsync(CancellationToken cancellationToken) =>
        (await store.GetAsync<HashSet<string>>(UsersKey, cancellationToken)).Value ?? [];

    private static string Key(string userId, string id) => $"notification|{userId}|{id}";

    private static string IndexKey(string userId) => $"notification|{userId}|index";

    private sealed record StoredNotification(NotificationMessage Message, bool Pushed);
}

/// <summary>The embedded shape's <see cref="IInboxReader"/>: the inbox in the same process.</summary>
public sealed class LocalInboxReader(Inbox inbox) : IInboxReader
{
    public Task<InboxPage> ReadAsync(string userId, int limit, CancellationToken cancellationToken) => inbox.ReadAsync(userId, limit, cancellationToken);

    public Task<bool> MarkReadAsync(string userId, string notificationId, CancellationToken cancellationToken) =>
        inbox.MarkReadAsync(userId, notificationId, cancellationToken);
}
