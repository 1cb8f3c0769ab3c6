using System.Globalization;
using TodoGrains.Contracts.Edge;
using TodoGrains.Contracts.Events;
using TodoGrains.EdgeServices.Common.Handling;

namespace TodoGrains.EdgeServices.Notification;

/// <summary>
/// Turns a due reminder into a notification: stored in the inbox once per event, pushed to the person's open
/// browsers once (a redelivery finds it pushed), and sent through the output binding when one is configured.
/// </summary>
public sealed class NotificationHandler(Delivery delivery) : ITopicHandler
{
    public string Name => "notify";

    public string Topic => TodoTopics.Reminders;

    public async Task<HandlerResult> HandleAsync(TodoEvent evt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(evt);
        if (evt.Type != TodoEventTypes.ReminderDue)
        {
            return HandlerResult.Success;
        }

        var due = evt.Task.DueInstant() is { } at ? $", due {at.ToString("ddd d MMM HH:mm", CultureInfo.InvariantCulture)}" : "";
        var notification = new NotificationMessage(
            evt.EventId.ToString("N"), evt.UserId, NotificationKinds.Reminder, evt.TaskId, evt.Task.Title,
            $"Reminder: {evt.Task.Title}{due}", evt.Task.RemindAt, evt.OccurredAt, Read: false);
        await delivery.DeliverOnceAsync(notification, cancellationToken);
        return HandlerResult.Success;
    }
}

/// <summary>Stores, pushes and (optionally) forwards one notification, at most once each.</summary>
public sealed class Delivery(Inbox inbox, INotificationPusher pusher, IEnumerable<INotificationChannel> channels)
{
    public async Task DeliverOnceAsync(NotificationMessage notification, CancellationToken cancellationToken)
    {
        var (stored, pushed) = await inbox.AddAsync(notification, cancellationToken);
        if (pushed)
        {
            return;
        }

        await pusher.PushAsync(stored, cancellationToken);
        foreach (var channel in channels)
        {
            await channel.SendAsync(stored, cancellationToken);
        }

        await inbox.MarkPushedAsync(stored, cancellationToken);
    }
}

/// <summary>An extra way out for notifications (a Dapr output binding such as an HTTP webhook).</summary>
public interface INotificationChannel
{
    Task SendAsync(NotificationMessage notification, CancellationToken cancellationToken);
}
