using Microsoft.AspNetCore.Http.HttpResults;
using TodoGrains.Auth;
using TodoGrains.Contracts.Edge;
using TodoGrains.Contracts.Events;
using TodoGrains.EdgeServices.Notification;
using TodoGrains.GrainInterfaces;
using TodoGrains.Grains.Tasks;

namespace TodoGrains.Silo.Apis;

/// <summary>
/// What the edge services keep, on the public API surface (same auth rules as the task API), and the internal
/// routes the edge services invoke on the chat-api through Dapr.
/// </summary>
public static class EdgeApi
{
    public static IEndpointRouteBuilder MapEdgeApi(this IEndpointRouteBuilder app)
    {
        var audit = app.MapUserGroup("Audit");
        audit.MapGet("/audit", ReadAuditAsync).WithSummary("Your audit trail, newest first (task_id for one task's history)");

        var inbox = app.MapUserGroup("Notifications");
        inbox.MapGet("/notifications", ReadInboxAsync).WithSummary("Your notifications, newest first, with the unread count");
        inbox.MapPost("/notifications/{id}/read", MarkReadAsync).WithSummary("Mark a notification read");

        var internalRoutes = app.MapInternalGroup();
        internalRoutes.MapPost("/users/{userId}/series/{seriesId}/next", SpawnNextAsync);
        internalRoutes.MapGet("/users/{userId}/digest", async (string userId, IDigestSource digests, CancellationToken ct) =>
            Results.Json(await digests.GetAsync(userId, ct), TodoEventJson.Options));
        return app;
    }

    private static async Task<Results<Ok<AuditPage>, ValidationProblem>> ReadAuditAsync(
        string user_id, string? limit, string? before, string? task_id, IAuditReader audit, CancellationToken ct)
    {
        var parse = new InputParser();
        var size = parse.WholeNumber(limit, "limit", 1, 200) ?? 50;
        var from = parse.WholeNumber(before, "before", 1, int.MaxValue);
        var task = parse.WholeNumber(task_id, "task_id", 1, int.MaxValue);
        return parse.Ok
            ? TypedResults.Ok(await audit.ReadAsync(user_id, size, from, task, ct))
            : TypedResults.ValidationProblem(parse.Errors);
    }

    private static async Task<Results<Ok<InboxPage>, ValidationProblem>> ReadInboxAsync(string user_id, string? limit, IInboxReader inbox, CancellationToken ct)
    {
        var parse = new InputParser();
        var size = parse.WholeNumber(limit, "limit", 1, 500) ?? 50;
        return parse.Ok ? TypedResults.Ok(await inbox.ReadAsync(user_id, size, ct)) : TypedResults.ValidationProblem(parse.Errors);
    }

    private static async Task<Results<NoContent, NotFound>> MarkReadAsync(string user_id, string id, IInboxReader inbox, CancellationToken ct) =>
        id.Length <= 64 && await inbox.MarkReadAsync(user_id, id, ct) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static async Task<IResult> SpawnNextAsync(string userId, string seriesId, int after, IGrainFactory grains)
    {
        var task = await grains.GetGrain<ITaskListGrain>(userId).SpawnNextOccurrenceAsync(seriesId, after);
        return task is null ? Results.NotFound() : Results.Json(GrainInterfaces.Tasks.TaskView.From(task), TodoEventJson.Options);
    }
}
