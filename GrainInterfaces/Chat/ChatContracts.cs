namespace TodoGrains.GrainInterfaces.Chat;

/// <summary>One tool the agent invoked during a turn: its name, its arguments and its (JSON) result.</summary>
[GenerateSerializer, Immutable, Alias("TodoGrains.ToolCallRecord")]
public sealed record ToolCallRecord(
    [property: Id(0)] string Name,
    [property: Id(1)] IReadOnlyDictionary<string, string?> Arguments,
    [property: Id(2)] string Result);

/// <summary>Who said a message.</summary>
public enum ChatRole
{
    User = 0,
    Assistant = 1,
}

/// <summary>One message of a conversation, with the tools the assistant used to answer it.</summary>
[GenerateSerializer, Immutable, Alias("TodoGrains.ChatEntry")]
public sealed record ChatEntry(
    [property: Id(0)] ChatRole Role,
    [property: Id(1)] string Text,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] IReadOnlyList<ToolCallRecord> ToolCalls);

/// <summary>The answer to one chat turn.</summary>
[GenerateSerializer, Immutable, Alias("TodoGrains.ChatTurn")]
public sealed record ChatTurn(
    [property: Id(0)] string ConversationId,
    [property: Id(1)] string Response,
    [property: Id(2)] IReadOnlyList<ToolCallRecord> ToolCalls);

/// <summary>A conversation in a person's list of conversations.</summary>
[GenerateSerializer, Immutable, Alias("TodoGrains.ConversationSummary")]
public sealed record ConversationSummary(
    [property: Id(0)] string Id,
    [property: Id(1)] string Title,
    [property: Id(2)] DateTimeOffset CreatedAt,
    [property: Id(3)] DateTimeOffset UpdatedAt,
    [property: Id(4)] int MessageCount);

/// <summary>The chat limits every caller obeys.</summary>
public static class ChatLimits
{
    public const int MessageMaxLength = 2000;
    public const int ConversationIdMaxLength = 64;
}

/// <summary>
/// One conversation of one person, keyed by <c>{user id}/{conversation id}</c> (see <see cref="KeyOf"/>), so a
/// conversation id of another person names a different, empty conversation: it is simply not found.
/// </summary>
[Alias("TodoGrains.IChatSessionGrain")]
public interface IChatSessionGrain : IGrainWithStringKey
{
    public static string KeyOf(string userId, string conversationId) => $"{userId}/{conversationId}";

    /// <summary>Answers one message; null when <paramref name="mustExist"/> and the conversation has not started.</summary>
    [Alias("SendAsync")]
    Task<ChatTurn?> SendAsync(string message, bool mustExist);

    /// <summary>The whole conversation, or null when it has not started.</summary>
    [Alias("GetMessagesAsync")]
    Task<IReadOnlyList<ChatEntry>?> GetMessagesAsync();
}

/// <summary>A person's conversations, keyed by user id.</summary>
[Alias("TodoGrains.IConversationListGrain")]
public interface IConversationListGrain : IGrainWithStringKey
{
    /// <summary>Records that a conversation started or moved on.</summary>
    [Alias("TouchAsync")]
    Task TouchAsync(ConversationSummary summary);

    /// <summary>The conversations, most recently active first.</summary>
    [Alias("ListAsync")]
    Task<IReadOnlyList<ConversationSummary>> ListAsync();
}
