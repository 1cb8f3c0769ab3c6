using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using TodoGrains.DaprSidecar.PubSub;

namespace TodoGrains.DaprSidecar.Http;

/// <summary>The HTTP side of the stand-in: health, metadata, publish and service invocation under <c>/v1.0</c>.</summary>
internal static class HttpApi
{
    // Hop-by-hop headers, and the caller's own Dapr API token, are not passed on to the app.
    private static readonly HashSet<string> NotForwarded = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Keep-Alive", "Transfer-Encoding", "TE", "Trailer", "Upgrade", "Proxy-Connection",
        "Proxy-Authorization", "Expect", "Content-Length", "dapr-api-token",
    };

    public static void MapDaprHttpApi(this IEndpointRouteBuilder endpoints, SidecarCore core)
    {
        var v1 = endpoints.MapGroup("/v1.0");
        v1.MapGet("/healthz", () => Results.NoContent());
        v1.MapGet("/healthz/outbound", () => Results.NoContent());
        v1.MapGet("/metadata", () => Results.Json(new
        {
            id = core.AppId,
            runtimeVersion = "stand-in",
            extended = core.ExtendedMetadata,
            subscriptions = core.Broker.KnownSubscriptions().Select(s => new
            {
                pubsubname = s.Subscription.PubsubName,
                topic = s.Subscription.Topic,
                deadLetterTopic = s.Subscription.DeadLetterTopic,
                rules = new[] { new { path = s.Subscription.Route } },
            }),
        }));
        v1.MapPost("/publish/{pubsub}/{**topic}", (HttpContext context, string pubsub, string topic) => PublishAsync(context, core, pubsub, topic));
        v1.Map("/invoke/{appId}/method/{**method}", (HttpContext context, string appId) => InvokeAsync(context, core, appId));
    }

    private static async Task<IResult> PublishAsync(HttpContext context, SidecarCore core, string pubsub, string topic)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted).ConfigureAwait(false);

        // daprd reads metadata from "metadata.<key>" query parameters and assumes text/plain without a content type.
        var metadata = context.Request.Query
            .Where(q => q.Key.StartsWith("metadata.", StringComparison.Ordinal))
            .ToDictionary(q => q.Key["metadata.".Length..], q => q.Value.ToString(), StringComparer.Ordinal);
        var outgoing = new OutgoingEvent(
            pubsub,
            topic,
            body.ToArray(),
            context.Request.ContentType ?? "text/plain",
            metadata,
            context.Request.Headers["traceparent"].FirstOrDefault());
        return await core.Broker.TryPublishAsync(outgoing, context.RequestAborted).ConfigureAwait(false)
            ? Results.NoContent()
            : Error(StatusCodes.Status500InternalServerError, "ERR_PUBSUB_PUBLISH_MESSAGE", $"error when publishing to topic {topic}: the stand-in is set to fail publishes");
    }

    private static async Task<IResult> InvokeAsync(HttpContext context, SidecarCore core, string appId)
    {
        if (core.Apps.Find(appId) is not { } app)
        {
            return Error(StatusCodes.Status500InternalServerError, "ERR_DIRECT_INVOKE", $"fail to invoke, id: {appId}, err: app not registered with the stand-in");
        }

        // The method keeps its escaping and its query string, as daprd forwards them.
        var path = context.Request.Path.ToUriComponent();
        var prefix = $"/v1.0/invoke/{appId}/method/";
        var method = path.Length > prefix.Length ? path[prefix.Length..] : string.Empty;
        using var outgoing = core.Apps.CreateRequest(new HttpMethod(context.Request.Method), app, method + context.Request.QueryString.ToUriComponent());
        outgoing.Headers.TryAddWithoutValidation("dapr-caller-app-id", core.AppId);
        outgoing.Headers.TryAddWithoutValidation("dapr-callee-app-id", appId);

        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted).ConfigureAwait(false);
        if (body.Length > 0 || context.Request.ContentType is not null)
        {
            outgoing.Content = new ByteArrayContent(body.ToArray());
        }

        foreach (var (name, values) in context.Request.Headers)
        {
            if (NotForwarded.Contains(name))
            {
                continue;
            }

            if (!outgoing.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                outgoing.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        try
        {
            using var response = await core.Apps.SendAsync(outgoing, HttpCompletionOption.ResponseContentRead, context.RequestAborted).ConfigureAwait(false);
            var content = await response.Content.ReadAsByteArrayAsync(context.RequestAborted).ConfigureAwait(false);
            return new ForwardedResult((int)response.StatusCode, response.Content.Headers.ContentType, content);
        }
        catch (HttpRequestException e)
        {
            return Error(StatusCodes.Status500InternalServerError, "ERR_DIRECT_INVOKE", $"fail to invoke, id: {appId}, err: {e.Message}");
        }
    }

    private static IResult Error(int status, string errorCode, string message) =>
        Results.Json(new { errorCode, message }, statusCode: status);

    /// <summary>The app's answer, passed back with its status code, content type and body.</summary>
    private sealed class ForwardedResult(int statusCode, MediaTypeHeaderValue? contentType, byte[] body) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = statusCode;
            if (contentType is not null)
            {
                httpContext.Response.ContentType = contentType.ToString();
            }

            if (body.Length > 0)
            {
                await httpContext.Response.Body.WriteAsync(body, httpContext.RequestAborted).ConfigureAwait(false);
            }
        }
    }
}
