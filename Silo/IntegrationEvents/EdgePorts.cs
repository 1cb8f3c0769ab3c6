using System.Net;
using Microsoft.Extensions.Options;
using TodoGrains.Contracts.Edge;
using TodoGrains.Contracts.Events;
using TodoGrains.EdgeServices.Common.Hosting;
using TodoGrains.EdgeServices.Notification;
using TodoGrains.EdgeServices.Recurring;
using TodoGrains.GrainInterfaces;
using TodoGrains.GrainInterfaces.Tasks;
using TodoGrains.Grains.Time;

namespace TodoGrains.Silo.IntegrationEvents;

/// <summary>The embedded shape's spawner: straight to the owner's grain.</summary>
public sealed class GrainOccurrenceSpawner(IGrainFactory grains) : IOccurrenceSpawner
{
    public Task SpawnNextAsync(string userId, string seriesId, int afterOccurrence, CancellationToken cancellationToken) =>
        grains.GetGrain<ITaskListGrain>(userId).SpawnNextOccurrenceAsync(seriesId, afterOccurrence);
}

/// <summary>A person's morning digest, computed from their grain in their own zone.</summary>
public sealed class GrainDigestSource(IGrainFactory grains, TimeProvider time) : IDigestSource
{
    public async Task<DailyDigest?> GetAsync(string userId, CancellationToken cancellationToken)
    {
        var list = grains.GetGrain<ITaskListGrain>(userId);
        var profile = await list.GetProfileAsync();
        var clock = ZoneClock.For(profile, time);
        var today = DueInput.OnDate(clock.Today);
        var dueToday = await list.ListAsync(new TaskQuery { Status = StatusFilter.Pending, DueFrom = today, DueTo = today, Limit = 5 });
        var overdue = await list.ListAsync(new TaskQuery { Status = StatusFilter.Pending, Overdue = true, Limit = 5 });
        var titles = dueToday.Items.Concat(overdue.Items).Select(t => t.Title).Distinct().Take(5).ToList();
        return new DailyDigest(profile.TimeZone, clock.Today, clock.LocalNow.Hour, dueToday.Total, overdue.Total, titles);
    }
}

/// <summary>Runs the notification sweep on a timer in the embedded shape (Dapr's cron binding elsewhere).</summary>
public sealed class EmbeddedDigestTimer(DigestSweep sweep, IOptions<Options.EventsOptions> options, TimeProvider time, ILogger<EmbeddedDigestTimer> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.DigestInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await sweep.RunAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "The notification sweep failed; it runs again at the next tick");
            }
        }
    }
}

/// <summary>The audit trail kept by the audit app, read through Dapr service invocation.</summary>
public sealed class DaprAuditReader(ServiceInvoker invoker, IOptions<EdgeOptions> options) : IAuditReader
{
    public async Task<AuditPage> ReadAsync(string userId, int limit, long? before, int? taskId, CancellationToken cancellationToken) =>
        (await invoker.For(options.Value.AuditAppId).GetFromJsonAsync<AuditPage>(InternalRoutes.Audit(userId, limit, before, taskId), TodoEventJson.Options, cancellationToken))!;
}

/// <summary>The inbox kept by the notification app, through Dapr service invocation.</summary>
public sealed class DaprInboxReader(ServiceInvoker invoker, IOptions<EdgeOptions> options) : IInboxReader
{
    public async Task<InboxPage> ReadAsync(string userId, int limit, CancellationToken cancellationToken) =>
        (await invoker.For(options.Value.NotificationAppId).GetFromJsonAsync<InboxPage>(InternalRoutes.Notifications(userId, limit), TodoEventJson.Options, cancellationToken))!;

    public async Task<bool> MarkReadAsync(string userId, string notificationId, CancellationToken cancellationToken)
    {
        using var response = await invoker.For(options.Value.NotificationAppId).PostAsync(new Uri(InternalRoutes.MarkRead(userId, notificationId), UriKind.Relative), null, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        response.EnsureSuccessStatusCode();
        return true;
    }
}
