using Microsoft.JSInterop;

namespace TodoGrains.Frontend.Services;

/// <summary>Who is signed in in this tab: the bearer token is kept for the browser session only.</summary>
public sealed class Session(IJSRuntime js)
{
    private const string Key = "todo-grains-session";

    public string? Token { get; private set; }

    public string? UserId { get; private set; }

    public string? UserName { get; private set; }

    public bool IsSignedIn => Token is not null;

    public event Action? Changed;

    public async Task RestoreAsync()
    {
        var saved = await js.InvokeAsync<string?>("todoGrains.load", Key);
        if (saved?.Split('\n') is [var token, var userId, var userName])
        {
            (Token, UserId, UserName) = (token, userId, userName);
        }
    }

    public async Task SignInAsync(string token, string userId, string userName)
    {
        (Token, UserId, UserName) = (token, userId, userName);
        await js.InvokeVoidAsync("todoGrains.save", Key, $"{token}\n{userId}\n{userName}");
        Changed?.Invoke();
    }

    public async Task SignOutAsync()
    {
        (Token, UserId, UserName) = (null, null, null);
        await js.InvokeVoidAsync("todoGrains.save", Key, null);
        Changed?.Invoke();
    }
}
