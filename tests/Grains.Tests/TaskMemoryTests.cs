using TodoGrains.GrainInterfaces.Tasks;
using TodoGrains.Grains.Tasks;

namespace TodoGrains.Grains.Tests;

/// <summary>How a person's tasks are held in memory: by id in a table, sharing what they have in common.</summary>
public sealed class TaskMemoryTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 10, 0, 0, TimeSpan.FromHours(1));

    private static TaskItem Task(int id, string[] tags, TaskDue? due = null) =>
        new() { Id = id, Title = $"Task {id}", Tags = tags.ToList(), Due = due, CreatedAt = Now, UpdatedAt = Now };

    [Fact]
    public void TaskTable_FindsByIdInOrder_AndAnswersAbsentForAnyOtherId()
    {
        var table = new TaskTable();
        table[3] = Task(3, []);
        table[1] = Task(1, []);
        table[3] = Task(3, ["again"]);

        Assert.Equal(2, table.Count);
        Assert.Equal([1, 3], table.Values.Select(t => t.Id));
        Assert.Equal(["again"], table.GetValueOrDefault(3)!.Tags);
        Assert.True(table.Remove(1));
        Assert.False(table.Remove(1));
        Assert.Equal(1, table.Count);
        foreach (var absent in new[] { int.MinValue, -1, 0, 1, 2, 4, int.MaxValue })
        {
            Assert.False(table.TryGetValue(absent, out _));
            Assert.Null(table.GetValueOrDefault(absent));
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => table[0] = Task(0, []));
    }

    [Fact]
    public void SharedValues_GiveEqualTasksTheSameTagsAndDue_WithoutChangingThem()
    {
        var shared = new SharedValues();
        var due = new DateOnly(2026, 3, 6);
        var first = Task(1, ["home", "errand"], new TaskDue(due));
        var second = Task(2, ["home", "errand"], new TaskDue(due));
        var other = Task(3, ["errand"]);

        var (a, b, c, d) = (shared.Share(first), shared.Share(second), shared.Share(other), shared.Share(Task(4, [])));

        Assert.Equal(first, a);
        Assert.Equal(second, b);
        Assert.Equal(other, c);
        Assert.Same(a.Tags, b.Tags);
        Assert.Same(a.Due, b.Due);
        Assert.Same(a.Tags[1], c.Tags[0]);
        Assert.Same(Array.Empty<string>(), d.Tags);
        Assert.Same(b, shared.Share(b));
    }

    [Fact]
    public void ATask_KeepsEachInstantWithItsOffset_AndNullsAsNull()
    {
        var task = Task(1, []) with
        {
            CompletedAt = new DateTimeOffset(2026, 3, 4, 9, 0, 0, TimeSpan.FromHours(-3.5)),
            RemindAt = DateTimeOffset.MinValue,
        };

        Assert.Equal(TimeSpan.FromHours(-3.5), task.CompletedAt!.Value.Offset);
        Assert.True(task.CompletedAt.Value.EqualsExact(new DateTimeOffset(2026, 3, 4, 9, 0, 0, TimeSpan.FromHours(-3.5))));
        Assert.Equal(DateTimeOffset.MinValue, task.RemindAt);
        Assert.Null(task.DueAt);
        Assert.Null(task.ReminderSentFor);
        Assert.Null((task with { CompletedAt = null }).CompletedAt);
        Assert.Equal(Now.Offset, task.CreatedAt.Offset);
    }
}
