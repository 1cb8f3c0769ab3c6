using System.Reflection;
using TodoGrains.Contracts.Tasks;
using TodoGrains.GrainInterfaces.Tasks;
using TodoGrains.Grains.Tasks;
using TodoGrains.Grains.Time;

namespace TodoGrains.Grains.Tests.Collaborators;

/// <summary>
/// <see cref="TaskPageTagMemo"/>, without a cluster: it must hand out exactly the tag <see cref="TaskPageTag"/> would
/// make, and never one made for another query, version, zone or minute.
/// </summary>
public sealed class TaskPageTagMemoTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 8, 30, 0, TimeSpan.Zero);

    private readonly TestClock _time = new();

    public TaskPageTagMemoTests() => _time.Set(Now);

    private ZoneClock Clock => new(TimeZoneInfo.Utc, _time);

    // Every settable field of a query, each given a value other than a fresh query's. A field added to TaskQuery with a
    // type not listed here fails this test until it is listed (and compared by the memo).
    public static TheoryData<string> QueryFields() =>
        [.. typeof(TaskQuery).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).Select(p => p.Name)];

    private static TaskQuery WithOtherValue(string field)
    {
        var property = typeof(TaskQuery).GetProperty(field)!;
        var query = new TaskQuery();
        var value = property.PropertyType switch
        {
            var t when t == typeof(bool) => (object)!(bool)property.GetValue(query)!,
            var t when t == typeof(int) => (int)property.GetValue(query)! + 1,
            var t when t == typeof(string) => "milk",
            var t when t == typeof(DueInput) => DueInput.OnDate(new(2026, 3, 4)),
            var t when t == typeof(IReadOnlyList<string>) => new List<string> { "home" },
            var t when t == typeof(IReadOnlyList<int>) => new List<int> { 7 },
            var t when t == typeof(IReadOnlyList<Priority>) => new List<Priority> { Priority.High },
            { IsEnum: true } t => Enum.GetValues(t).Cast<object>().First(v => !v.Equals(property.GetValue(query))),
            var t => throw new InvalidOperationException($"TaskQuery.{field} is a {t.Name}: give it a value here and compare it in TaskPageTagMemo.QueryComparer."),
        };
        property.SetValue(query, value);
        return query;
    }

    [Theory]
    [MemberData(nameof(QueryFields))]
    public void EveryFieldOfAQuery_TellsTwoQueriesApart_AndEqualValuesInOtherListsDoNot(string field)
    {
        var comparer = TaskPageTagMemo.QueryComparer.Instance;
        var changed = WithOtherValue(field);
        var same = WithOtherValue(field);

        Assert.False(comparer.Equals(new TaskQuery(), changed), $"a query differing in {field} compared equal");
        Assert.True(comparer.Equals(same, changed));
        Assert.Equal(comparer.GetHashCode(same), comparer.GetHashCode(changed));
    }

    [Fact]
    public void AQueryAskedAgain_TakesTheTagItWasGiven_WhichIsTheOneTaskPageTagMakes()
    {
        var memo = new TaskPageTagMemo();
        var first = memo.Of("ana", 12, UserProfile.Default, new TaskQuery { Tags = ["home"] }, Clock);
        var again = memo.Of("ana", 12, UserProfile.Default, new TaskQuery { Tags = ["home"] }, Clock);

        Assert.Same(first, again);
        Assert.Equal(TaskPageTag.Of("ana", 12, "UTC", new TaskQuery { Tags = ["home"] }, ""), first);
    }

    [Fact]
    public void AnotherVersionZoneQueryOrOverdueMinute_GetsItsOwnTag()
    {
        var memo = new TaskPageTagMemo();
        var home = new TaskQuery { Tags = ["home"] };
        var overdue = new TaskQuery { Overdue = true };
        var tag = memo.Of("ana", 12, UserProfile.Default, home, Clock);
        var overdueTag = memo.Of("ana", 12, UserProfile.Default, overdue, Clock);

        Assert.NotEqual(tag, memo.Of("ana", 13, UserProfile.Default, home, Clock));
        Assert.NotEqual(tag, memo.Of("ana", 12, UserProfile.Default with { TimeZone = "Europe/Paris" }, home, Clock));
        Assert.NotEqual(tag, memo.Of("ana", 12, UserProfile.Default, new TaskQuery { Tags = ["work"] }, Clock));
        Assert.NotEqual(tag, overdueTag);

        _time.Set(Now.AddMinutes(1));
        Assert.NotEqual(overdueTag, memo.Of("ana", 12, UserProfile.Default, overdue, Clock));
        Assert.Equal(memo.Of("ana", 12, UserProfile.Default, home, Clock), TaskPageTag.Of("ana", 12, "UTC", home, ""));
    }

    [Fact]
    public void MoreQueriesThanItKeeps_StillGetTheirOwnTags()
    {
        var memo = new TaskPageTagMemo();
        var tags = Enumerable.Range(0, TaskPageTagMemo.MaxQueries * 2)
            .Select(offset => memo.Of("ana", 12, UserProfile.Default, new TaskQuery { Offset = offset }, Clock))
            .ToList();

        Assert.Equal(tags.Count, tags.Distinct().Count());
        Assert.Equal(tags[0], memo.Of("ana", 12, UserProfile.Default, new TaskQuery { Offset = 0 }, Clock));
    }
}
