using TodoGrains.Contracts.Edge;
using TodoGrains.Contracts.Tasks;
using TodoGrains.Frontend.Services;

namespace TodoGrains.Frontend.Tests;

/// <summary>How the board applies the hub's pushed updates: by sequence, in place when nothing can move.</summary>
public sealed class LiveTasksTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 10, 0, 0, TimeSpan.Zero);

    private static TaskSnapshot Task(int id, string title = "Water the plants") =>
        new(id, title, null, TodoStatus.Pending, Priority.None, ["home"], "2026-03-05", false, null, null, null, null, null, null, Now, Now, null);

    private static TaskUpdate Changed(long sequence, TaskSnapshot task) => new(sequence, "task.changed", task.Id, task);

    [Fact]
    public void AReminderSetElsewhere_IsAppliedInPlace_WithoutReadingTheBoardAgain()
    {
        var tasks = new List<TaskSnapshot> { Task(1), Task(2) };
        var reminded = Task(1) with { RemindAt = Now.AddHours(1), Tags = ["home"] };

        Assert.Equal(LiveOutcome.Applied, new LiveTasks().Apply(tasks, Changed(7, reminded), searching: false));

        Assert.Equal(Now.AddHours(1), tasks[0].RemindAt);
        Assert.Equal(2, tasks.Count);
    }

    [Fact]
    public void AnOlderOrRepeatedUpdate_IsDropped()
    {
        var live = new LiveTasks();
        var tasks = new List<TaskSnapshot> { Task(1) };
        live.Apply(tasks, Changed(9, Task(1) with { Description = "the ferns" }), searching: false);

        Assert.Equal(LiveOutcome.Ignored, live.Apply(tasks, Changed(8, Task(1) with { Description = "older" }), searching: false));
        Assert.Equal(LiveOutcome.Ignored, live.Apply(tasks, Changed(9, Task(1) with { Description = "again" }), searching: false));
        Assert.Equal("the ferns", tasks[0].Description);
    }

    [Theory]
    [InlineData("status")]
    [InlineData("title")]
    [InlineData("due")]
    [InlineData("priority")]
    [InlineData("tags")]
    public void AChangeThatCanMoveTheTask_AsksForOneRead(string field)
    {
        var before = Task(1);
        var after = field switch
        {
            "status" => before with { Status = TodoStatus.Completed },
            "title" => before with { Title = "Water the ferns" },
            "due" => before with { Due = "2026-03-09" },
            "priority" => before with { Priority = Priority.High },
            _ => before with { Tags = ["garden"] },
        };
        var tasks = new List<TaskSnapshot> { before };

        Assert.Equal(LiveOutcome.NeedsRefresh, new LiveTasks().Apply(tasks, Changed(3, after), searching: false));
        Assert.Equal(after, tasks[0]);
    }

    [Fact]
    public void ADescription_MovesTheTaskOnlyWhileASearchIsOn()
    {
        var described = Task(1) with { Description = "the ferns" };

        Assert.Equal(LiveOutcome.Applied, LiveTasks.Replace([Task(1)], described, searching: false));
        Assert.Equal(LiveOutcome.NeedsRefresh, LiveTasks.Replace([Task(1)], described, searching: true));
    }

    [Fact]
    public void ATaskNotOnTheBoard_OrARemovedOne_AsksForARead_AndTheEchoOfAChangeMadeHereIsIgnored()
    {
        var tasks = new List<TaskSnapshot> { Task(1) };
        var live = new LiveTasks();

        Assert.Equal(LiveOutcome.NeedsRefresh, live.Apply(tasks, Changed(4, Task(2)), searching: false));
        Assert.Equal(LiveOutcome.Ignored, live.Apply(tasks, Changed(5, Task(1) with { Tags = ["home"] }), searching: false));
        Assert.Equal(LiveOutcome.NeedsRefresh, live.Apply(tasks, new TaskUpdate(6, "task.removed", 1, null), searching: false));
        Assert.Empty(tasks);
    }
}
