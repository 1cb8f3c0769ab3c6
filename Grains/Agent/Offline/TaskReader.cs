using TodoGrains.GrainInterfaces.Tasks;
using TodoGrains.Grains.Time;

namespace TodoGrains.Grains.Agent.Offline;

/// <summary>What a task's text says: the add-task fields, the words each came from, or why it cannot be added.</summary>
public sealed record TaskReading(IReadOnlyDictionary<string, object?> Fields, IReadOnlyList<TextSpan> Spans, string? Problem);

/// <summary>
/// The board's quick add: "pay rent every 1st at 9am !high #home" read by the same parser as the chat's "add …",
/// in the person's zone and clock, so the browser never parses dates itself.
/// </summary>
public static class TaskReader
{
    public const int MaxLength = 500;

    public static TaskReading Read(string text, UserProfile profile, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(text);
        var plan = IntentReader.ReadTask(text, ZoneClock.For(profile, time).LocalNow);
        return plan.Tool is null
            ? new TaskReading(new Dictionary<string, object?>(), [], plan.Reply)
            : new TaskReading(plan.Args, Joined(text, plan.Spans), null);
    }

    /// <summary>In text order, neighbours of one kind joined ("tomorrow" and "at 5pm" are one due: "tomorrow at 5pm"); each tag stays its own.</summary>
    private static List<TextSpan> Joined(string text, IEnumerable<TextSpan> spans)
    {
        var joined = new List<TextSpan>();
        foreach (var span in spans.OrderBy(s => s.Start))
        {
            if (joined.Count > 0 && joined[^1] is var last && last.Kind == span.Kind && span.Kind != "tag" && last.Start + last.Length <= span.Start &&
                string.IsNullOrWhiteSpace(text[(last.Start + last.Length)..span.Start]))
            {
                joined[^1] = last with { Length = span.Start + span.Length - last.Start };
            }
            else
            {
                joined.Add(span);
            }
        }

        return joined;
    }
}
