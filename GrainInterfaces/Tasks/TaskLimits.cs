namespace TodoGrains.GrainInterfaces.Tasks;

/// <summary>The bounds every task obeys, whoever writes it (API, agent or a recurring spawn).</summary>
public static class TaskLimits
{
    public const int TitleMaxLength = 200;
    public const int DescriptionMaxLength = 1000;
    public const int MaxTags = 10;
    public const int TagMaxLength = 32;
    public const int KeywordMaxLength = 200;
    public const int MaxRecurrenceLength = 500;

    /// <summary>No reminder is set further ahead of its due than this.</summary>
    public static readonly TimeSpan MaxReminderOffset = TimeSpan.FromDays(366);

    /// <summary>No reschedule shifts by more than this, either way.</summary>
    public static readonly TimeSpan MaxShift = TimeSpan.FromDays(3660);
}
