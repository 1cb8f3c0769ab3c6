using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TodoGrains.EdgeServices.Common.Hosting;
using TodoGrains.GrainInterfaces.Events;

namespace TodoGrains.EdgeServices.Common.Handling;

public static partial class TopicEndpoints
{
    /// <summary>
    /// Subscribes every registered <see cref="ITopicHandler"/> through Dapr: <c>/dapr/subscribe</c> lists exactly
    /// their topics, each delivered (as a CloudEvent, unwrapped by <c>UseCloudEvents</c>) to <c>/events/{name}</c>,
    /// which answers Dapr with SUCCESS, RETRY or DROP. Only the sidecar may deliver: another pod posting an event
    /// there is refused.
    /// </summary>
    public static WebApplication MapTopicHandlers(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<IOptions<EdgeOptions>>().Value;
        app.MapSubscribeHandler();
        foreach (var handler in app.Services.GetServices<ITopicHandler>())
        {
            var name = handler.Name;
            app.MapPost($"/events/{name}", (HttpRequest request, IServiceProvider services, ILoggerFactory logs, CancellationToken ct) =>
                    DeliverAsync(request, services.GetServices<ITopicHandler>().Single(h => h.Name == name), logs.CreateLogger("TodoGrains.Events"), ct))
                .WithTopic(options.PubSubName, handler.Topic)
                .RequireSidecar()
                .ExcludeFromDescription();
        }

        return app;
    }

    private static async Task<IResult> DeliverAsync(HttpRequest request, ITopicHandler handler, ILogger logger, CancellationToken ct)
    {
        TodoEvent? evt;
        try
        {
            evt = await JsonSerializer.DeserializeAsync<TodoEvent>(request.Body, TodoEventJson.Options, ct);
        }
        catch (JsonException ex)
        {
            LogPoison(logger, ex, handler.Name);
            return Answer(HandlerResult.Drop);
        }

        if (evt is null || evt.Topic != handler.Topic || string.IsNullOrEmpty(evt.UserId) || evt.Task is null)
        {
            LogPoison(logger, null, handler.Name);
            return Answer(HandlerResult.Drop);
        }

        HandlerResult result;
        try
        {
            result = await handler.HandleAsync(evt, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(logger, ex, handler.Name, evt.EventId);
            result = HandlerResult.Retry;
        }

        return Answer(result);
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

    [LoggerMessage(Level = LogLevel.Error, Message = "{Handler}: an undecodable event was dropped")]
    private static partial void LogPoison(ILogger logger, Exception? ex, string handler);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Handler} failed on event {EventId}; asking for a redelivery")]
    private static partial void LogFailed(ILogger logger, Exception ex, string handler, Guid eventId);
}
