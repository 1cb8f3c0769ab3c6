namespace TodoGrains.Frontend.Services;

/// <summary>What the undo toast offers: one message and the way back.</summary>
public sealed record UndoOffer(long Number, string Message, Func<Task> Undo);

/// <summary>
/// The safety net after a change made from the board or the chat: the newest change is offered for undo on a toast
/// for <see cref="Shown"/>, Todoist-style; a newer change replaces the offer. Time comes from the app's TimeProvider.
/// </summary>
public sealed class UndoOffers(TimeProvider time) : IDisposable
{
    public static readonly TimeSpan Shown = TimeSpan.FromSeconds(8);

    private ITimer? _expiry;
    private long _numbers;

    public UndoOffer? Current { get; private set; }

    public event Action? Changed;

    public void Offer(string message, Func<Task> undo)
    {
        var offer = new UndoOffer(++_numbers, message, undo);
        Current = offer;
        _expiry?.Dispose();
        _expiry = time.CreateTimer(_ => Dismiss(offer), null, Shown, Timeout.InfiniteTimeSpan);
        Changed?.Invoke();
    }

    /// <summary>Takes the offer away (shown too long, used, or closed); a newer offer stays.</summary>
    public void Dismiss(UndoOffer offer)
    {
        if (Current == offer)
        {
            Current = null;
            Changed?.Invoke();
        }
    }

    public void Dispose() => _expiry?.Dispose();
}
