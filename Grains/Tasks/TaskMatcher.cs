using System.Globalization;
using System.Text.RegularExpressions;
using TodoGrains.GrainInterfaces.Tasks;

namespace TodoGrains.Grains.Tasks;

/// <summary>
/// Resolves how people refer to tasks: "task 3", "#3", "the groceries one", "my morning meetings", with typos.
/// Every word of the reference must match a word of the task (its title, description or tags) exactly, by stem,
/// by prefix, or within a small edit distance; "morning", "afternoon" and "evening" also match the due time.
/// </summary>
public static partial class TaskMatcher
{
    private static readonly HashSet<string> Filler =
    [
        "the", "my", "a", "an", "one", "ones", "task", "tasks", "item", "items", "todo", "todos", "thing", "things",
        "please", "that", "this", "those", "these", "called", "named", "about", "for", "to", "of", "with", "all", "entry",
    ];

    /// <summary>The task id a reference names directly ("task 3", "#3", "number 3", "3"), if it does.</summary>
    public static int? IdOf(string reference)
    {
        var match = IdReference().Match(reference.Trim());
        return match.Success && int.TryParse(match.Groups["id"].Value, CultureInfo.InvariantCulture, out var id) ? id : null;
    }

    public static IReadOnlyList<TaskItem> Match(string reference, IEnumerable<TaskItem> tasks)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var all = tasks.ToList();
        if (IdOf(reference) is { } id)
        {
            return all.Where(t => t.Id == id).ToList();
        }

        var words = Words(reference).Where(w => !Filler.Contains(w)).ToList();
        if (words.Count == 0)
        {
            return [];
        }

        return all
            .Select(t => (Task: t, Score: words.Count(w => Matches(w, t)) / (double)words.Count))
            .Where(x => x.Score >= 1.0)
            .OrderByDescending(x => x.Task.IsPending)
            .ThenBy(x => x.Task.Id)
            .Select(x => x.Task)
            .ToList();
    }

    private static bool Matches(string word, TaskItem task)
    {
        if (task.Due?.Time is { } time &&
            ((word == "morning" && time.Hour < 12) || (word == "afternoon" && time.Hour is >= 12 and < 18) ||
             (word is "evening" or "tonight" && time.Hour >= 18)))
        {
            return true;
        }

        var taskWords = Words(task.Title).Concat(task.Tags).Concat(Words(task.Description ?? ""));
        return taskWords.Any(t => Similar(word, t));
    }

    private static bool Similar(string a, string b)
    {
        if (a == b || Stem(a) == Stem(b))
        {
            return true;
        }

        if (a.Length >= 4 && b.StartsWith(a, StringComparison.Ordinal))
        {
            return true;
        }

        var allowed = a.Length >= 7 ? 2 : a.Length >= 4 ? 1 : 0;
        return allowed > 0 && Math.Abs(a.Length - b.Length) <= allowed && Distance(a, b) <= allowed;
    }

    private static string Stem(string word) =>
        word.EndsWith("ies", StringComparison.Ordinal) && word.Length > 4 ? word[..^3] + "y"
        : word.EndsWith("es", StringComparison.Ordinal) && word.Length > 4 ? word[..^2]
        : word.EndsWith('s') && word.Length > 3 ? word[..^1]
        : word.EndsWith("ing", StringComparison.Ordinal) && word.Length > 5 ? word[..^3]
        : word;

    public static IEnumerable<string> Words(string text) =>
        WordPattern().Matches(text.ToLowerInvariant()).Select(m => m.Value);

    // Damerau-free Levenshtein: typos of one letter dropped, doubled or swapped for another.
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }

    [GeneratedRegex(@"^(?:task\s*|#|number\s*|no\.?\s*|item\s*)?(?<id>\d{1,9})$", RegexOptions.IgnoreCase)]
    private static partial Regex IdReference();

    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{N}'-]*")]
    private static partial Regex WordPattern();
}
