using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TodoGrains.GrainInterfaces;

namespace TodoGrains.Grains.Tasks;

/// <summary>
/// Reminders whose instant passed while no silo ran. Orleans schedules a missed tick at the next whole period of
/// the reminder, so such a reminder would fire up to a minute late. When the silo has started, this wakes the task
/// list of every task reminder whose instant has passed; its activation re-arms those reminders to fire at once.
/// A wake-up is idempotent: a reminder already announced for its instant does nothing.
/// </summary>
internal sealed partial class MissedReminders(
    IReminderTable table, IGrainFactory grains, IHostApplicationLifetime lifetime, TimeProvider time, ILogger<MissedReminders> logger) : BackgroundService
{
    private const int Parallelism = 8;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // After every hosted service started, the silo among them.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            await started.Task;
        }

        IEnumerable<GrainId> overdue;
        try
        {
            // (0, 0] wraps around: the whole ring, every silo's share.
            var rows = await table.ReadRows(0, 0, stoppingToken);
            var now = time.GetUtcNow().UtcDateTime;
            overdue = rows.Reminders
                .Where(r => TaskReminders.IsTaskReminder(r.ReminderName) && r.StartAt <= now)
                .Select(r => r.GrainId)
                .Distinct()
                .ToList();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogReadFailed(ex);
            return;
        }

        await Parallel.ForEachAsync(overdue, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = stoppingToken }, async (grainId, _) =>
        {
            try
            {
                // Any call activates the grain; activation reconciles its reminders.
                await grains.GetGrain(grainId).AsReference<ITaskListGrain>().GetProfileAsync();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogWakeFailed(ex, grainId);
            }
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the reminder table for missed reminders failed; they fire at their next tick")]
    private partial void LogReadFailed(Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Waking {GrainId} for a missed reminder failed; it fires at its next tick")]
    private partial void LogWakeFailed(Exception ex, GrainId grainId);
}
