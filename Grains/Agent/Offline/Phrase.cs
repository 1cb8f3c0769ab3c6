using System.Text.RegularExpressions;

namespace TodoGrains.Grains.Agent.Offline;

/// <summary>
/// A user's message being taken apart: each recognised piece (a date, a priority, a tag...) is cut out of the
/// text, so what remains at the end is the task's title in the user's own words and casing.
/// </summary>
internal sealed class Phrase
{
    // For each character of Text, its index in Original; -1 for the spaces the cuts leave.
    private List<int> _origin;

    public Phrase(string text)
    {
        Original = text;
        var trimmed = text.Trim();
        var first = trimmed.Length == 0 ? 0 : text.IndexOf(trimmed, StringComparison.Ordinal);
        Text = " " + trimmed + " ";
        _origin = [-1, .. Enumerable.Range(first, trimmed.Length), -1];
    }

    public string Original { get; }

    public string Text { get; private set; }

    /// <summary>What the next cuts are (a due, a tag...): each cut is recorded as a span of the original text of this kind.</summary>
    public string Marking { get; set; } = "other";

    /// <summary>The cuts made so far, as spans of <see cref="Original"/>, in the order they were made.</summary>
    public List<TextSpan> Cuts { get; } = [];

    public string Lower => Text.ToLowerInvariant();

    /// <summary>Finds the pattern (case-insensitively), removes the match and returns it; null when absent.</summary>
    public Match? Take(Regex pattern)
    {
        var match = pattern.Match(Text);
        if (!match.Success)
        {
            return null;
        }

        var cut = _origin.GetRange(match.Index, match.Length).Where(i => i >= 0).ToList();
        if (cut.Count > 0)
        {
            // Trimmed of the spaces and commas a pattern takes around its words, so the span is the words themselves.
            var (start, end) = (cut.Min(), cut.Max() + 1);
            while (start < end && Original[start] is ' ' or ',')
            {
                start++;
            }

            while (end > start && Original[end - 1] is ' ' or ',')
            {
                end--;
            }

            if (end > start)
            {
                Cuts.Add(new TextSpan(start, end - start, Marking));
            }
        }

        Text = Text[..match.Index] + " " + Text[(match.Index + match.Length)..];
        _origin = [.. _origin[..match.Index], -1, .. _origin[(match.Index + match.Length)..]];
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

/// <summary>A recognised part of a person's text: where it starts, how long it is, and what it was read as (due, tag...).</summary>
public sealed record TextSpan(int Start, int Length, string Kind);
