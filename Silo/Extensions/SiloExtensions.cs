using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using TodoGrains.Grains.Outbox;
using TodoGrains.Grains.Tasks;
using TodoGrains.Grains.Time;
using TodoGrains.Silo.IntegrationEvents;
using TodoGrains.Silo.Options;
using SiloOptions = TodoGrains.Silo.Options.SiloOptions;
using TodoGrains.Silo.Storage;

namespace TodoGrains.Silo.Extensions;

public static class SiloExtensions
{
    /// <summary>
    /// The Orleans silo of the embedded shape: localhost clustering, grain state and reminders in one SQLite
    /// file, events through the in-process bus.
    /// </summary>
    public static WebApplicationBuilder AddTodoSilo(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<SiloOptions>().BindConfiguration(SiloOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<EmbeddedStorageOptions>().BindConfiguration(EmbeddedStorageOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IIdGenerator, GuidIdGenerator>();
        services.AddSingleton<SqliteDatabase>();
        services.AddSingleton<InProcessEventBus>();
        services.AddSingleton<IEventPublisher>(sp => sp.GetRequiredService<InProcessEventBus>());
        services.AddHostedService(sp => sp.GetRequiredService<InProcessEventBus>());

        var silo = builder.Configuration.GetSection(SiloOptions.SectionName).Get<SiloOptions>() ?? new SiloOptions();
        builder.UseOrleans(orleans =>
        {
            orleans.UseLocalhostClustering(silo.SiloPort, silo.GatewayPort, serviceId: silo.ServiceId, clusterId: silo.ClusterId);
            orleans.Services.AddGrainStorage(TaskListLayout.StorageName, (sp, name) => new SqliteGrainStorage(
                name,
                sp.GetRequiredService<SqliteDatabase>(),
                new OrleansGrainStorageSerializer(sp.GetRequiredService<Orleans.Serialization.Serializer>())));
            orleans.Services.AddSingleton<IReminderTable, SqliteReminderTable>();
            orleans.AddReminders();
            orleans.Configure<GrainCollectionOptions>(o => o.CollectionAge = TimeSpan.FromMinutes(30));
        });
        return builder;
    }

    /// <summary>The data folder exists before anything writes to it.</summary>
    public static string EnsureDataDirectory(this IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<EmbeddedStorageOptions>>().Value;
        Directory.CreateDirectory(options.DataDirectory);
        return options.DataDirectory;
    }
}
