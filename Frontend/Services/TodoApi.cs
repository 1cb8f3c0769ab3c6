using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using TodoGrains.Contracts.Tasks;
using TodoGrains.Frontend.Models;

namespace TodoGrains.Frontend.Services;

/// <summary>A failed call, with the server's own words (problem details) for showing in place.</summary>
public sealed class ApiException(HttpStatusCode status, string message, IReadOnlyDictionary<string, string[]>? errors = null) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;

    /// <summary>The problem's errors by field (due, remind_before...), to show each beside its field.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors ?? new Dictionary<string, string[]>();
}

/// <summary>The JSON API as the browser uses it; every call carries the session's bearer token.</summary>
public sealed class TodoApi(HttpClient http, Session session, ClientConfig config)
{
    private string User => session.UserId ?? throw new InvalidOperationException("Not signed in.");

    public async Task RegisterAsync(string userName, string password, string timeZone) =>
        await SendAsync<object>(HttpMethod.Post, "api/auth/register", new { user_name = userName, password, time_zone = timeZone }, authenticated: false);

    public async Task<LoginDto> LoginAsync(string userName, string password) =>
        (await SendAsync<LoginDto>(HttpMethod.Post, "api/auth/login", new { user_name = userName, password }, authenticated: false))!;

    /// <summary>
    /// Swaps the token for a fresh one once it is past half its life, so an open tab is never dropped to the sign-in
    /// page. A refused swap (the session reached its absolute age) keeps the current token until it expires.
    /// </summary>
    public async Task RefreshIfDueAsync()
    {
        if (!session.NeedsRefresh)
        {
            return;
        }

        _refreshing ??= RefreshAsync();
        try
        {
            await _refreshing;
        }
        finally
        {
            _refreshing = null;
        }
    }

    private Task? _refreshing;

    private async Task RefreshAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Url("api/auth/refresh"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session.Token);
        try
        {
            using var response = await http.SendAsync(request);
            if (response.IsSuccessStatusCode && await response.Content.ReadFromJsonAsync<LoginDto>(ApiJson.Options) is { } fresh)
            {
                await session.ReplaceTokenAsync(fresh.AccessToken, fresh.ExpiresIn);
            }
        }
        catch (HttpRequestException)
        {
            // Offline for now: the next call or tick tries again.
        }
    }

    public async Task<TaskListDto> ListAsync(BoardFilter filter, DateOnly today, int limit = 200) =>
        (await SendAsync<TaskListDto>(HttpMethod.Get, $"api/{User}/tasks?{filter.ApiQuery(today, limit)}"))!;

    public async Task<TaskSnapshot> SetCompletedAsync(int id, bool completed) =>
        (await SendAsync<TaskSnapshot>(HttpMethod.Patch, $"api/{User}/tasks/{id}/complete", new { completed }))!;

    public async Task<TaskSnapshot> UpdateAsync(int id, object patch) =>
        (await SendAsync<TaskSnapshot>(HttpMethod.Patch, $"api/{User}/tasks/{id}", patch))!;

    /// <summary>The quick add's reading of a line, without adding anything.</summary>
    public async Task<TaskReadingDto> ParseAsync(string text) =>
        (await SendAsync<TaskReadingDto>(HttpMethod.Post, $"api/{User}/tasks/parse", new { text }))!;

    public async Task<TaskSnapshot> CreateAsync(System.Text.Json.Nodes.JsonObject task) =>
        (await SendAsync<TaskSnapshot>(HttpMethod.Post, $"api/{User}/tasks", task))!;

    public async Task<TaskSnapshot> RestoreAsync(int id) =>
        (await SendAsync<TaskSnapshot>(HttpMethod.Post, $"api/{User}/tasks/{id}/restore"))!;

    public Task DeleteAsync(int id) => SendAsync<object>(HttpMethod.Delete, $"api/{User}/tasks/{id}");

    public async Task<ChatReplyDto> ChatAsync(string message, string? conversationId) =>
        (await SendAsync<ChatReplyDto>(HttpMethod.Post, $"api/{User}/chat", new { message, conversation_id = conversationId }))!;

    public async Task<IReadOnlyList<ConversationDto>> ConversationsAsync() =>
        (await SendAsync<List<ConversationDto>>(HttpMethod.Get, $"api/{User}/conversations"))!;

    public async Task<IReadOnlyList<ChatMessageDto>> MessagesAsync(string conversationId) =>
        (await SendAsync<List<ChatMessageDto>>(HttpMethod.Get, $"api/{User}/conversations/{Uri.EscapeDataString(conversationId)}/messages"))!;

    public async Task<InboxDto> InboxAsync() => (await SendAsync<InboxDto>(HttpMethod.Get, $"api/{User}/notifications"))!;

    public Task MarkReadAsync(string id) => SendAsync<object>(HttpMethod.Post, $"api/{User}/notifications/{Uri.EscapeDataString(id)}/read");

    public async Task<TokenListDto> TokensAsync() => (await SendAsync<TokenListDto>(HttpMethod.Get, $"api/{User}/tokens"))!;

    public async Task<CreatedTokenDto> CreateTokenAsync(string name, int? expiresInDays) =>
        (await SendAsync<CreatedTokenDto>(HttpMethod.Post, $"api/{User}/tokens", new { name, expires_in_days = expiresInDays }))!;

    public Task RevokeTokenAsync(string id) => SendAsync<object>(HttpMethod.Delete, $"api/{User}/tokens/{Uri.EscapeDataString(id)}");

    public async Task<CalendarFeedDto> CalendarFeedAsync() => (await SendAsync<CalendarFeedDto>(HttpMethod.Get, $"api/{User}/calendar/feed"))!;

    public async Task<CalendarFeedDto> NewCalendarFeedAsync() => (await SendAsync<CalendarFeedDto>(HttpMethod.Post, $"api/{User}/calendar/feed"))!;

    public Task StopCalendarFeedAsync() => SendAsync<object>(HttpMethod.Delete, $"api/{User}/calendar/feed");

    public async Task<AuditPageDto> AuditAsync(int taskId) => (await SendAsync<AuditPageDto>(HttpMethod.Get, $"api/{User}/audit?task_id={taskId}&limit=50"))!;

    private Uri Url(string path) => new(config.ApiBase.TrimEnd('/') + "/" + path, UriKind.RelativeOrAbsolute);

    private async Task<T?> SendAsync<T>(HttpMethod method, string path, object? body = null, bool authenticated = true)
    {
        if (authenticated)
        {
            await RefreshIfDueAsync();
        }

        using var request = new HttpRequestMessage(method, Url(path));
        if (authenticated)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session.Token);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: ApiJson.Options);
        }

        using var response = await http.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.Unauthorized && authenticated)
        {
            await session.SignOutAsync();
            throw new ApiException(response.StatusCode, "Your session has ended; please sign in again.");
        }

        if (!response.IsSuccessStatusCode)
        {
            var problem = response.Content.Headers.ContentLength is > 0 or null
                ? await response.Content.ReadFromJsonAsync<ProblemDto>(ApiJson.Options).ConfigureAwait(false)
                : null;
            var detail = problem?.Errors is { Count: > 0 } errors ? string.Join(" ", errors.SelectMany(e => e.Value)) : problem?.Title;
            throw new ApiException(response.StatusCode, detail ?? $"The server answered {(int)response.StatusCode}.", problem?.Errors);
        }

        return response.StatusCode == HttpStatusCode.NoContent || typeof(T) == typeof(object)
            ? default
            : await response.Content.ReadFromJsonAsync<T>(ApiJson.Options);
    }
}
