using TodoGrains.Auth;
using TodoGrains.Contracts.Edge;
using TodoGrains.Contracts.Events;
using TodoGrains.EdgeServices.Common.Handling;

namespace TodoGrains.EdgeServices.Audit;

public static class AuditService
{
    /// <summary>The audit trail and its task-events handler (also what the embedded shape hosts in the silo).</summary>
    public static IServiceCollection AddAuditService(this IServiceCollection services)
    {
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<ITopicHandler, AuditHandler>();
        return services;
    }

    /// <summary><c>GET /internal/users/{user_id}/audit</c>, invoked by the chat-api for <c>GET /api/{user_id}/audit</c>.</summary>
    public static WebApplication MapAuditEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapInternalGroup().MapGet("/users/{userId}/audit", async (string userId, int? limit, long? before, int? task_id, AuditTrail trail, CancellationToken ct) =>
            Results.Json(await trail.ReadAsync(userId, limit ?? 50, before, task_id, ct), TodoEventJson.Options));
        return app;
    }
}

/// <summary>The embedded shape's <see cref="IAuditReader"/>: the trail in the same process.</summary>
public sealed class LocalAuditReader(AuditTrail trail) : IAuditReader
{
    public Task<AuditPage> ReadAsync(string userId, int limit, long? before, int? taskId, CancellationToken cancellationToken) =>
        trail.ReadAsync(userId, limit, before, taskId, cancellationToken);
}
