using System.Globalization;
using Microsoft.Extensions.AI;
using TodoGrains.GrainInterfaces.Tasks;
using TodoGrains.Grains.Time;

namespace TodoGrains.Grains.Agent.Offline;

/// <summary>
/// The agent's brain when no language model is configured: an <see cref="IChatClient"/> that reads everyday
/// English todo phrasing and answers with tool calls, through the same Semantic Kernel function-invocation pipeline
/// a real model uses. It re-reads the user's message on every step and looks at the tool results so far to decide
/// the next call or the final answer. What it does not understand gets an honest reply with examples, never a
/// guess that changes something.
/// </summary>
public sealed class OfflineInterpreter(UserProfile profile, TimeProvider time) : IChatClient
{
    public const string ToolPrefix = "todo_";

    public const string Examples =
        "For example: \"add pay rent on the 1st of every month at 9am, high priority\", \"what's due this week\", " +
        "\"complete the groceries one\", \"move the dentist to friday 5pm\", \"push everything due today to tomorrow\".";

    private int _calls;

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var history = messages.ToList();
        var lastUser = history.FindLastIndex(m => m.Role == ChatRole.User);
        var text = lastUser >= 0 ? history[lastUser].Text : "";
        var results = history.Skip(lastUser + 1).SelectMany(m => m.Contents).OfType<FunctionResultContent>()
            .Select(r => ToolResult.Read(r.Result?.ToString()))
            .ToList();
        var plans = IntentReader.Requests(text, ZoneClock.For(profile, time).LocalNow);
        var response = Run(plans, results);
        // Whoever wrote in Roman Urdu is answered in it.
        return Task.FromResult(response.FinishReason == ChatFinishReason.Stop && Normalizer.IsRomanUrdu(text, Lexicon.Default)
            ? Say(Normalizer.ToRomanUrdu(response.Text, Lexicon.Default))
            : response);
    }

    /// <summary>
    /// Several requests in one message ("add milk and show my list"), one after the other: each request's calls
    /// are answered in turn, its reply kept, and the next begins. A request that ends without acting (a question
    /// back, an error, nothing found) ends the turn there, so nothing after it acts on a misunderstanding.
    /// </summary>
    private ChatResponse Run(IReadOnlyList<Plan> plans, List<ToolResult> results)
    {
        var replies = new List<string>();
        var offset = 0;
        foreach (var plan in plans)
        {
            ChatResponse step;
            var taken = 0;
            while (true)
            {
                step = Step(plan, results.GetRange(offset, taken));
                if (step.FinishReason != ChatFinishReason.ToolCalls || offset + taken >= results.Count)
                {
                    break;
                }

                taken++;
            }

            if (step.FinishReason == ChatFinishReason.ToolCalls)
            {
                return step;
            }

            replies.Add(step.Text);
            offset += taken;
            if (plans.Count > 1 && !Acted(plan, results.GetRange(offset - taken, taken)))
            {
                break;
            }
        }

        return Say(string.Join("\n", replies));
    }

    // Whether a request's calls did what it asked: a call was made beyond resolving a reference, and it did not fail.
    private static bool Acted(Plan plan, List<ToolResult> results) =>
        results.Count > (plan.Reference is null ? 0 : 1) && !results[^1].StopsTheRequest;

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The offline interpreter does not stream.");

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("todo-offline-interpreter", null, "offline") : null;

    public void Dispose()
    {
    }

    private ChatResponse Step(Plan plan, List<ToolResult> results)
    {
        if (plan.Reply is { } reply)
        {
            return Say(reply);
        }

        if (plan.Reference is null && plan.KeepDayAt is { } at && plan.Args.TryGetValue("task_id", out var id))
        {
            // Its day first, then the new time on it.
            return results.Count switch
            {
                0 => Call("get_task", new Dictionary<string, object?> { ["task_id"] = id }),
                1 when results[0].Task is { } task => Call(plan.Tool!, OnItsDay(plan, task.Due, at)),
                _ => Say(Compose(plan, results[^1])),
            };
        }

        if (plan.Reference is null)
        {
            if (results.Count == 1 && plan.AlsoOverdue)
            {
                return Call("list_tasks", new Dictionary<string, object?> { ["overdue"] = true });
            }

            return results.Count == 0 ? Call(plan.Tool!, plan.Args)
                : plan.AlsoOverdue ? Say(Compose(plan, results[0]) + Overdue(results[1]))
                : Say(Compose(plan, results[^1]));
        }

        if (results.Count == 0)
        {
            var find = new Dictionary<string, object?> { ["reference"] = plan.Reference };
            if (plan.IncludeCompleted)
            {
                find["include_completed"] = true;
            }

            return Call("find_tasks_by_reference", find);
        }

        if (results.Count > 1)
        {
            return Say(Compose(plan, results[^1]));
        }

        var matches = results[0].Matches?.ToList() ?? [];
        if (matches.Count == 0)
        {
            return Say($"I couldn't find a task matching \"{plan.Reference}\". Say \"list my tasks\" to see them, or use its number (\"task 3\").");
        }

        if (matches.Count > 1 && !plan.Many)
        {
            var options = string.Join("\n", matches.Select(x => $"- #{x.TaskId} {x.Title}" + (x.Due is { } due ? $" (due {due})" : "")));
            return Say($"Several tasks match \"{plan.Reference}\". Which one do you mean?\n{options}\nReply with its number, e.g. \"{plan.Verb} task {matches[0].TaskId}\".");
        }

        if (plan.OnDay is { } day)
        {
            // "this morning's meetings": the matches due that day only.
            var onDay = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            matches = matches.Where(x => x.Due?.StartsWith(onDay, StringComparison.Ordinal) == true).ToList();
            if (matches.Count == 0)
            {
                return Say($"Nothing matching \"{plan.Reference}\" is due {day.ToString("ddd d MMM", CultureInfo.InvariantCulture)}, so nothing was moved.");
            }
        }

        var ids = matches.Select(x => x.TaskId).ToArray();
        var args = plan.KeepDayAt is { } time && ids.Length == 1 ? OnItsDay(plan, matches[0].Due, time) : new Dictionary<string, object?>(plan.Args);
        if (plan.Tool == "reschedule_tasks")
        {
            args["task_ids"] = ids;
        }
        else if (plan.Many && ids.Length > 1)
        {
            args["task_ids"] = ids;
        }
        else
        {
            args["task_id"] = ids[0];
        }

        return Call(plan.Tool!, args);
    }

    // The plan's arguments with the due moved to that time on the task's own day (or as planned when it has none).
    private static Dictionary<string, object?> OnItsDay(Plan plan, string? due, TimeOnly at)
    {
        var args = new Dictionary<string, object?>(plan.Args);
        if (due is { Length: >= 10 } text &&
            DateOnly.TryParseExact(text[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            args["due"] = new When(day, at).Format();
        }

        return args;
    }

    private static string Compose(Plan plan, ToolResult result)
    {
        var summary = result.Summary ?? "";
        if (result.Status == "error")
        {
            return $"I couldn't {plan.Verb} that: {summary} Nothing was changed.";
        }

        if (result.Total is { } count)
        {
            return count == 0 ? "No tasks match." : $"{(count == 1 ? "1 task" : $"{count} tasks")}{plan.ListingHeading}:\n{summary}";
        }

        return summary.EndsWith('.') || summary.EndsWith('?') ? summary : summary + ".";
    }

    // What a listing of the days ahead leaves out: the tasks already late.
    private static string Overdue(ToolResult result)
    {
        var count = result.Total ?? 0;
        var summary = result.Summary ?? "";
        return count == 0 ? "\nNothing is overdue." : $"\nAlso overdue, {(count == 1 ? "1 task" : $"{count} tasks")}:\n{summary}";
    }

    private ChatResponse Call(string tool, Dictionary<string, object?> args) =>
        new(new ChatMessage(ChatRole.Assistant, new List<AIContent> { new FunctionCallContent($"call_{++_calls}", ToolPrefix + tool, args) }))
        {
            FinishReason = ChatFinishReason.ToolCalls,
        };

    private static ChatResponse Say(string text) => new(new ChatMessage(ChatRole.Assistant, text)) { FinishReason = ChatFinishReason.Stop };
}
