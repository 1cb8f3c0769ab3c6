using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using TodoGrains.Contracts.Events;
using TodoGrains.Contracts.Telemetry;

namespace TodoGrains.EdgeServices.Common.Hosting;

/// <summary>
/// What an edge service tells operators: a span per delivery (the sidecar's <c>traceparent</c> continues the
/// publisher's trace), spans of its calls to the sidecar, and the delivery histogram; exported over OTLP to
/// <c>Observability:OtlpEndpoint</c>, the same key the silo reads. Without it nothing is exported.
/// </summary>
public sealed class EdgeTelemetry
{
    public const string SourceName = "TodoGrains.Edge";

    private static readonly ActivitySource Source = new(SourceName);
    private readonly Histogram<double> _delivery;
    private readonly TimeProvider _time;

    public EdgeTelemetry(IMeterFactory meters, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(meters);
        // The factory owns the meter and disposes it with the host.
        _delivery = meters.Create(SourceName).CreateHistogram<double>(EventTelemetry.DeliveryHistogram, "s", EventTelemetry.DeliveryDescription);
        _time = time;
    }

    /// <summary>A span for one delivery of <paramref name="evt"/> to <paramref name="subscription"/>, under the request's.</summary>
    public static Activity? StartHandling(string subscription, TodoEvent evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        var activity = Source.StartActivity($"{evt.Topic} process", ActivityKind.Consumer);
        activity?.SetTag("messaging.system", "dapr");
        activity?.SetTag("messaging.destination.name", evt.Topic);
        activity?.SetTag("messaging.consumer.group.name", subscription);
        activity?.SetTag("messaging.message.id", evt.EventId.ToString("N"));
        activity?.SetTag("todo.event.type", evt.Type);
        return activity;
    }

    /// <summary>Records that <paramref name="evt"/> was handled: the time since its commit (clocks of two machines).</summary>
    public void Delivered(TodoEvent evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        _delivery.Record(Math.Max(0, (_time.GetUtcNow() - evt.OccurredAt).TotalSeconds), new KeyValuePair<string, object?>("topic", evt.Topic));
    }

    /// <summary>Adds the telemetry, and its OTLP export when <c>Observability:OtlpEndpoint</c> is set.</summary>
    public static void Add(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<EdgeTelemetry>();
        if (builder.Configuration["Observability:OtlpEndpoint"] is not { Length: > 0 } endpoint)
        {
            return;
        }

        // Over OTLP/gRPC (the chart's collector) the endpoint is the collector's; over HTTP each signal has its path.
        var collector = new Uri(endpoint);
        Uri For(OtlpExporterOptions options, string signal) =>
            options.Protocol == OtlpExportProtocol.HttpProtobuf ? new Uri(collector, signal) : collector;
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Configuration["OTEL_SERVICE_NAME"] ?? builder.Environment.ApplicationName))
            .WithTracing(tracing => tracing
                .AddSource(SourceName)
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation()
                .AddOtlpExporter(o => o.Endpoint = For(o, "v1/traces")))
            .WithMetrics(metrics => metrics
                .AddMeter(SourceName)
                .AddAspNetCoreInstrumentation()
                .AddView(EventTelemetry.DeliveryHistogram, new ExplicitBucketHistogramConfiguration { Boundaries = [.. EventTelemetry.LatencyBuckets] })
                .AddOtlpExporter(o => o.Endpoint = For(o, "v1/metrics")));
    }
}
