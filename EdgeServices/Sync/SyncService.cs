using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;
using TodoGrains.Auth;
using TodoGrains.Contracts.Edge;
using TodoGrains.Contracts.Events;
using TodoGrains.EdgeServices.Common.Handling;

namespace TodoGrains.EdgeServices.Sync;

public static class SyncService
{
    /// <summary>
    /// SignalR with the event contract's JSON (snake_case, like the API), the task-updates handler, and a Redis
    /// backplane when <c>Sync:Redis</c> is set (several sync replicas).
    /// </summary>
    public static IServiceCollection AddSyncService(this IServiceCollection services, IConfiguration configuration)
    {
        var signalR = services.AddSignalR().AddJsonProtocol(o =>
        {
            o.PayloadSerializerOptions.PropertyNamingPolicy = TodoEventJson.Options.PropertyNamingPolicy;
            o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(TodoEventJson.Options.PropertyNamingPolicy));
        });
        if (configuration["Sync:Redis"] is { Length: > 0 } redis)
        {
            signalR.AddStackExchangeRedis(redis);
        }

        services.AddSingleton<HubConnectionOwners>();
        services.AddSingleton<ITopicHandler, SyncHandler>();
        services.AddSingleton<INotificationPusher, HubNotificationPusher>();
        return services;
    }

    /// <summary>
    /// Lets browsers authenticate the WebSocket with <c>?access_token=</c> on the hub path (a browser cannot set
    /// headers on a WebSocket); everywhere else only the Authorization header counts.
    /// </summary>
    public static void AcceptHubTokenFromQuery(JwtBearerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Events ??= new JwtBearerEvents();
        var previous = options.Events.OnMessageReceived;
        options.Events.OnMessageReceived = async context =>
        {
            await previous(context);
            if (context.Token is null && context.HttpContext.Request.Path.StartsWithSegments(SyncHub.Path) &&
                context.Request.Query.TryGetValue("access_token", out var token))
            {
                context.Token = token;
            }
        };
    }

    /// <summary>The sync service's own bearer validation: the same key, issuer and audience as the chat-api.</summary>
    public static IServiceCollection AddSyncAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        var key = configuration["Auth:SigningKey"];
        if (string.IsNullOrWhiteSpace(key))
        {
            throw new InvalidOperationException("Auth:SigningKey is required (set it, or Dapr:SecretStoreName to read it from the secret store).");
        }

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
        {
            o.MapInboundClaims = false;
            o.TokenValidationParameters = TodoTokens.ValidationParameters(
                new SymmetricSecurityKey(Convert.FromBase64String(key)),
                configuration["Auth:Issuer"] ?? TodoTokens.DefaultIssuer,
                configuration["Auth:Audience"] ?? TodoTokens.DefaultAudience);
            AcceptHubTokenFromQuery(o);
        });
        services.AddAuthorization();
        return services;
    }

    /// <summary>The hub at <c>/hubs/sync</c>, every connection bound to the person who negotiated it.</summary>
    public static IEndpointRouteBuilder MapSyncHub(this IEndpointRouteBuilder app)
    {
        app.MapHub<SyncHub>(SyncHub.Path).Add(endpoint =>
        {
            var next = endpoint.RequestDelegate!;
            endpoint.RequestDelegate = context => context.RequestServices.GetRequiredService<HubConnectionOwners>().HandleAsync(context, next);
        });
        return app;
    }

    /// <summary>The hub, and the internal route the notification service pushes through.</summary>
    public static WebApplication MapSyncEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapSyncHub();
        app.MapInternalGroup().MapPost("/users/{userId}/push", async (string userId, HttpRequest request, INotificationPusher pusher, CancellationToken ct) =>
        {
            var notification = await request.ReadFromJsonAsync<NotificationMessage>(TodoEventJson.Options, ct);
            if (notification is null || notification.UserId != userId)
            {
                return Results.BadRequest();
            }

            await pusher.PushAsync(notification, ct);
            return Results.NoContent();
        });
        return app;
    }
}
