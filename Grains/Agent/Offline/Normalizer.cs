using System.Globalization;
using System.Text.RegularExpressions;
using FuzzySharp;

namespace TodoGrains.Grains.Agent.Offline;

/// <summary>
/// The first reading of a message, before the interpreter's rules: typos in the words it knows corrected, leading
/// filler ("pls", "can you") dropped, ways of saying "add" ("I need to remember to", "don't let me forget to")
/// turned into "add", and word orders the rules do not expect rewritten. Quoted text is left exactly as typed.
/// Everything it knows comes from <see cref="Lexicon"/>; it changes only what it is sure of.
/// </summary>
internal static partial class Normalizer
{
    public static string Normalize(string text, Lexicon lexicon)
    {
        text = FromRomanUrdu(text, lexicon);
        var tokens = Tokens().Matches(text).Select(m => m.Value).ToList();
        for (var i = 0; i < tokens.Count; i++)
        {
            if (IsQuoted(tokens[i]))
            {
                continue;
            }

            var (core, trail) = SplitTrailing(tokens[i]);
            var lower = core.ToLowerInvariant();
            if (lexicon.Typos.TryGetValue(lower, out var fixedWord))
            {
                tokens[i] = fixedWord + trail;
            }
            else if (Correct(lower, i == 0 ? lexicon.Verbs : lexicon.Words, lexicon, minimumLength: i == 0 ? 3 : 5) is { } corrected)
            {
                tokens[i] = corrected + trail;
            }
        }

        var result = string.Join(' ', tokens);
        result = StripLeading(result, lexicon);
        foreach (var rewrite in lexicon.Rewrites)
        {
            var rewritten = rewrite.Pattern.Replace(result, rewrite.Replace, 1);
            if (!ReferenceEquals(rewritten, result) && rewritten != result)
            {
                return rewritten;
            }
        }

        return result;
    }

    // A word of the lexicon the token is a slip of: a close match (85 of 100) or a swap of two letters (75), starting
    // with the same letter; never a word that is a word in its own right, or a short one.
    private static string? Correct(string word, IReadOnlyList<string> vocabulary, Lexicon lexicon, int minimumLength)
    {
        if (word.Length < minimumLength || !word.All(char.IsLetter) || lexicon.Known.Contains(word))
        {
            return null;
        }

        string? best = null;
        var bestScore = 0;
        foreach (var candidate in vocabulary)
        {
            if (candidate[0] != word[0] || Math.Abs(candidate.Length - word.Length) > 2)
            {
                continue;
            }

            var score = Fuzz.Ratio(word, candidate);
            var swapped = candidate.Length == word.Length && candidate.Order().SequenceEqual(word.Order());
            // Into a command that changes or removes something only a slip of one letter: "delegate" is not "delete".
            var close = !lexicon.Careful.Contains(candidate) || swapped || (Math.Abs(candidate.Length - word.Length) == 1 && score >= 85);
            if (close && (score >= 85 || (swapped && score >= 75)) && score > bestScore)
            {
                (best, bestScore) = (candidate, score);
            }
        }

        return best;
    }

    // Filler first, then the ways of saying "add" (longest first): "pls can you add milk" -> "add milk",
    // "i need to remember to renew the passport" -> "add renew the passport", "i need to add milk" -> "add milk".
    private static string StripLeading(string text, Lexicon lexicon)
    {
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var filler in lexicon.LeadingFiller)
            {
                if (StartsWithPhrase(text, filler) is { } rest && rest.Length > 0)
                {
                    text = rest;
                    changed = true;
                }
            }
        }

        foreach (var intent in lexicon.AddIntents)
        {
            if (StartsWithPhrase(text, intent) is { Length: > 0 } rest)
            {
                // "I need to add milk" adds milk; "I need to cancel the newspaper" is a task, not a cancellation.
                var first = rest.Split(' ', 2)[0].ToLowerInvariant();
                return lexicon.AddThrough.Contains(first) ? rest : "add " + rest;
            }
        }

        return text;
    }

    // Roman Urdu's time words and verbs as the English the rules read ("kal shaam 6 baje" -> "tomorrow at 6pm"), only
    // when the message has a word that marks it as Roman Urdu; the title stays in the person's own words.
    /// <summary>Whether the message is Roman Urdu: at least two of its marker words outside quotes.</summary>
    public static bool IsRomanUrdu(string text, Lexicon lexicon)
    {
        ArgumentNullException.ThrowIfNull(lexicon);
        return Tokens().Matches(text ?? "").Count(t => !IsQuoted(t.Value) && lexicon.RomanUrduMarkers.Contains(t.Value.Trim('.', ',', '!', '?'))) >= 2;
    }

    /// <summary>
    /// Whether to answer in Roman Urdu: the message is Roman Urdu, or it is one of its short answers ("haan", "nahi",
    /// "wapas karo"), which carry too few words to tell by their markers.
    /// </summary>
    public static bool RepliesInRomanUrdu(string text, Lexicon lexicon)
    {
        ArgumentNullException.ThrowIfNull(lexicon);
        return IsRomanUrdu(text, lexicon) || lexicon.RomanUrduAnswers.Contains(ShortAnswer(text));
    }

    /// <summary>A short answer as the lexicon lists it: lower case, no punctuation around it, single spaces.</summary>
    public static string ShortAnswer(string text) =>
        string.Join(' ', (text ?? "").ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries)).Trim('.', '!', '?', ',', ' ');

    /// <summary>
    /// A reply in Roman Urdu: the lexicon's reply phrases in place of the English ones. Titles (quoted, or listed after
    /// their number) are set aside first, so a title's own words ("Salt and pepper, due soon") are never translated.
    /// </summary>
    public static string ToRomanUrdu(string reply, Lexicon lexicon)
    {
        ArgumentNullException.ThrowIfNull(lexicon);
        var titles = new List<string>();
        var text = ReplyTitle().Replace(reply ?? "", m =>
        {
            titles.Add(m.Value);
            return $"\u0001{titles.Count - 1}\u0002";
        });
        foreach (var phrase in lexicon.RomanUrduReplies)
        {
            text = phrase.Pattern.Replace(text, phrase.Replace);
        }

        return SetAside().Replace(text, m => titles[int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)]);
    }

    private static string FromRomanUrdu(string text, Lexicon lexicon)
    {
        if (!IsRomanUrdu(text, lexicon))
        {
            return text;
        }

        // Quoted spans stay as typed: the replacements run on the text between them.
        var parts = QuotedSpan().Split(text);
        for (var i = 0; i < parts.Length; i++)
        {
            if (!IsQuoted(parts[i]))
            {
                foreach (var replacement in lexicon.RomanUrdu)
                {
                    parts[i] = replacement.Pattern.Replace(parts[i], replacement.Replace);
                }
            }
        }

        return string.Concat(parts);
    }

    /// <summary>The topic of a search without the words around it: "anything related to insurance" -> "insurance".</summary>
    public static string SearchTopic(string query, Lexicon lexicon)
    {
        var topic = query.Trim(' ', '?', '.', '!');
        foreach (var filler in lexicon.SearchFiller)
        {
            if (StartsWithPhrase(topic, filler) is { Length: > 0 } rest)
            {
                topic = rest;
                break;
            }
        }

        // A quoted topic is searched for as it stands, without its quotes.
        return QuotedSpan().Match(topic) is { Success: true } quoted && quoted.Length == topic.Length ? topic[1..^1] : topic;
    }

    private static string? StartsWithPhrase(string text, string phrase) =>
        text.StartsWith(phrase, StringComparison.OrdinalIgnoreCase) && (text.Length == phrase.Length || !char.IsLetterOrDigit(text[phrase.Length]))
            ? text[phrase.Length..].TrimStart(' ', ',')
            : null;

    private static bool IsQuoted(string token) => token.Length >= 2 && "\"'“‘".Contains(token[0], StringComparison.Ordinal);

    private static (string Core, string Trail) SplitTrailing(string token)
    {
        var end = token.Length;
        while (end > 0 && char.IsPunctuation(token[end - 1]) && token[end - 1] != '\'')
        {
            end--;
        }

        return (token[..end], token[end..]);
    }

    /// <summary>
    /// Text in quotes, the one definition the interpreter reads them by: straight or curly, single or double; a single
    /// quote opens only at the start of a word ("mum's" is a word).
    /// </summary>
    public const string QuotedPattern = @"""[^""]*""|“[^”]*”|‘[^’]*’|(?<=^|\s)'[^']*'(?=\s|$|[,.!?])";

    /// <summary>Whether <paramref name="index"/> falls inside quoted text.</summary>
    public static bool InsideQuotes(string text, int index) =>
        QuotedSpan().Matches(text ?? "").Any(m => index > m.Index && index < m.Index + m.Length);

    [GeneratedRegex("(" + QuotedPattern + ")")]
    private static partial Regex QuotedSpan();

    // A quoted span is one token.
    // A title in a reply: 'Mum's birthday' (an apostrophe inside a word does not end it), or a listed task's title
    // after its number ("#3 Tax return (due …)").
    [GeneratedRegex(@"(?<!\w)'(?:[^'\n]|'(?=\w))*'|(?<=^(?:- )?#\d+ )[^(\n]*?(?= \(|$)", RegexOptions.Multiline)]
    private static partial Regex ReplyTitle();

    [GeneratedRegex("\u0001(\\d+)\u0002")]
    private static partial Regex SetAside();

    [GeneratedRegex(QuotedPattern + @"|\S+")]
    private static partial Regex Tokens();
}
