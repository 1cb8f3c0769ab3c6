using System.Net;
using Microsoft.Extensions.Options;
using TodoGrains.Contracts.Edge;
using TodoGrains.EdgeServices.Common.Handling;
using TodoGrains.EdgeServices.Common.Hosting;

namespace TodoGrains.EdgeServices.Recurring;

public static class RecurringService
{
    /// <summary>The task-events handler that spawns next occurrences (also hosted by the embedded silo).</summary>
    public static IServiceCollection AddRecurringService(this IServiceCollection services)
    {
        services.AddSingleton<ITopicHandler, RecurringHandler>();
        return services;
    }

    /// <summary>Spawning through Dapr service invocation of the chat-api.</summary>
    public static IServiceCollection AddRecurringDaprPorts(this IServiceCollection services)
    {
        services.AddSingleton<IOccurrenceSpawner, DaprOccurrenceSpawner>();
        return services;
    }

    private sealed class DaprOccurrenceSpawner(ServiceInvoker invoker, IOptions<EdgeOptions> options) : IOccurrenceSpawner
    {
        public async Task SpawnNextAsync(string userId, string seriesId, int afterOccurrence, CancellationToken cancellationToken)
        {
            using var response = await invoker.For(options.Value.SiloAppId)
                .PostAsync(new Uri(InternalRoutes.SpawnNext(userId, seriesId, afterOccurrence), UriKind.Relative), null, cancellationToken);
            // 404: the series has ended or was deleted; there is nothing to spawn, and asking again will not change that.
            if (response.StatusCode != HttpStatusCode.NotFound)
            {
                response.EnsureSuccessStatusCode();
            }
        }
    }
}
