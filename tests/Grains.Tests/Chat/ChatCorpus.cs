namespace TodoGrains.Grains.Tests;

/// <summary>
/// The offline interpreter's corpus (<c>Chat/corpus.tsv</c>): how people type to a todo list, each line with the
/// tool calls it must produce against the seeded list and the pinned clock of <see cref="OfflineInterpreterTests"/>.
/// </summary>
public static class ChatCorpus
{
    public sealed record Line(string Category, string Message, string Expected, bool KnownMiss);

    public static IReadOnlyList<Line> All { get; } = Load();

    /// <summary>category, message, expected, known miss.</summary>
    public static TheoryData<string, string, string, bool> Lines()
    {
        var data = new TheoryData<string, string, string, bool>();
        foreach (var line in All)
        {
            data.Add(line.Category, line.Message, line.Expected, line.KnownMiss);
        }

        return data;
    }

    private static List<Line> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Chat", "corpus.tsv");
        var lines = new List<Line>();
        foreach (var (text, number) in File.ReadLines(path).Select((t, i) => (t, i + 1)))
        {
            if (text.Length == 0 || text.StartsWith('#'))
            {
                continue;
            }

            var fields = text.Split('\t');
            if (fields.Length is < 3 or > 4 || (fields.Length == 4 && fields[3] is not ("" or "miss")))
            {
                throw new InvalidDataException($"corpus.tsv line {number}: expected category, message, tool calls and optionally 'miss', tab-separated");
            }

            lines.Add(new Line(fields[0], fields[1], fields[2], fields.Length == 4 && fields[3] == "miss"));
        }

        var repeated = lines.GroupBy(l => l.Message).FirstOrDefault(g => g.Count() > 1);
        return repeated is null ? lines : throw new InvalidDataException($"corpus.tsv holds \"{repeated.Key}\" twice");
    }
}
