using TodoGrains.Contracts.Edge;
using TodoGrains.Contracts.Events;
using TodoGrains.EdgeServices.Audit;
using TodoGrains.EdgeServices.Common.Hosting;
using TodoGrains.EdgeServices.Common.State;
using TodoGrains.EdgeServices.Notification;
using TodoGrains.EdgeServices.Recurring;
using TodoGrains.EdgeServices.Sync;
using TodoGrains.Grains.Outbox;
using TodoGrains.Hosting;
using TodoGrains.Silo.IntegrationEvents;
using TodoGrains.Silo.Options;
using TodoGrains.Silo.Storage;

namespace TodoGrains.Silo.Extensions;

public static class EventsExtensions
{
    /// <summary>Reads the secrets from the Dapr secret store into configuration, when one is configured.</summary>
    public static WebApplicationBuilder AddTodoSecrets(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Configuration.AddDaprSecretStore();
        return builder;
    }

    /// <summary>
    /// Where committed events go (<c>Events:Transport</c>): the in-process bus delivering to the four edge services'
    /// handlers hosted right here, with their state in the embedded SQLite file and the sync hub served by this
    /// host; or Dapr pub/sub, with the edge services running as their own apps and read through service invocation.
    /// </summary>
    public static WebApplicationBuilder AddTodoEvents(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddTodoOptions<EventsOptions>(EventsOptions.SectionName);
        services.AddTodoOptions<EdgeOptions>(EdgeOptions.SectionName);
        services.AddSingleton<ServiceInvoker>();
        // The digest is the silo's to compute in either shape (the notification service asks for it in the Dapr one).
        services.AddSingleton<IDigestSource, GrainDigestSource>();
        if (builder.Configuration.GetEventTransport() == EventTransport.Dapr)
        {
            services.AddDaprClient(dapr => dapr.UseJsonSerializationOptions(TodoEventJson.Options));
            services.AddSingleton<IEventPublisher, DaprEventPublisher>();
            services.AddSingleton<IAuditReader, DaprAuditReader>();
            services.AddSingleton<IInboxReader, DaprInboxReader>();
            return builder;
        }

        services.AddSingleton<IStateStore, SqliteStateStore>();
        services.AddAuditService();
        services.AddNotificationService();
        services.AddRecurringService();
        services.AddSyncService(builder.Configuration);
        services.AddSingleton<IOccurrenceSpawner, GrainOccurrenceSpawner>();
        services.AddSingleton<IAuditReader, LocalAuditReader>();
        services.AddSingleton<IInboxReader, LocalInboxReader>();
        services.AddHostedService<EmbeddedDigestTimer>();
        services.AddSingleton<InProcessEventBus>();
        services.AddSingleton<IEventPublisher>(sp => sp.GetRequiredService<InProcessEventBus>());
        services.AddHostedService(sp => sp.GetRequiredService<InProcessEventBus>());
        return builder;
    }

    /// <summary>The sync hub, when this host delivers events itself.</summary>
    public static WebApplication MapTodoEvents(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Configuration.GetEventTransport() != EventTransport.Dapr)
        {
            app.MapSyncHub();
        }

        return app;
    }

    /// <summary>The transport <c>Events:Transport</c> gives for the shape <c>Orleans:Shape</c> (see <see cref="EventsOptions.Transport"/>).</summary>
    public static EventTransport GetEventTransport(this IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var events = configuration.GetTodoOptions<EventsOptions>(EventsOptions.SectionName);
        var silo = configuration.GetTodoOptions<SiloOptions>(SiloOptions.SectionName);
        return events.TransportFor(silo.Shape);
    }
}
