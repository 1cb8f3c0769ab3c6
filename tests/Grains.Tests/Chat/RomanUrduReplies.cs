using System.Text.RegularExpressions;
using TodoGrains.Grains.Agent.Offline;

namespace TodoGrains.Grains.Tests;

/// <summary>
/// Finds English left in a reply meant to be Roman Urdu: the words outside quoted titles, listed titles, tags,
/// numbers, dates and times that are not among the words of the lexicon's Roman Urdu replies.
/// </summary>
public static partial class RomanUrduReplies
{
    private static readonly HashSet<string> Allowed = Load();

    public static IEnumerable<string> EnglishLeftIn(string reply)
    {
        var text = Quoted().Replace(reply, " ");
        text = ListedTitle().Replace(text, " ");
        return Word().Matches(text).Select(m => m.Value.ToLowerInvariant()).Where(w => !Allowed.Contains(w)).Distinct();
    }

    private static HashSet<string> Load()
    {
        var words = new HashSet<string>(StringComparer.Ordinal)
        {
            // Dates and days are written the same in Roman Urdu replies.
            "mon", "tue", "wed", "thu", "fri", "sat", "sun", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
            "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
            "january", "february", "march", "april", "june", "july", "august", "september", "october", "november", "december",
        };
        foreach (var phrase in Lexicon.Default.RomanUrduReplies)
        {
            foreach (Match word in Word().Matches(phrase.Replace))
            {
                words.Add(word.Value.ToLowerInvariant());
            }
        }

        return words;
    }

    // 'Buy milk', "unicorn", “…”: titles and the person's own words.
    [GeneratedRegex("(?<!\\w)'(?:[^'\\n]|'(?=\\w))*'|\"[^\"\\n]*\"|“[^”\\n]*”")]
    private static partial Regex Quoted();

    // "#3 Buy milk (…)" in a listing: the title runs to its details or the line's end.
    [GeneratedRegex(@"#\d+ [^(\n]*")]
    private static partial Regex ListedTitle();

    // Words only: numbers, times, tags (#home) and ordinals (1st) are not language.
    [GeneratedRegex(@"(?<![#\w])[A-Za-z]+(?![\w])")]
    private static partial Regex Word();
}
