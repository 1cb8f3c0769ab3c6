using TodoGrains.GrainInterfaces.Tasks;
using TodoGrains.Grains.Tasks;
using TodoGrains.Grains.Time;

namespace TodoGrains.Grains.Tests.Collaborators;

/// <summary>The pure construction of task versions in <see cref="TaskDrafts"/> and the series bookkeeping of <see cref="TaskSeries"/>.</summary>
public sealed class TaskDraftsTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 10, 0, 0, TimeSpan.Zero);
    private static readonly UserProfile Profile = new("Europe/Lisbon", new TimeOnly(9, 0));
    private readonly TestClock _clock = new();

    public TaskDraftsTests() => _clock.Set(Now);

    private ZoneClock Clock => ZoneClock.For(Profile, _clock);

    [Fact]
    public void ADraft_WithEveryProblem_NamesEachField_AndARecurringOneWithoutDueStartsToday()
    {
        var errors = new ValidationErrors();
        TaskDrafts.New(new TaskDraft { Title = " ", Tags = [new string('x', 200)], Recurrence = "FREQ=SOMETIMES" }, 1, Clock, Now, errors);
        Assert.Equal(["recurrence", "tags", "title"], errors.Fields.Order(StringComparer.Ordinal));

        var fine = new ValidationErrors();
        var task = TaskDrafts.New(new TaskDraft { Title = " Standup ", Recurrence = "FREQ=WEEKLY;BYDAY=MO" }, 7, Clock, Now, fine);
        Assert.False(fine.Any);
        Assert.Equal((7, "Standup", new DateOnly(2026, 3, 9)), (task.Id, task.Title, task.Due!.Date));
    }

    [Fact]
    public void AMove_KeepsAnAbsoluteRemindersDistance_AndSkipsTasksThatWouldNotMove()
    {
        var at = Now.AddHours(1);
        var task = new TaskItem { CreatedAt = DateTimeOffset.UnixEpoch, UpdatedAt = DateTimeOffset.UnixEpoch, Id = 1, Title = "T", Due = new TaskDue(new DateOnly(2026, 3, 4), new TimeOnly(12, 0)), Reminder = TaskReminder.AtInstant(at) };
        var undated = new TaskItem { CreatedAt = DateTimeOffset.UnixEpoch, UpdatedAt = DateTimeOffset.UnixEpoch, Id = 2, Title = "U" };
        var errors = new ValidationErrors();

        var moved = TaskDrafts.Moved([task, undated], null, TimeSpan.FromDays(1), Profile, Clock, Now, errors);

        Assert.False(errors.Any);
        var (before, after) = Assert.Single(moved);
        Assert.Same(task, before);
        Assert.Equal(new DateOnly(2026, 3, 5), after.Due!.Date);
        Assert.Equal(at.AddDays(1), after.Reminder!.At);
        Assert.Equal(Now, after.UpdatedAt);
    }

    [Fact]
    public void AMovePastTheSupportedDates_IsAnErrorOnTheShift()
    {
        var task = new TaskItem { CreatedAt = DateTimeOffset.UnixEpoch, UpdatedAt = DateTimeOffset.UnixEpoch, Id = 1, Title = "T", Due = new TaskDue(new DateOnly(2999, 12, 30)) };
        var errors = new ValidationErrors();

        TaskDrafts.Moved([task], null, TimeSpan.FromDays(5), Profile, Clock, Now, errors);

        Assert.Equal(["shift"], errors.Fields);
    }

    [Fact]
    public void APatch_ThatClearsTheDueOfARecurringTask_IsRefused_AndOneThatChangesTheRuleRestartsTheSeries()
    {
        var task = new TaskItem { CreatedAt = DateTimeOffset.UnixEpoch, UpdatedAt = DateTimeOffset.UnixEpoch, Id = 1, Title = "T", Due = new TaskDue(new DateOnly(2026, 3, 9)), Recurrence = "FREQ=WEEKLY", SeriesId = "s_1", Occurrence = 1 };
        var errors = new ValidationErrors();
        TaskDrafts.Patched(task, new TaskPatch { Due = null }, Clock, errors);
        Assert.Equal(["due"], errors.Fields);

        var patch = new TaskPatch { Recurrence = "FREQ=DAILY" };
        var patched = TaskDrafts.Patched(task, patch, Clock, new ValidationErrors());
        Assert.True(TaskDrafts.RestartsSeries(task, patch, patched));
        Assert.False(TaskDrafts.RestartsSeries(task, new TaskPatch { Title = "Renamed" }, task with { Title = "Renamed" }));
    }

    [Fact]
    public void ASeries_SpawnsOnceAfterItsNewestOccurrence_AndEndsWithItsRule()
    {
        var all = new Dictionary<string, SeriesState>();
        var series = new TaskSeries(all, new GuidIdGenerator(_clock));
        var tasks = new TaskTable();
        var first = series.Start(new TaskItem { CreatedAt = DateTimeOffset.UnixEpoch, UpdatedAt = DateTimeOffset.UnixEpoch, Id = 1, Title = "Review", Due = new TaskDue(new DateOnly(2026, 3, 4)), Recurrence = "FREQ=DAILY;COUNT=2" }, "FREQ=DAILY;COUNT=2", new TaskDue(new DateOnly(2026, 3, 4)));
        tasks[1] = first with { Recurrence = "FREQ=DAILY;COUNT=2" };

        var plan = series.Plan(first.SeriesId!, 1, tasks, Clock);
        Assert.Equal((SpawnStep.Next, new DateOnly(2026, 3, 5), 2), (plan.Step, plan.Next!.Date, plan.Occurrence));
        Assert.Equal(SpawnStep.Nothing, series.Plan(first.SeriesId!, 5, tasks, Clock).Step);

        var second = TaskDrafts.NextOccurrence(plan.Task!, plan.Next, plan.Occurrence, 2, Profile, Clock, Now);
        tasks[2] = second;
        series.Spawned(second);
        Assert.Equal((SpawnStep.Already, 2), (series.Plan(first.SeriesId!, 1, tasks, Clock).Step, series.Plan(first.SeriesId!, 1, tasks, Clock).Task!.Id));

        Assert.Equal(SpawnStep.Ended, series.Plan(first.SeriesId!, 2, tasks, Clock).Step);
        Assert.Empty(all);
    }
}
