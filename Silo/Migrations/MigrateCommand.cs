using TodoGrains.Silo.Options;

namespace TodoGrains.Silo.Migrations;

/// <summary>
/// <c>TodoGrains.Silo migrate</c>: applies the PostgreSQL schema and exits (0 on success). Reads
/// <c>ConnectionStrings:Orleans</c> from the same configuration sources as the silo; run it as a Kubernetes Job
/// or init container before the silos start. Running it twice is safe.
/// </summary>
public static class MigrateCommand
{
    public const string Verb = "migrate";

    public static async Task<int> RunAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        using var host = builder.Build();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("TodoGrains.Migrate");
        var connectionString = builder.Configuration.GetConnectionString(SiloOptions.ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            Console.Error.WriteLine($"migrate: ConnectionStrings:{SiloOptions.ConnectionStringName} is not set.");
            return 2;
        }

        try
        {
            await new PostgresMigrator(connectionString, logger).MigrateAsync();
            return 0;
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or InvalidOperationException or TimeoutException)
        {
            Console.Error.WriteLine($"migrate: {ex.Message}");
            return 1;
        }
    }
}
