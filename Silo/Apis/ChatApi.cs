using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using TodoGrains.GrainInterfaces.Chat;
using TodoGrains.Grains.Time;

namespace TodoGrains.Silo.Apis;

public sealed record ChatRequest(string? Message, string? ConversationId = null);

/// <summary>A tool the agent used: its name, arguments and result (the tool's JSON).</summary>
public sealed record ToolCallView(string Name, IReadOnlyDictionary<string, string?> Arguments, JsonElement Result)
{
    public static ToolCallView From(ToolCallRecord call)
    {
        ArgumentNullException.ThrowIfNull(call);
        JsonElement result;
        try
        {
            result = JsonDocument.Parse(call.Result).RootElement.Clone();
        }
        catch (JsonException)
        {
            result = JsonSerializer.SerializeToElement(call.Result);
        }

        return new ToolCallView(call.Name, call.Arguments, result);
    }
}

public sealed record ChatResponse(string ConversationId, string Response, IReadOnlyList<ToolCallView> ToolCalls);

public sealed record ChatMessageView(ChatRole Role, string Text, DateTimeOffset At, IReadOnlyList<ToolCallView> ToolCalls);

public static partial class ChatApi
{
    public static IEndpointRouteBuilder MapChatApi(this IEndpointRouteBuilder app)
    {
        var chat = app.MapUserGroup("Chat");
        chat.MapPost("/chat", SendAsync).WithSummary("Talk to your todo list: the agent answers and says what it did");
        chat.MapGet("/conversations", ListAsync).WithSummary("Your conversations, most recent first");
        chat.MapGet("/conversations/{id}/messages", MessagesAsync).WithSummary("Every message of one conversation, with the tools used");
        return app;
    }

    private static async Task<Results<Ok<ChatResponse>, NotFound, ValidationProblem>> SendAsync(
        string user_id, ChatRequest body, IGrainFactory grains, IIdGenerator ids)
    {
        var errors = new Dictionary<string, string[]>();
        var message = body.Message?.Trim();
        if (string.IsNullOrEmpty(message) || message.Length > ChatLimits.MessageMaxLength)
        {
            errors["message"] = [$"A message has 1 to {ChatLimits.MessageMaxLength} characters."];
        }

        if (body.ConversationId is { } given && !ConversationId().IsMatch(given))
        {
            errors["conversation_id"] = ["Not a conversation id."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var conversationId = body.ConversationId ?? ids.NewId("c");
        var turn = await grains.GetGrain<IChatSessionGrain>(IChatSessionGrain.KeyOf(user_id, conversationId))
            .SendAsync(message!, mustExist: body.ConversationId is not null);
        return turn is null
            ? TypedResults.NotFound()
            : TypedResults.Ok(new ChatResponse(turn.ConversationId, turn.Response, turn.ToolCalls.Select(ToolCallView.From).ToList()));
    }

    private static async Task<Ok<IReadOnlyList<ConversationSummary>>> ListAsync(string user_id, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IConversationListGrain>(user_id).ListAsync());

    private static async Task<Results<Ok<IReadOnlyList<ChatMessageView>>, NotFound>> MessagesAsync(string user_id, string id, IGrainFactory grains)
    {
        if (!ConversationId().IsMatch(id))
        {
            return TypedResults.NotFound();
        }

        var messages = await grains.GetGrain<IChatSessionGrain>(IChatSessionGrain.KeyOf(user_id, id)).GetMessagesAsync();
        return messages is null
            ? TypedResults.NotFound()
            : TypedResults.Ok<IReadOnlyList<ChatMessageView>>(messages.Select(m => new ChatMessageView(m.Role, m.Text, m.At, m.ToolCalls.Select(ToolCallView.From).ToList())).ToList());
    }

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex ConversationId();
}
