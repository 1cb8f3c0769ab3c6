using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using TodoGrains.Silo.Options;
using TodoGrains.Silo.Storage;

namespace TodoGrains.Silo.Extensions;

public static class HealthExtensions
{
    private const string StartupTag = "startup";
    private const string ReadyTag = "ready";

    /// <summary>
    /// Startup: the host has started. Ready: the silo serves grain calls and its storage answers (SQLite or
    /// PostgreSQL, by shape). Live: the process answers.
    /// </summary>
    public static WebApplicationBuilder AddTodoHealthChecks(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var checks = builder.Services.AddHealthChecks()
            .AddCheck<StartedCheck>("started", tags: [StartupTag, ReadyTag])
            .AddCheck<SiloReadyCheck>("silo", tags: [ReadyTag]);
        if (builder.GetSiloOptions().Shape == HostingShape.Cluster)
        {
            var connectionString = builder.GetPostgresConnectionString();
            checks.AddCheck("storage", new PostgresReadyCheck(connectionString), tags: [ReadyTag]);
        }
        else
        {
            checks.AddCheck<SqliteReadyCheck>("storage", tags: [ReadyTag]);
        }

        return builder;
    }

    public static WebApplication MapTodoHealthChecks(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks("/health/startup", new() { Predicate = c => c.Tags.Contains(StartupTag) }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains(ReadyTag) }).AllowAnonymous();
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false }).AllowAnonymous();
        return app;
    }

    private sealed class StartedCheck(IHostApplicationLifetime lifetime) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(lifetime.ApplicationStarted.IsCancellationRequested && !lifetime.ApplicationStopping.IsCancellationRequested
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("Starting or stopping"));
    }

    private sealed class SiloReadyCheck(IGrainFactory grains) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true, cancellationToken).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
                return hosts.Count > 0 ? HealthCheckResult.Healthy($"{hosts.Count} active silo(s)") : HealthCheckResult.Unhealthy("No active silo");
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return HealthCheckResult.Unhealthy("The silo does not answer", ex);
            }
        }
    }

    private sealed class SqliteReadyCheck(SqliteDatabase database) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await using var connection = await database.OpenAsync(cancellationToken);
                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT 1";
                await command.ExecuteScalarAsync(cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return HealthCheckResult.Unhealthy("The database does not answer", ex);
            }
        }
    }

    private sealed class PostgresReadyCheck(string connectionString) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(cancellationToken);
                await using var command = new NpgsqlCommand("SELECT 1 FROM orleansquery LIMIT 1", connection);
                await command.ExecuteScalarAsync(cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return HealthCheckResult.Unhealthy("PostgreSQL does not answer, or the schema is missing (run migrate)", ex);
            }
        }
    }
}
