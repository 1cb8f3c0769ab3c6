using TodoGrains.Frontend.Models;
using TodoGrains.Frontend.Services;

namespace TodoGrains.Frontend.Tests;

/// <summary>A task's history in words, from audit entries with and without the fields they were written with.</summary>
public sealed class HistoryTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 4, 10, 0, 0, TimeSpan.Zero);

    private static AuditEntryDto Entry(long sequence, string type, AuditFieldsDto? fields) =>
        new(Guid.NewGuid(), sequence, type, 7, fields?.Title ?? "Gym", "pending", At.AddMinutes(sequence), fields);

    private static AuditFieldsDto Fields(string title = "Gym", string? description = null, string priority = "none", string[]? tags = null,
        string? due = null, string? recurrence = null) => new(title, description, priority, tags ?? [], due, recurrence, null);

    [Fact]
    public void AnUpdate_SaysEachFieldItChanged_FromAndTo()
    {
        var lines = History.Lines([
            Entry(2, "task.updated", Fields(description: "legs", due: "2026-03-06", recurrence: "FREQ=WEEKLY", tags: ["health"])),
            Entry(1, "task.created", Fields(due: "2026-03-05")),
        ]);

        Assert.Equal(["updated: description changed; due Thu 5 Mar → Fri 6 Mar; tags none → #health; repeats none → every week", "created"], lines.Select(l => l.What));
    }

    [Fact]
    public void AnEntryWrittenBeforeFieldsWereKept_SaysOnlyWhatHappened()
    {
        var lines = History.Lines([
            Entry(3, "task.updated", Fields(title: "Gym twice")),
            Entry(2, "task.updated", null),
            Entry(1, "task.created", null),
        ]);

        Assert.Equal(["updated", "updated", "created"], lines.Select(l => l.What));
    }

    [Fact]
    public void AnUpdateThatChangedNoComparedField_IsPlainUpdated()
    {
        var lines = History.Lines([Entry(2, "task.updated", Fields()), Entry(1, "task.created", Fields())]);

        Assert.Equal("updated", lines[0].What);
    }
}
