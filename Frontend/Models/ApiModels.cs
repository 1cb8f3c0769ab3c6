using System.Text.Json;
using System.Text.Json.Nodes;
using TodoGrains.Contracts;
using TodoGrains.Contracts.Tasks;

namespace TodoGrains.Frontend.Models;

// The browser's own view of the JSON API (its contract is the OpenAPI document), in snake_case. A task is the public
// TaskSnapshot and a live update the hub's TaskUpdate, from Contracts: the same shape the API, the hub and events write.

public sealed record ClientConfig(string ApiBase, string HubUrl);

public sealed record TaskListDto(IReadOnlyList<TaskSnapshot> Items, int Total);

public sealed record LoginDto(string AccessToken, string TokenType, int ExpiresIn, string UserId);

public sealed record ProfileDto(string UserId, string TimeZone, string DefaultReminderTime);

public sealed record ToolCallDto(string Name, IReadOnlyDictionary<string, string?> Arguments, JsonElement Result);

public sealed record ChatReplyDto(string ConversationId, string Response, IReadOnlyList<ToolCallDto> ToolCalls);

public sealed record ConversationDto(string Id, string Title, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int MessageCount);

public sealed record ChatMessageDto(string Role, string Text, DateTimeOffset At, IReadOnlyList<ToolCallDto> ToolCalls);

public sealed record NotificationDto(string Id, string UserId, string Kind, int? TaskId, string Title, string Message, DateTimeOffset? RemindAt, DateTimeOffset CreatedAt, bool Read);

public sealed record InboxDto(IReadOnlyList<NotificationDto> Items, int Unread);

public sealed record AuditEntryDto(Guid EventId, long Sequence, string Type, int TaskId, string Title, string Status, DateTimeOffset OccurredAt, AuditFieldsDto? Fields = null);

/// <summary>A task's fields as one change left them (absent in entries older than this field).</summary>
public sealed record AuditFieldsDto(string Title, string? Description, string Priority, IReadOnlyList<string> Tags, string? Due, string? Recurrence, DateTimeOffset? RemindAt);

public sealed record AuditPageDto(IReadOnlyList<AuditEntryDto> Items, long? NextBefore);

/// <summary>A part of a typed task line and what it was read as (due, recurrence, priority, tag, reminder, title).</summary>
public sealed record TextSpanDto(int Start, int Length, string Kind);

/// <summary>What the server read in a task line: the body to POST to /tasks, and where each part came from.</summary>
public sealed record TaskReadingDto(JsonObject Task, IReadOnlyList<TextSpanDto> Spans);

public sealed record ProblemDto(string? Title, int? Status, Dictionary<string, string[]>? Errors);

/// <summary>The board's views: what is due today (overdue first), the next two weeks by day, every open task, what is done.</summary>
public static class BoardViews
{
    public const string Today = "today";
    public const string Upcoming = "upcoming";
    public const string All = "all";
    public const string Completed = "completed";

    public const int UpcomingDays = 14;

    public static IReadOnlyList<string> InOrder { get; } = [Today, Upcoming, All, Completed];

    /// <summary>A view named in the URL; the old <c>status=</c> links still land where they meant.</summary>
    public static string Parse(string? view, string? status) =>
        view is Today or Upcoming or All or Completed ? view : status == "completed" ? Completed : All;

    public static string Label(string view) => view switch { Today => "Today", Upcoming => "Upcoming", Completed => "Completed", _ => "All open" };
}

/// <summary>The board's view and filters, as they stand in the URL.</summary>
public sealed record BoardFilter(string View = BoardViews.All, string? Priority = null, string? Tag = null, string? Query = null, string Sort = "due")
{
    public bool Narrowed => !string.IsNullOrEmpty(Priority) || !string.IsNullOrEmpty(Tag) || !string.IsNullOrEmpty(Query);

    public string ToQueryString()
    {
        var parts = new List<string> { $"view={Uri.EscapeDataString(View)}", $"sort={Uri.EscapeDataString(Sort)}" };
        if (!string.IsNullOrEmpty(Priority))
        {
            parts.Add($"priority={Uri.EscapeDataString(Priority)}");
        }

        if (!string.IsNullOrEmpty(Tag))
        {
            parts.Add($"tag={Uri.EscapeDataString(Tag)}");
        }

        if (!string.IsNullOrEmpty(Query))
        {
            parts.Add($"q={Uri.EscapeDataString(Query)}");
        }

        return string.Join("&", parts);
    }

    /// <summary>The task API's query for this view on the given day (the person's today), at most <paramref name="limit"/> tasks.</summary>
    public string ApiQuery(DateOnly today, int limit = 200)
    {
        var day = (DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var range = View switch
        {
            BoardViews.Today => $"status=pending&due_to={day(today)}",
            BoardViews.Upcoming => $"status=pending&due_from={day(today)}&due_to={day(today.AddDays(BoardViews.UpcomingDays - 1))}",
            BoardViews.Completed => "status=completed",
            _ => "status=pending",
        };
        return $"{range}&sort={Uri.EscapeDataString(Sort)}&limit={limit}" +
               (string.IsNullOrEmpty(Priority) ? "" : $"&priority={Uri.EscapeDataString(Priority)}") +
               (string.IsNullOrEmpty(Tag) ? "" : $"&tag={Uri.EscapeDataString(Tag)}") +
               (string.IsNullOrEmpty(Query) ? "" : $"&q={Uri.EscapeDataString(Query)}");
    }
}

public static class ApiJson
{
    public static JsonSerializerOptions Options => TodoJson.Compact;
}

/// <summary>A personal access token as listed (never its text).</summary>
public sealed record TokenDto(string Id, string Name, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt);

public sealed record TokenListDto(IReadOnlyList<TokenDto> Items);

/// <summary>A new token: its text, shown this once.</summary>
public sealed record CreatedTokenDto(string Id, string Name, string Token, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt);

/// <summary>Whether the secret calendar URL is on; the URL itself only when it was just made.</summary>
public sealed record CalendarFeedDto(bool Enabled, string? Url = null);
