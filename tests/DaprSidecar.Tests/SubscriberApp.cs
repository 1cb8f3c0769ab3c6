using System.Collections.Concurrent;
using Dapr;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace TodoGrains.DaprSidecar.Tests;

/// <summary>
/// A small real ASP.NET Core app on a free loopback port that subscribes through Dapr.AspNetCore
/// (<c>UseCloudEvents</c>, <c>MapSubscribeHandler</c>, <c>WithTopic</c>) and serves an invocation and an input-binding route.
/// </summary>
internal sealed class SubscriberApp : IAsyncDisposable
{
    public const string AppId = "subscriber";
    public const string PubsubName = "pubsub";
    public const string Orders = "orders";
    public const string Audits = "audits";
    public const string AuditsDeadLetters = "audits-dead";
    public const string CronBinding = "cron";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<(string Topic, string Id), int> _attempts = new();

    private SubscriberApp(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Every delivery that reached a topic route, retries and copies included, in arrival order.</summary>
    public ConcurrentQueue<ReceivedEvent> Received { get; } = new();

    /// <summary>Every call to the invocation and input-binding routes.</summary>
    public ConcurrentQueue<ReceivedCall> Calls { get; } = new();

    /// <summary>How the app answers a delivery; <c>{"status":"SUCCESS"}</c> unless a test says otherwise.</summary>
    public Func<ReceivedEvent, IResult> Answer { get; set; } = _ => Status("SUCCESS");

    public static IResult Status(string status) => Results.Json(new { status });

    public IReadOnlyList<ReceivedEvent> ReceivedOn(string topic) => Received.Where(e => e.Topic == topic).ToList();

    public static async Task<SubscriberApp> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var subscriber = new SubscriberApp(app);

        app.UseCloudEvents(new CloudEventsMiddlewareOptions { ForwardCloudEventPropertiesAsHeaders = true });
        app.MapSubscribeHandler();
        app.MapPost("/orders", (HttpRequest request) => subscriber.OnEventAsync(request, Orders)).WithTopic(PubsubName, Orders);
        app.MapPost("/audits", (HttpRequest request) => subscriber.OnEventAsync(request, Audits))
            .WithTopic(new TopicOptions { PubsubName = PubsubName, Name = Audits, DeadLetterTopic = AuditsDeadLetters });
        app.MapPost("/audits-dead", (HttpRequest request) => subscriber.OnEventAsync(request, AuditsDeadLetters)).WithTopic(PubsubName, AuditsDeadLetters);
        app.MapPost("/echo", (HttpRequest request) => subscriber.OnCallAsync(request));
        app.MapPost("/" + CronBinding, (HttpRequest request) => subscriber.OnCallAsync(request));

        await app.StartAsync(cancellationToken);
        subscriber.BaseAddress = new Uri(app.Urls.Single());
        return subscriber;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private async Task<IResult> OnEventAsync(HttpRequest request, string topic)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        var headers = request.Headers;
        var id = headers["Cloudevent.id"].ToString();
        var received = new ReceivedEvent(
            topic,
            id,
            headers["Cloudevent.type"].ToString(),
            headers["Cloudevent.source"].ToString(),
            headers["Cloudevent.topic"].ToString(),
            body,
            _attempts.AddOrUpdate((topic, id), 1, static (_, attempt) => attempt + 1));
        Received.Enqueue(received);
        return Answer(received);
    }

    private async Task<IResult> OnCallAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        var call = new ReceivedCall(
            request.Path,
            request.QueryString.Value ?? string.Empty,
            request.ContentType,
            body,
            request.Headers["dapr-api-token"].ToString(),
            request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase));
        Calls.Enqueue(call);
        return Results.Json(new EchoReply(call.Path, call.Body, call.ApiToken, call.Query), statusCode: StatusCodes.Status201Created);
    }
}

/// <summary>One delivery as the subscriber saw it after Dapr.AspNetCore unwrapped the CloudEvent.</summary>
internal sealed record ReceivedEvent(string Topic, string Id, string Type, string Source, string CloudEventTopic, string Body, int Attempt);

/// <summary>One call to the invocation or input-binding route.</summary>
internal sealed record ReceivedCall(string Path, string Query, string? ContentType, string Body, string ApiToken, IReadOnlyDictionary<string, string> Headers);

/// <summary>What the invocation route answers.</summary>
public sealed record EchoReply(string Path, string Body, string ApiToken, string Query);

/// <summary>The event the tests publish.</summary>
public sealed record OrderPlaced(string OrderId, int Sequence = 0, string Key = "");
