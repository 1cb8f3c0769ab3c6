using Dapr.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using TodoGrains.Contracts.Edge;
using TodoGrains.Contracts.Events;
using TodoGrains.EdgeServices.Common.Handling;
using TodoGrains.EdgeServices.Common.State;
using TodoGrains.Hosting;

namespace TodoGrains.EdgeServices.Common.Hosting;

public static class EdgeServiceDefaults
{
    /// <summary>
    /// What every edge service has: Dapr component names from configuration, a Dapr client speaking the event
    /// contract's JSON, the state store port, health checks (ready once the sidecar answers), telemetry, JSON logs.
    /// </summary>
    public static WebApplicationBuilder AddEdgeServiceDefaults(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Configuration.AddDaprSecretStore();
        builder.Services.AddTodoOptions<EdgeOptions>(EdgeOptions.SectionName);
        builder.Services.AddDaprClient(dapr => dapr.UseJsonSerializationOptions(TodoEventJson.Options));
        builder.Services.AddSingleton<IStateStore, DaprStateStore>();
        builder.Services.AddSingleton<DeadLetters>();
        builder.Services.AddSingleton<ServiceInvoker>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddProblemDetails();
        builder.Services.AddHealthChecks().AddCheck<SidecarCheck>("dapr", tags: ["ready"]);
        EdgeTelemetry.Add(builder);
        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole();
        return builder;
    }

    /// <summary>CloudEvents unwrapping, the subscription routes and the health probes.</summary>
    public static WebApplication UseEdgeServiceDefaults(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseCloudEvents();
        app.MapHealthChecks("/health/startup", new() { Predicate = _ => false });
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains("ready") });
        return app;
    }

    private sealed class SidecarCheck(DaprClient dapr) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            await dapr.CheckHealthAsync(cancellationToken) ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("The Dapr sidecar does not answer");
    }
}
