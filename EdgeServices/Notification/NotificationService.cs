using Dapr.Client;
using Microsoft.Extensions.Options;
using TodoGrains.Auth;
using TodoGrains.Contracts.Edge;
using TodoGrains.Contracts.Events;
using TodoGrains.EdgeServices.Common.Handling;
using TodoGrains.EdgeServices.Common.Hosting;
using TodoGrains.Hosting;

namespace TodoGrains.EdgeServices.Notification;

public static class NotificationService
{
    /// <summary>The inbox, the reminders handler and the digest sweep (also hosted by the embedded silo).</summary>
    public static IServiceCollection AddNotificationService(this IServiceCollection services)
    {
        services.AddTodoOptions<NotificationOptions>(NotificationOptions.SectionName);
        services.AddSingleton<Inbox>();
        services.AddSingleton<Delivery>();
        services.AddSingleton<DigestSweep>();
        services.AddSingleton<ITopicHandler, NotificationHandler>();
        return services;
    }

    /// <summary>The Dapr side: pushes through the sync service, digests from the silo, the optional output binding.</summary>
    public static IServiceCollection AddNotificationDaprPorts(this IServiceCollection services)
    {
        services.AddSingleton<INotificationPusher, DaprNotificationPusher>();
        services.AddSingleton<IDigestSource, DaprDigestSource>();
        services.AddSingleton<INotificationChannel, OutputBindingChannel>();
        return services;
    }

    /// <summary>The inbox routes the chat-api invokes, and the cron binding's route.</summary>
    public static WebApplication MapNotificationEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var internalRoutes = app.MapInternalGroup();
        internalRoutes.MapGet("/users/{userId}/notifications", async (string userId, int? limit, Inbox inbox, CancellationToken ct) =>
            Results.Json(await inbox.ReadAsync(userId, limit ?? 50, ct), TodoEventJson.Options));
        internalRoutes.MapPost("/users/{userId}/notifications/{id}/read", async (string userId, string id, Inbox inbox, CancellationToken ct) =>
            await inbox.MarkReadAsync(userId, id, ct) ? Results.NoContent() : Results.NotFound());

        // Dapr delivers an input binding's events to a route named after the binding.
        var binding = app.Services.GetRequiredService<IOptions<NotificationOptions>>().Value.DigestBinding;
        app.MapPost($"/{binding}", async (DigestSweep sweep, CancellationToken ct) => Results.Ok(new { sent = await sweep.RunAsync(ct) }))
            .RequireSidecar()
            .ExcludeFromDescription();
        return app;
    }

    private sealed class DaprNotificationPusher(ServiceInvoker invoker, IOptions<EdgeOptions> options) : INotificationPusher
    {
        public async Task PushAsync(NotificationMessage notification, CancellationToken cancellationToken)
        {
            using var response = await invoker.For(options.Value.SyncAppId)
                .PostAsJsonAsync(InternalRoutes.Push(notification.UserId), notification, TodoEventJson.Options, cancellationToken);
            response.EnsureSuccessStatusCode();
        }
    }

    private sealed class DaprDigestSource(ServiceInvoker invoker, IOptions<EdgeOptions> options) : IDigestSource
    {
        public async Task<DailyDigest?> GetAsync(string userId, CancellationToken cancellationToken)
        {
            using var response = await invoker.For(options.Value.SiloAppId).GetAsync(new Uri(InternalRoutes.Digest(userId), UriKind.Relative), cancellationToken);
            if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                return null;
            }

            response.EnsureSuccessStatusCode();
            return await response.Content.ReadFromJsonAsync<DailyDigest>(TodoEventJson.Options, cancellationToken);
        }
    }

    private sealed class OutputBindingChannel(DaprClient dapr, IOptions<NotificationOptions> options) : INotificationChannel
    {
        public async Task SendAsync(NotificationMessage notification, CancellationToken cancellationToken)
        {
            if (!string.IsNullOrWhiteSpace(options.Value.OutputBinding))
            {
                await dapr.InvokeBindingAsync(options.Value.OutputBinding, "create", notification, cancellationToken: cancellationToken);
            }
        }
    }
}
