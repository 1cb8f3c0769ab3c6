using System.Text.Json;
using Microsoft.JSInterop;

namespace TodoGrains.Frontend.Services;

/// <summary>
/// Who is signed in in this browser: one sign-in shared by every tab (local storage), so a second tab needs none and a
/// sign-out in one tab signs out all of them. The token is swapped for a fresh one before it expires
/// (<see cref="TodoApi.RefreshIfDueAsync"/>); docs/browser.md says why local rather than session storage.
/// </summary>
public sealed class Session(IJSRuntime js, TimeProvider time) : IDisposable
{
    private const string Key = "todo-grains-session";
    private DotNetObjectReference<Session>? _self;

    public string? Token { get; private set; }

    public string? UserId { get; private set; }

    public string? UserName { get; private set; }

    /// <summary>When the token stops being accepted, and how long it was issued for.</summary>
    public DateTimeOffset ExpiresAt { get; private set; }

    public TimeSpan Lifetime { get; private set; }

    public bool IsSignedIn => Token is not null;

    /// <summary>Past half its life the token is swapped, on the next call or the board's minute tick.</summary>
    public bool NeedsRefresh => IsSignedIn && ExpiresAt - time.GetUtcNow() < Lifetime / 2;

    public event Action? Changed;

    public async Task RestoreAsync()
    {
        Load(await js.InvokeAsync<string?>("todoGrains.load", Key));
        _self ??= DotNetObjectReference.Create(this);
        await js.InvokeVoidAsync("todoGrains.watch", Key, _self);
    }

    public Task SignInAsync(string token, string userId, string userName, int expiresInSeconds = 0) =>
        SaveAsync(new Saved(token, userId, userName, time.GetUtcNow().AddSeconds(expiresInSeconds), expiresInSeconds));

    /// <summary>A refreshed token for the same person; the other tabs pick it up from storage.</summary>
    public Task ReplaceTokenAsync(string token, int expiresInSeconds) =>
        UserId is null || UserName is null ? Task.CompletedTask : SignInAsync(token, UserId, UserName, expiresInSeconds);

    public Task SignOutAsync() => SaveAsync(null);

    /// <summary>Another tab signed in, refreshed or signed out.</summary>
    [JSInvokable]
    public void OnSavedElsewhere(string? value)
    {
        var wasSignedIn = UserId;
        Load(value);
        if (wasSignedIn != UserId)
        {
            Changed?.Invoke();
        }
    }

    private async Task SaveAsync(Saved? saved)
    {
        var before = UserId;
        Apply(saved);
        await js.InvokeVoidAsync("todoGrains.save", Key, saved is null ? null : JsonSerializer.Serialize(saved));
        if (before != UserId || saved is not null)
        {
            Changed?.Invoke();
        }
    }

    private void Load(string? value)
    {
        Saved? saved = null;
        try
        {
            saved = value is null ? null : JsonSerializer.Deserialize<Saved>(value);
        }
        catch (JsonException)
        {
            // Something else under our key (an older format): signed out, as if nothing were there.
        }

        Apply(saved is { Token.Length: > 0, UserId.Length: > 0 } && saved.ExpiresAt > time.GetUtcNow() ? saved : null);
    }

    private void Apply(Saved? saved)
    {
        (Token, UserId, UserName) = (saved?.Token, saved?.UserId, saved?.UserName);
        (ExpiresAt, Lifetime) = (saved?.ExpiresAt ?? default, TimeSpan.FromSeconds(saved?.LifetimeSeconds ?? 0));
    }

    public void Dispose() => _self?.Dispose();

    private sealed record Saved(string Token, string UserId, string UserName, DateTimeOffset ExpiresAt, int LifetimeSeconds);
}
