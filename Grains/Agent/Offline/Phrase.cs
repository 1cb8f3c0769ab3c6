using System.Text.RegularExpressions;

namespace TodoGrains.Grains.Agent.Offline;

/// <summary>
/// A user's message being taken apart: each recognised piece (a date, a priority, a tag...) is cut out of the
/// text, so what remains at the end is the task's title in the user's own words and casing.
/// </summary>
internal sealed class Phrase(string text)
{
    public string Original { get; } = text;

    public string Text { get; private set; } = " " + text.Trim() + " ";

    public string Lower => Text.ToLowerInvariant();

    /// <summary>Finds the pattern (case-insensitively), removes the match and returns it; null when absent.</summary>
    public Match? Take(Regex pattern)
    {
        var match = pattern.Match(Text);
        if (!match.Success)
        {
            return null;
        }

        Text = Text[..match.Index] + " " + Text[(match.Index + match.Length)..];
        return match;
    }

    public bool Has(Regex pattern) => pattern.IsMatch(Text);

    /// <summary>What is left, tidied: filler and dangling connectives removed, first letter capitalised.</summary>
    public string Remainder(Regex filler)
    {
        var rest = filler.Replace(Text, " ");
        rest = Regex.Replace(rest, @"\s+", " ").Trim();
        rest = Regex.Replace(rest, @"^(?:[,;:.\-–—]|and|with|to|for|on|at|by|that|which|a|an)\s+", "", RegexOptions.IgnoreCase);
        for (var i = 0; i < 3; i++)
        {
            rest = Regex.Replace(rest, @"(?:\s+|^)(?:and|with|to|for|on|at|by|due|,|;|:|\.|-|it|is|the|every|please)\s*$", "", RegexOptions.IgnoreCase).Trim();
        }

        rest = rest.Trim(' ', ',', ';', ':', '.', '!', '?', '"', '\'');
        return rest.Length == 0 ? rest : char.ToUpperInvariant(rest[0]) + rest[1..];
    }
}
