using System.Text.RegularExpressions;
using TodoGrains.GrainInterfaces;
using TodoGrains.GrainInterfaces.Chat;
using TodoGrains.GrainInterfaces.Tasks;
using TodoGrains.Grains.Agent;
using TodoGrains.Grains.Agent.Offline;
using TodoGrains.Grains.Tasks;

namespace TodoGrains.Grains.Chat;

/// <summary>
/// One conversation, keyed by <c>{user id}/{conversation id}</c>: every message, the tools used and their results are
/// kept in grain storage, so the conversation resumes after a restart exactly where it was. A deletion of several
/// tasks waits here for the person's "yes" in the next turn; nothing but that yes performs it.
/// </summary>
internal sealed partial class ChatSessionGrain(
    [PersistentState("chat", TaskListLayout.StorageName)] IPersistentState<ChatSessionState> state,
    TodoAgent agent,
    TimeProvider time) : Grain, IChatSessionGrain
{
    private const int MaxStoredMessages = 400;

    // How many earlier turns "undo" can reach back, one at a time.
    private const int MaxUndoTurns = 20;

    private ChatSessionState S => state.State;

    public async Task<ChatTurn?> SendAsync(string message, bool mustExist)
    {
        if (mustExist && !state.RecordExists)
        {
            return null;
        }

        var text = message?.Trim() ?? "";
        if (text.Length == 0 || text.Length > ChatLimits.MessageMaxLength)
        {
            throw new TaskValidationException("message", $"A message has 1 to {ChatLimits.MessageMaxLength} characters.");
        }

        var key = this.GetPrimaryKeyString();
        var userId = key[..key.IndexOf('/', StringComparison.Ordinal)];
        var conversationId = key[(key.IndexOf('/', StringComparison.Ordinal) + 1)..];
        var tasks = GrainFactory.GetGrain<ITaskListGrain>(userId);
        var profile = await tasks.GetProfileAsync();
        var now = time.GetUtcNow();

        AgentReply reply;
        var answeredHere = true;
        var pending = S.PendingDeletion;
        S.PendingDeletion = null;
        if (Undo().IsMatch(text))
        {
            var last = S.UndoTurns.Count > 0 ? S.UndoTurns[^1] : null;
            if (last is not null)
            {
                S.UndoTurns.RemoveAt(S.UndoTurns.Count - 1);
            }

            reply = last is null
                ? new AgentReply("There's nothing to undo in this conversation.", [], null)
                : await TodoAgent.UndoAsync(tasks, last);
        }
        else if (pending is { Count: > 0 } && (Yes().IsMatch(text) || Lexicon.Default.RomanUrduYes.Contains(Normalizer.ShortAnswer(text))))
        {
            reply = await agent.ConfirmDeletionAsync(tasks, profile, pending);
        }
        else if (pending is { Count: > 0 } && (No().IsMatch(text) || Lexicon.Default.RomanUrduNo.Contains(Normalizer.ShortAnswer(text))))
        {
            reply = new AgentReply($"OK, I kept all {pending.Count} tasks.", [], null);
        }
        else
        {
            reply = await agent.RunAsync(tasks, profile, S.Messages, text, CancellationToken.None);
            answeredHere = false;
        }

        // The agent answers in the person's language itself; what the session says (undo, yes, no) is put in Roman Urdu here.
        if (answeredHere && Normalizer.RepliesInRomanUrdu(text, Lexicon.Default))
        {
            reply = reply with { Text = Normalizer.ToRomanUrdu(reply.Text, Lexicon.Default) };
        }

        S.PendingDeletion = reply.PendingDeletion?.ToList();
        if (reply.Changes.Count > 0)
        {
            S.UndoTurns.Add([.. reply.Changes]);
            if (S.UndoTurns.Count > MaxUndoTurns)
            {
                S.UndoTurns.RemoveAt(0);
            }
        }

        S.Messages.Add(new ChatEntry(ChatRole.User, text, now, []));
        S.Messages.Add(new ChatEntry(ChatRole.Assistant, reply.Text, time.GetUtcNow(), reply.ToolCalls));
        if (S.Messages.Count > MaxStoredMessages)
        {
            S.Messages.RemoveRange(0, S.Messages.Count - MaxStoredMessages);
        }

        if (S.Title is null)
        {
            S.Title = text.Length <= 60 ? text : text[..57] + "...";
            S.CreatedAt = now;
        }

        await state.WriteStateAsync();
        await GrainFactory.GetGrain<IConversationListGrain>(userId)
            .TouchAsync(new ConversationSummary(conversationId, S.Title, S.CreatedAt, time.GetUtcNow(), S.Messages.Count));
        return new ChatTurn(conversationId, reply.Text, reply.ToolCalls);
    }

    public Task<IReadOnlyList<ChatEntry>?> GetMessagesAsync() =>
        Task.FromResult<IReadOnlyList<ChatEntry>?>(state.RecordExists ? S.Messages.ToList() : null);

    [GeneratedRegex(@"^\s*(?:please\s+)?(?:undo(?:\s+(?:that|it|this|the\s+last\s+(?:change|one|thing)|my\s+last\s+(?:change|message)))?|revert(?:\s+(?:that|it|the\s+last\s+change))?|take\s+(?:that|it)\s+back|(?:wapas|wapis)\s+(?:karo|kar\s+do))[\s.!]*$", RegexOptions.IgnoreCase)]
    private static partial Regex Undo();

    [GeneratedRegex(@"^\s*(?:yes|y|yeah|yep|yup|sure|ok|okay|confirm(?:ed)?|do it|go ahead|delete (?:them|it|all)|please do)\b[\s.!]*$", RegexOptions.IgnoreCase)]
    private static partial Regex Yes();

    [GeneratedRegex(@"^\s*(?:no|n|nope|cancel|stop|don'?t|do not|keep (?:them|it)|never ?mind)\b", RegexOptions.IgnoreCase)]
    private static partial Regex No();
}

[GenerateSerializer, Alias("TodoGrains.ChatSessionState")]
public sealed class ChatSessionState
{
    [Id(0)] public List<ChatEntry> Messages { get; set; } = [];

    [Id(1)] public string? Title { get; set; }

    [Id(2)] public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Task ids that a "yes" in the next turn will delete.</summary>
    [Id(3)] public List<int>? PendingDeletion { get; set; }

    /// <summary>The changes of the turns that changed something, oldest first: "undo" reverts the newest.</summary>
    [Id(4)] public List<List<TaskChange>> UndoTurns { get; set; } = [];
}

/// <summary>A person's conversations, most recently active first.</summary>
internal sealed class ConversationListGrain(
    [PersistentState("conversations", TaskListLayout.StorageName)] IPersistentState<ConversationListState> state) : Grain, IConversationListGrain
{
    private const int MaxConversations = 500;

    public async Task TouchAsync(ConversationSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        state.State.Conversations[summary.Id] = summary;
        if (state.State.Conversations.Count > MaxConversations)
        {
            var oldest = state.State.Conversations.Values.OrderBy(c => c.UpdatedAt).First();
            state.State.Conversations.Remove(oldest.Id);
        }

        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<ConversationSummary>> ListAsync() =>
        Task.FromResult<IReadOnlyList<ConversationSummary>>(state.State.Conversations.Values.OrderByDescending(c => c.UpdatedAt).ToList());
}

[GenerateSerializer, Alias("TodoGrains.ConversationListState")]
public sealed class ConversationListState
{
    [Id(0)] public Dictionary<string, ConversationSummary> Conversations { get; set; } = [];
}
