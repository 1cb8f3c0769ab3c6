using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace TodoGrains.Grains.Agent.Offline;

/// <summary>
/// The words and phrasings the offline interpreter has learnt, read once from <c>lexicon.json</c> (embedded beside
/// this file): a new phrasing is a line of data, not a change of code.
/// </summary>
internal sealed class Lexicon
{
    public static Lexicon Default { get; } = Load();

    public required IReadOnlyDictionary<string, string> Typos { get; init; }

    /// <summary>The commands a message starts with; a slip in the first word is corrected towards these.</summary>
    public required IReadOnlyList<string> Verbs { get; init; }

    /// <summary>Other words the rules look for (times, days, priorities), corrected anywhere outside quotes.</summary>
    public required IReadOnlyList<string> Words { get; init; }

    /// <summary>Real words that look like slips of a lexicon word and must stay as typed ("mourning").</summary>
    public required IReadOnlySet<string> Keep { get; init; }

    public required IReadOnlyList<string> LeadingFiller { get; init; }

    public required IReadOnlyList<string> AddIntents { get; init; }

    /// <summary>Commands a way of saying "add" may lead into ("I need to add milk"); before any other verb it means a task.</summary>
    public required IReadOnlySet<string> AddThrough { get; init; }

    /// <summary>Commands that change or remove what exists: a slip is corrected into one only when it is a swap of two letters or one letter more or less.</summary>
    public required IReadOnlySet<string> Careful { get; init; }

    public required IReadOnlyList<Rewrite> Rewrites { get; init; }

    /// <summary>Words that mark a message as Roman Urdu, and the replacements that read it as English.</summary>
    public required IReadOnlySet<string> RomanUrduMarkers { get; init; }

    public required IReadOnlyList<Rewrite> RomanUrdu { get; init; }

    /// <summary>The replies' English phrases and their Roman Urdu, for a person who wrote in Roman Urdu (applied in order; <c>^</c> is a line's start).</summary>
    public required IReadOnlyList<Rewrite> RomanUrduReplies { get; init; }

    /// <summary>Roman Urdu answers to "delete these?" that mean yes ("haan", "ji", "kar do").</summary>
    public required IReadOnlySet<string> RomanUrduYes { get; init; }

    /// <summary>Roman Urdu answers that mean no ("nahi", "rehne do").</summary>
    public required IReadOnlySet<string> RomanUrduNo { get; init; }

    /// <summary>Short messages that are Roman Urdu by themselves: the yes and no answers, and "wapas karo" (undo).</summary>
    public IReadOnlySet<string> RomanUrduAnswers => _answers ??= [.. RomanUrduYes, .. RomanUrduNo, .. RomanUrduUndo];

    /// <summary>Roman Urdu for "undo".</summary>
    public required IReadOnlySet<string> RomanUrduUndo { get; init; }

    private HashSet<string>? _answers;

    /// <summary>What comes before the topic of a search ("look for anything related to insurance").</summary>
    public required IReadOnlyList<string> SearchFiller { get; init; }

    /// <summary>Every word the lexicon knows as it is: never "corrected" into another one.</summary>
    public IReadOnlySet<string> Known => _known ??= Verbs.Concat(Words).Concat(Keep).ToHashSet(StringComparer.OrdinalIgnoreCase);

    private HashSet<string>? _known;

    private static Lexicon Load()
    {
        using var stream = typeof(Lexicon).Assembly.GetManifestResourceStream("TodoGrains.Grains.Agent.Offline.lexicon.json")
            ?? throw new InvalidOperationException("lexicon.json is not embedded in the Grains assembly");
        var file = JsonSerializer.Deserialize<File>(stream) ?? throw new InvalidOperationException("lexicon.json is empty");
        return new Lexicon
        {
            Typos = file.Typos.ToDictionary(StringComparer.OrdinalIgnoreCase),
            Verbs = file.Verbs,
            Words = file.Words,
            Keep = file.Keep.ToHashSet(StringComparer.OrdinalIgnoreCase),
            // Longest first, so "can you please" goes before "can you".
            LeadingFiller = [.. file.LeadingFiller.OrderByDescending(f => f.Length)],
            AddIntents = [.. file.AddIntents.OrderByDescending(f => f.Length)],
            SearchFiller = [.. file.SearchFiller.OrderByDescending(f => f.Length)],
            AddThrough = file.AddThrough.ToHashSet(StringComparer.OrdinalIgnoreCase),
            Careful = file.Careful.ToHashSet(StringComparer.OrdinalIgnoreCase),
            RomanUrduMarkers = file.RomanUrdu.Markers.ToHashSet(StringComparer.OrdinalIgnoreCase),
            RomanUrdu = [.. file.RomanUrdu.Replacements.Select(Compile)],
            RomanUrduReplies = [.. file.RomanUrdu.Replies.Select(r => Compile(r, RegexOptions.Multiline))],
            RomanUrduYes = file.RomanUrdu.Yes.ToHashSet(StringComparer.OrdinalIgnoreCase),
            RomanUrduNo = file.RomanUrdu.No.ToHashSet(StringComparer.OrdinalIgnoreCase),
            RomanUrduUndo = file.RomanUrdu.Undo.ToHashSet(StringComparer.OrdinalIgnoreCase),
            Rewrites = [.. file.Rewrites.Select(Compile)],
        };
    }

    private static Rewrite Compile(RewriteLine line) => Compile(line, RegexOptions.None);

    private static Rewrite Compile(RewriteLine line, RegexOptions more) =>
        new(new Regex(line.Pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | more, TimeSpan.FromMilliseconds(100)), line.Replace);

    internal sealed record Rewrite(Regex Pattern, string Replace);

    private sealed record File(
        [property: JsonPropertyName("typos")] Dictionary<string, string> Typos,
        [property: JsonPropertyName("verbs")] List<string> Verbs,
        [property: JsonPropertyName("words")] List<string> Words,
        [property: JsonPropertyName("keep")] List<string> Keep,
        [property: JsonPropertyName("leadingFiller")] List<string> LeadingFiller,
        [property: JsonPropertyName("addIntents")] List<string> AddIntents,
        [property: JsonPropertyName("searchFiller")] List<string> SearchFiller,
        [property: JsonPropertyName("addThrough")] List<string> AddThrough,
        [property: JsonPropertyName("careful")] List<string> Careful,
        [property: JsonPropertyName("romanUrdu")] RomanUrduLines RomanUrdu,
        [property: JsonPropertyName("rewrites")] List<RewriteLine> Rewrites);

    private sealed record RomanUrduLines(
        [property: JsonPropertyName("markers")] List<string> Markers,
        [property: JsonPropertyName("replacements")] List<RewriteLine> Replacements,
        [property: JsonPropertyName("replies")] List<RewriteLine> Replies,
        [property: JsonPropertyName("yes")] List<string> Yes,
        [property: JsonPropertyName("no")] List<string> No,
        [property: JsonPropertyName("undo")] List<string> Undo);

    private sealed record RewriteLine(
        [property: JsonPropertyName("why")] string? Why,
        [property: JsonPropertyName("pattern")] string Pattern,
        [property: JsonPropertyName("replace")] string Replace);
}
