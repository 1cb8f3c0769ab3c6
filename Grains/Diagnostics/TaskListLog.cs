using Microsoft.Extensions.Logging;

namespace TodoGrains.Grains.Diagnostics;

/// <summary>What a task list and its collaborators log: every message of the list in one place.</summary>
internal static partial class TaskListLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing event {Sequence} of user {UserId} failed; retrying in {Delay}")]
    public static partial void PublishFailed(this ILogger logger, Exception ex, long sequence, string userId, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Compacting the journal of user {UserId} failed; it will be replayed")]
    public static partial void FlushFailed(this ILogger logger, Exception ex, string userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing the outbox of user {UserId} on deactivation failed")]
    public static partial void DeactivationWriteFailed(this ILogger logger, Exception ex, string userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reminder bookkeeping '{What}' of user {UserId} failed after a commit")]
    public static partial void BestEffortFailed(this ILogger logger, Exception ex, string what, string userId);

    /// <summary>
    /// Runs reminder-table bookkeeping that follows a commit: its failure must not turn a stored change into an
    /// error; the next activation's reconciliation (or a harmless orphan tick) repairs it.
    /// </summary>
    public static async Task BestEffortAsync(this ILogger logger, Func<Task> operation, string what, string userId)
    {
        try
        {
            await operation();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.BestEffortFailed(ex, what, userId);
        }
    }
}
