using System.Text;
using System.Text.Json;
using Dapr;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TodoGrains.Auth;
using TodoGrains.Contracts.Edge;
using TodoGrains.Contracts.Events;
using TodoGrains.EdgeServices.Common.Hosting;

namespace TodoGrains.EdgeServices.Common.Handling;

public static partial class TopicEndpoints
{
    /// <summary>
    /// Subscribes every registered <see cref="ITopicHandler"/> through Dapr: <c>/dapr/subscribe</c> lists exactly
    /// their topics, each delivered (as a CloudEvent, unwrapped by <c>UseCloudEvents</c>) to <c>/events/{name}</c>,
    /// which answers Dapr with SUCCESS, RETRY or DROP. Only the sidecar may deliver: another pod posting an event
    /// there is refused. An event the handler DROPs, or still fails after the bounded retries, goes to the
    /// subscription's dead-letter topic, which the service subscribes to as well and keeps (<see cref="DeadLetters"/>)
    /// for operators to list, replay or discard on <c>/internal/dead-letters</c>.
    /// </summary>
    public static WebApplication MapTopicHandlers(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<IOptions<EdgeOptions>>().Value;
        app.MapSubscribeHandler();
        foreach (var handler in app.Services.GetServices<ITopicHandler>())
        {
            var name = handler.Name;
            app.MapPost($"/events/{name}", (HttpRequest request, IServiceProvider services, EdgeTelemetry telemetry, ILoggerFactory logs, CancellationToken ct) =>
                    DeliverAsync(request, Handler(services, name), telemetry, logs.CreateLogger("TodoGrains.Events"), ct))
                .WithTopic(new TopicOptions { PubsubName = options.PubSubName, Name = handler.Topic, DeadLetterTopic = TodoTopics.DeadLetters(name) })
                .RequireSidecar()
                .ExcludeFromDescription();
            app.MapPost($"/dead-letters/{name}", (HttpRequest request, DeadLetters letters, ILoggerFactory logs, CancellationToken ct) =>
                    KeepAsync(request, name, letters, logs.CreateLogger("TodoGrains.Events"), ct))
                .WithTopic(options.PubSubName, TodoTopics.DeadLetters(name))
                .RequireSidecar()
                .ExcludeFromDescription();
        }

        var internalRoutes = app.MapInternalGroup();
        internalRoutes.MapGet("/dead-letters", async (IServiceProvider services, DeadLetters letters, CancellationToken ct) =>
        {
            var subscriptions = new List<object>();
            foreach (var handler in services.GetServices<ITopicHandler>())
            {
                subscriptions.Add(new { subscription = handler.Name, topic = handler.Topic, dead_letter_topic = TodoTopics.DeadLetters(handler.Name), letters = await letters.ListAsync(handler.Name, ct) });
            }

            return Results.Json(new { subscriptions }, TodoEventJson.Options);
        });
        internalRoutes.MapPost("/dead-letters/{subscription}/{id}/replay", async (string subscription, string id, IServiceProvider services, DeadLetters letters, CancellationToken ct) =>
        {
            var handler = services.GetServices<ITopicHandler>().FirstOrDefault(h => h.Name == subscription);
            var outcome = handler is null ? null : await letters.ReplayAsync(handler, id, ct);
            return outcome switch
            {
                null => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such dead letter", detail: $"{subscription}/{id}"),
                { Removed: true } => Results.Json(new { status = "replayed" }),
                { Result: HandlerResult.Retry } => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The handler still fails on it; it is kept", detail: $"{subscription}/{id}"),
                _ => Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "The handler refuses it (DROP); it is kept until discarded", detail: $"{subscription}/{id}"),
            };
        });
        internalRoutes.MapDelete("/dead-letters/{subscription}/{id}", async (string subscription, string id, IServiceProvider services, DeadLetters letters, CancellationToken ct) =>
            services.GetServices<ITopicHandler>().Any(h => h.Name == subscription) && await letters.DiscardAsync(subscription, id, ct)
                ? Results.NoContent()
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such dead letter", detail: $"{subscription}/{id}"));
        return app;
    }

    /// <summary>The event in a delivery meant for <paramref name="handler"/>; null when it is not one (poison).</summary>
    public static TodoEvent? Decode(string json, ITopicHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        try
        {
            var evt = JsonSerializer.Deserialize<TodoEvent>(json, TodoEventJson.Options);
            return evt is null || evt.Topic != handler.Topic || string.IsNullOrEmpty(evt.UserId) || evt.Task is null ? null : evt;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static ITopicHandler Handler(IServiceProvider services, string name) => services.GetServices<ITopicHandler>().Single(h => h.Name == name);

    private static async Task<IResult> DeliverAsync(HttpRequest request, ITopicHandler handler, EdgeTelemetry telemetry, ILogger logger, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        if (Decode(await reader.ReadToEndAsync(ct), handler) is not { } evt)
        {
            LogPoison(logger, handler.Name);
            return Answer(HandlerResult.Drop);
        }

        using var activity = EdgeTelemetry.StartHandling(handler.Name, evt);
        HandlerResult result;
        try
        {
            result = await handler.HandleAsync(evt, ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            LogFailed(logger, ex, handler.Name, evt.EventId);
            activity?.AddException(ex);
            result = HandlerResult.Retry;
        }

        activity?.SetTag("todo.handler.result", result.ToString());
        if (result == HandlerResult.Success)
        {
            telemetry.Delivered(evt);
        }
        else
        {
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error);
        }

        return Answer(result);
    }

    private static async Task<IResult> KeepAsync(HttpRequest request, string subscription, DeadLetters letters, ILogger logger, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var payload = await reader.ReadToEndAsync(ct);
        try
        {
            await letters.KeepAsync(subscription, payload, ct);
            LogDeadLetter(logger, subscription);
            return Answer(HandlerResult.Success);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            LogKeepFailed(logger, ex, subscription);
            return Answer(HandlerResult.Retry);
        }
    }

    // Dapr's HTTP subscriber contract: 200 with {"status": "SUCCESS" | "RETRY" | "DROP"}.
    private static IResult Answer(HandlerResult result) => Results.Json(new
    {
        status = result switch
        {
            HandlerResult.Success => "SUCCESS",
            HandlerResult.Retry => "RETRY",
            _ => "DROP",
        },
    });

    [LoggerMessage(Level = LogLevel.Error, Message = "{Handler}: an undecodable event was dropped to its dead-letter topic")]
    private static partial void LogPoison(ILogger logger, string handler);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Handler} failed on event {EventId}; asking for a redelivery")]
    private static partial void LogFailed(ILogger logger, Exception ex, string handler, Guid eventId);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Subscription}: an event it could not handle is kept as a dead letter (GET /internal/dead-letters)")]
    private static partial void LogDeadLetter(ILogger logger, string subscription);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Subscription}: a dead letter could not be kept; asking for a redelivery")]
    private static partial void LogKeepFailed(ILogger logger, Exception ex, string subscription);
}
