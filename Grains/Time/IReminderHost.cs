namespace TodoGrains.Grains.Time;

/// <summary>
/// The reminders and timers of one grain activation, as its collaborators (the task reminders, the
/// outbox) use them; <see cref="GrainReminderHost{TGrain}"/> is the Orleans one, tests bring their own.
/// </summary>
internal interface IReminderHost
{
    /// <summary>Registers or moves the durable reminder <paramref name="name"/>.</summary>
    Task RegisterAsync(string name, TimeSpan due, TimeSpan period);

    /// <summary>Removes the durable reminder <paramref name="name"/> if it exists.</summary>
    Task UnregisterAsync(string name);

    /// <summary>The names of the grain's durable reminders.</summary>
    Task<IReadOnlyCollection<string>> NamesAsync();

    /// <summary>A one-shot timer on the activation that delivers <paramref name="name"/> as a reminder tick after <paramref name="due"/>.</summary>
    IDisposable StartTimer(string name, TimeSpan due);
}

/// <summary>The Orleans reminders and grain timers of a remindable grain.</summary>
internal sealed class GrainReminderHost<TGrain>(TGrain grain) : IReminderHost
    where TGrain : Grain, IRemindable
{
    public Task RegisterAsync(string name, TimeSpan due, TimeSpan period) => grain.RegisterOrUpdateReminder(name, due, period);

    public async Task UnregisterAsync(string name)
    {
        if (await grain.GetReminder(name) is { } reminder)
        {
            await grain.UnregisterReminder(reminder);
        }
    }

    public async Task<IReadOnlyCollection<string>> NamesAsync() => [.. (await grain.GetReminders()).Select(r => r.ReminderName)];

    public IDisposable StartTimer(string name, TimeSpan due) => grain.RegisterGrainTimer(
        static (state, ct) => state.Grain.ReceiveReminder(state.Name, default, ct),
        (Grain: grain, Name: name),
        new GrainTimerCreationOptions { DueTime = due, Period = Timeout.InfiniteTimeSpan, KeepAlive = true });
}
