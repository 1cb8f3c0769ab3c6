using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Orleans.Dashboard;
using TodoGrains.Contracts.Telemetry;
using TodoGrains.Grains.Diagnostics;
using TodoGrains.Hosting;
using TodoGrains.Silo.Options;

namespace TodoGrains.Silo.Extensions;

public static class ObservabilityExtensions
{
    public const string OperatorPolicy = "operator";

    // What the internal port serves when there is one: metrics, the grain dashboard and the operators' sign-in.
    private static readonly string[] OperatorPaths = ["/metrics", "/dashboard", "/ops"];

    /// <summary>
    /// OpenTelemetry metrics (ASP.NET Core, Orleans, runtime and our own) for Prometheus, traces over OTLP when
    /// configured, JSON logs in the cluster shape, and an internal port for operators when configured.
    /// </summary>
    public static WebApplicationBuilder AddTodoObservability(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Configuration.GetTodoOptions<ObservabilityOptions>(ObservabilityOptions.SectionName);
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
                .AddView(EventTelemetry.DeliveryHistogram, new ExplicitBucketHistogramConfiguration { Boundaries = [.. EventTelemetry.LatencyBuckets] })
                .AddView("todo.reminders.lateness", new ExplicitBucketHistogramConfiguration { Boundaries = [.. EventTelemetry.LatencyBuckets] })
                .AddPrometheusExporter());
        if (!string.IsNullOrWhiteSpace(options.OtlpEndpoint))
        {
            telemetry.WithTracing(tracing => tracing
                // A calendar feed's path is its secret key: traces carry the route, never the key.
                .AddAspNetCoreInstrumentation(o => o.EnrichWithHttpRequest = (activity, request) =>
                {
                    if (request.Path.StartsWithSegments("/calendar", StringComparison.OrdinalIgnoreCase))
                    {
                        activity.SetTag("url.path", "/calendar/{key}.ics");
                    }
                })
                .AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application")
                .AddOtlpExporter(o => o.Endpoint = new Uri(options.OtlpEndpoint)));
        }

        if (options.InternalPort > 0)
        {
            // Listen on the internal port as well as on the configured URLs, where the public port listens unless told.
            var urls = builder.Configuration["urls"] ?? "http://127.0.0.1:5080";
            var address = options.InternalAddress ?? PublicHost(urls);
            builder.WebHost.UseUrls($"{urls};http://{address}:{options.InternalPort}");
        }

        builder.Services.AddTodoOptions<ObservabilityOptions>(ObservabilityOptions.SectionName);
        return builder;
    }

    // "http://127.0.0.1:5080;http://[::1]:5080" -> "127.0.0.1"; Kestrel's "*" and "+" mean every interface.
    private static string PublicHost(string urls)
    {
        var first = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
        var scheme = first.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            // No URL to follow (or a unix socket): the internal port stays on loopback unless told otherwise.
            return "127.0.0.1";
        }

        var host = first[(scheme + 3)..];
        host = host.StartsWith('[') ? host[..(host.IndexOf(']', StringComparison.Ordinal) + 1)] : host.Split(':')[0].Split('/')[0];
        return host is "*" or "+" ? "0.0.0.0" : host;
    }

    /// <summary>
    /// With an internal port, the listener a request arrived on decides what it reaches, never its Host header (any
    /// caller sets that): the internal port serves the operators' paths and nothing else, the public port never serves
    /// them. Runs before authentication, so the other port's paths are not even known to exist.
    /// </summary>
    public static WebApplication UseInternalPort(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var internalPort = app.Configuration.GetTodoOptions<ObservabilityOptions>(ObservabilityOptions.SectionName).InternalPort;
        if (internalPort > 0)
        {
            app.Use((context, next) =>
            {
                var path = context.Request.Path;
                var operatorPath = OperatorPaths.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));
                if ((context.Connection.LocalPort == internalPort) != operatorPath)
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return Task.CompletedTask;
                }

                return next(context);
            });
        }

        return app;
    }

    /// <summary><c>/metrics</c> for Prometheus and <c>/dashboard</c> for operators (both on the internal port when set).</summary>
    public static WebApplication MapOperatorEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapOrleansDashboard("/dashboard").RequireAuthorization(OperatorPolicy);
        return app;
    }
}
