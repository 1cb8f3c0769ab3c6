using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using TodoGrains.Auth;
using TodoGrains.Contracts.Edge;

namespace TodoGrains.EdgeServices.Sync;

/// <summary>What the server calls on a connected browser.</summary>
public interface ITaskListClient
{
    /// <summary>A task was added or changed: the task as it now is.</summary>
    Task TaskChanged(TaskUpdate update);

    /// <summary>A task was deleted.</summary>
    Task TaskRemoved(TaskUpdate update);

    /// <summary>A notification (a due reminder, the morning digest).</summary>
    Task Notification(NotificationMessage notification);
}

/// <summary>
/// The live-update hub at <c>/hubs/sync</c>: a connection joins its signed-in user's group only, so every open
/// browser of that person sees their changes and nobody else's.
/// </summary>
[Authorize]
public sealed class SyncHub(HubConnectionOwners owners) : Hub<ITaskListClient>
{
    public const string Path = "/hubs/sync";

    public static string GroupOf(string userId) => $"user:{userId}";

    public override async Task OnConnectedAsync()
    {
        var userId = TodoTokens.UserId(Context.User!);
        if (userId is null)
        {
            Context.Abort();
            return;
        }

        owners.Connected(Context.GetHttpContext());
        await Groups.AddToGroupAsync(Context.ConnectionId, GroupOf(userId));
        await base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        owners.Disconnected(Context.GetHttpContext());
        return base.OnDisconnectedAsync(exception);
    }
}
