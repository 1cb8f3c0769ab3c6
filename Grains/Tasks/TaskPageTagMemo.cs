using TodoGrains.GrainInterfaces.Tasks;
using TodoGrains.Grains.Time;

namespace TodoGrains.Grains.Tasks;

/// <summary>
/// The entity tags of the last few queries one person listed, with the inputs each was made of: a list read again while
/// nothing changed (a client polling, a second tab) takes its tag from here instead of serialising and hashing the query
/// again, which was 5.6 % of the silo's CPU per list (docs/performance.md). Held by the activation, never stored; a
/// different version, zone or (for an overdue filter) minute makes the tag afresh, so the memo can only save work.
/// Queries are told apart by every one of their fields (<see cref="QueryComparer"/>); a field added to
/// <see cref="TaskQuery"/> and not compared there fails a test.
/// </summary>
internal sealed class TaskPageTagMemo
{
    /// <summary>A person's client asks a handful of views (all, today, a tag, overdue); past this many the memo starts over.</summary>
    public const int MaxQueries = 8;

    private readonly Dictionary<TaskQuery, Entry> _tags = new(QueryComparer.Instance);

    private sealed record Entry(long Version, string Zone, string Minute, string Tag);

    public string Of(string owner, long version, UserProfile profile, TaskQuery normalized, ZoneClock clock)
    {
        var minute = TaskPageTag.MinuteOf(normalized, clock);
        if (_tags.TryGetValue(normalized, out var kept) && kept.Version == version && kept.Zone == profile.TimeZone && kept.Minute == minute)
        {
            return kept.Tag;
        }

        if (_tags.Count >= MaxQueries && !_tags.ContainsKey(normalized))
        {
            _tags.Clear();
        }

        var tag = TaskPageTag.Of(owner, version, profile.TimeZone, normalized, minute);
        _tags[normalized] = new Entry(version, profile.TimeZone, minute, tag);
        return tag;
    }

    /// <summary>Two queries are equal when every field is, the lists element by element (a record compares lists by reference).</summary>
    internal sealed class QueryComparer : IEqualityComparer<TaskQuery>
    {
        public static readonly QueryComparer Instance = new();

        public bool Equals(TaskQuery? x, TaskQuery? y) =>
            ReferenceEquals(x, y) || (x is not null && y is not null
                && x.Status == y.Status
                && x.Priorities.SequenceEqual(y.Priorities)
                && x.Tags.SequenceEqual(y.Tags, StringComparer.Ordinal)
                && x.TagMode == y.TagMode
                && string.Equals(x.Keyword, y.Keyword, StringComparison.Ordinal)
                && Equals(x.DueFrom, y.DueFrom)
                && Equals(x.DueTo, y.DueTo)
                && x.Overdue == y.Overdue
                && x.Sort == y.Sort
                && x.Descending == y.Descending
                && x.Limit == y.Limit
                && x.Offset == y.Offset
                && x.Ids.SequenceEqual(y.Ids)
                && Equals(x.CompletedFrom, y.CompletedFrom)
                && Equals(x.CompletedTo, y.CompletedTo));

        public int GetHashCode(TaskQuery obj)
        {
            ArgumentNullException.ThrowIfNull(obj);
            var hash = new HashCode();
            hash.Add(obj.Status);
            hash.Add(obj.Tags.Count);
            hash.Add(obj.Tags.Count > 0 ? obj.Tags[0] : null, StringComparer.Ordinal);
            hash.Add(obj.Keyword, StringComparer.Ordinal);
            hash.Add(obj.DueFrom);
            hash.Add(obj.DueTo);
            hash.Add(obj.Overdue);
            hash.Add(obj.Sort);
            hash.Add(obj.Descending);
            hash.Add(obj.Limit);
            hash.Add(obj.Offset);
            hash.Add(obj.Ids.Count);
            return hash.ToHashCode();
        }
    }
}
