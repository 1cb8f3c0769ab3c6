using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Orleans.Dashboard;
using TodoGrains.Grains.Diagnostics;
using TodoGrains.Silo.Options;

namespace TodoGrains.Silo.Extensions;

public static class ObservabilityExtensions
{
    public const string OperatorPolicy = "operator";

    /// <summary>
    /// OpenTelemetry metrics (ASP.NET Core, Orleans, runtime and our own) for Prometheus, traces over OTLP when
    /// configured, JSON logs in the cluster shape, and an internal port for operators when configured.
    /// </summary>
    public static WebApplicationBuilder AddTodoObservability(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Configuration.GetSection(ObservabilityOptions.SectionName).Get<ObservabilityOptions>() ?? new ObservabilityOptions();
        var shape = builder.GetSiloOptions().Shape;
        if (options.JsonLogs ?? shape == HostingShape.Cluster)
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(o => o.IncludeScopes = true);
        }

        var telemetry = builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("Microsoft.Orleans")
                .AddMeter(TodoMetrics.MeterName)
                .AddView("todo.events.delivery", new ExplicitBucketHistogramConfiguration { Boundaries = [.. TodoMetrics.LatencyBuckets] })
                .AddView("todo.reminders.lateness", new ExplicitBucketHistogramConfiguration { Boundaries = [.. TodoMetrics.LatencyBuckets] })
                .AddPrometheusExporter());
        if (!string.IsNullOrWhiteSpace(options.OtlpEndpoint))
        {
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation()
                .AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application")
                .AddOtlpExporter(o => o.Endpoint = new Uri(options.OtlpEndpoint)));
        }

        if (options.InternalPort > 0)
        {
            // Listen on the internal port as well as on the configured URLs.
            var urls = builder.Configuration["urls"] ?? "http://127.0.0.1:5080";
            builder.WebHost.UseUrls($"{urls};http://0.0.0.0:{options.InternalPort}");
        }

        builder.Services.Configure<ObservabilityOptions>(builder.Configuration.GetSection(ObservabilityOptions.SectionName));
        return builder;
    }

    /// <summary><c>/metrics</c> for Prometheus and <c>/dashboard</c> for operators (both on the internal port when set).</summary>
    public static WebApplication MapOperatorEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Configuration.GetSection(ObservabilityOptions.SectionName).Get<ObservabilityOptions>() ?? new ObservabilityOptions();
        var metrics = app.MapPrometheusScrapingEndpoint("/metrics");
        var dashboard = app.MapOrleansDashboard("/dashboard").RequireAuthorization(OperatorPolicy);
        if (options.InternalPort > 0)
        {
            metrics.RequireHost($"*:{options.InternalPort}");
            dashboard.RequireHost($"*:{options.InternalPort}");
        }

        return app;
    }
}
