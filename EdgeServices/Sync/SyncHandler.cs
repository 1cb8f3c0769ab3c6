using Microsoft.AspNetCore.SignalR;
using TodoGrains.Contracts.Edge;
using TodoGrains.Contracts.Events;
using TodoGrains.EdgeServices.Common.Handling;

namespace TodoGrains.EdgeServices.Sync;

/// <summary>
/// Forwards task-updates to the owner's open browsers. Redelivery sends the same update again, which a client
/// recognises by its sequence number; pushing the same task state twice changes nothing on screen.
/// </summary>
public sealed class SyncHandler(IHubContext<SyncHub, ITaskListClient> hub) : ITopicHandler
{
    public string Name => "sync";

    public string Topic => TodoTopics.TaskUpdates;

    public async Task<HandlerResult> HandleAsync(TodoEvent evt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(evt);
        var clients = hub.Clients.Group(SyncHub.GroupOf(evt.UserId));
        if (evt.Type == TodoEventTypes.TaskRemoved)
        {
            await clients.TaskRemoved(new TaskUpdate(evt.Sequence, evt.Type, evt.TaskId, null));
        }
        else
        {
            await clients.TaskChanged(new TaskUpdate(evt.Sequence, evt.Type, evt.TaskId, evt.Task));
        }

        return HandlerResult.Success;
    }
}

/// <summary>Pushes a notification to the person's open browsers through the hub in this process.</summary>
public sealed class HubNotificationPusher(IHubContext<SyncHub, ITaskListClient> hub) : INotificationPusher
{
    public Task PushAsync(NotificationMessage notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return hub.Clients.Group(SyncHub.GroupOf(notification.UserId)).Notification(notification);
    }
}
