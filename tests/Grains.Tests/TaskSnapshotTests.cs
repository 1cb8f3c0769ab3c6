using System.Text.Json;
using System.Text.Json.Nodes;
using TodoGrains.Contracts.Events;
using TodoGrains.Contracts.Tasks;
using TodoGrains.GrainInterfaces.Tasks;
using TodoGrains.Grains.Outbox;

namespace TodoGrains.Grains.Tests;

/// <summary>The public task shape of events and the hub, apart from the stored record (docs/events.md).</summary>
public sealed class TaskSnapshotTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 4, 10, 0, 0, TimeSpan.FromHours(1));

    // Version 1 as first published: within a version fields are only added, so none of these may go.
    private static readonly string[] VersionOneFields =
    [
        "id", "title", "description", "status", "priority", "tags", "due", "due_has_time", "remind_at", "remind_before",
        "reminded_at", "recurrence", "series_id", "occurrence", "created_at", "updated_at", "completed_at",
    ];

    public static TheoryData<string> Tasks => ["timed", "date-only", "before-due", "recurring", "completed"];

    private static TaskItem Task(string kind) => kind switch
    {
        "timed" => Base with { Due = new TaskDue(new DateOnly(2026, 3, 5), new TimeOnly(17, 0)), DueAt = At.AddDays(1), Reminder = TaskReminder.AtInstant(At), RemindAt = At },
        "date-only" => Base with { Due = new TaskDue(new DateOnly(2026, 3, 5)), Tags = ["home", "errands"] },
        "before-due" => Base with { Due = new TaskDue(new DateOnly(2026, 3, 5), new TimeOnly(9, 0)), DueAt = new DateTimeOffset(2026, 3, 5, 9, 0, 0, TimeSpan.FromHours(1)), Reminder = TaskReminder.BeforeDue(TimeSpan.FromMinutes(15)), RemindAt = At, ReminderSentFor = At },
        "recurring" => Base with { Due = new TaskDue(new DateOnly(2026, 3, 9)), Recurrence = "FREQ=WEEKLY;BYDAY=MO", SeriesId = "s_1", Occurrence = 3, Priority = Priority.High },
        _ => Base with { Status = TodoStatus.Completed, CompletedAt = At, Description = "Done at last" },
    };

    private static TaskItem Base => new() { Id = 7, Title = "Standup", CreatedAt = At, UpdatedAt = At };

    [Theory]
    [MemberData(nameof(Tasks))]
    public void TheRestApisTaskJson_IsTheSnapshotsJson(string kind)
    {
        var view = TaskView.From(Task(kind));

        Assert.Equal(JsonSerializer.Serialize(view, TodoEventJson.Options), JsonSerializer.Serialize(view.ToSnapshot(), TodoEventJson.Options));
    }

    [Fact]
    public void APublishedEvent_CarriesTheSnapshot_NoStoredInternals_AndItsVersion()
    {
        var pending = new PendingEvent(Guid.CreateVersion7(), TodoTopics.TaskEvents, TodoEventTypes.TaskUpdated, "u_1", 7, 4, At, Task("before-due"));

        var json = JsonNode.Parse(JsonSerializer.Serialize(pending.ToPublic(), TodoEventJson.Options))!.AsObject();
        var task = json["task"]!.AsObject();

        Assert.Equal(TaskSnapshot.CurrentVersion, json["version"]!.GetValue<int>());
        Assert.Subset(task.Select(p => p.Key).ToHashSet(), VersionOneFields.ToHashSet());
        Assert.DoesNotContain(task, p => p.Key is "reminder_sent_for" or "is_pending" or "reminder" or "due_at");
        Assert.Equal("2026-03-05T09:00:00+01:00", task["due"]!.GetValue<string>());
        Assert.Equal("PT15M", task["remind_before"]!.GetValue<string>());
    }

    [Fact]
    public void AConsumer_ReadsTheDueInstant_OfATimedDueOnly()
    {
        Assert.Equal(At.AddDays(1), TaskView.From(Task("timed")).ToSnapshot().DueInstant());
        Assert.Null(TaskView.From(Task("date-only")).ToSnapshot().DueInstant());
    }
}
