using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TodoGrains.Contracts.Tasks;
using TodoGrains.Frontend.Components;
using TodoGrains.Frontend.Models;
using TodoGrains.Frontend.Services;

namespace TodoGrains.Frontend.Tests;

/// <summary>The board's and the chat's pieces, rendered with bunit.</summary>
public sealed class ComponentTests : BunitContext
{
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 10, 0, 0, TimeSpan.FromHours(1));

    public ComponentTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddSingleton(new ClientConfig("http://127.0.0.1:9/", "/hubs/sync"));
        Services.AddSingleton(new HttpClient());
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton<Session>();
        Services.AddSingleton<UndoOffers>();
        Services.AddSingleton<TodoApi>();
    }

    private static TaskSnapshot Task(string title = "Pay rent", string? due = "2026-04-01T09:00:00+02:00", bool hasTime = true, Priority priority = Priority.High,
        string[]? tags = null, string? recurrence = "FREQ=MONTHLY;BYMONTHDAY=1", DateTimeOffset? remindAt = null, TodoStatus status = TodoStatus.Pending, DateTimeOffset? remindedAt = null) =>
        new(1, title, null, status, priority, tags ?? ["home"], due, hasTime, remindAt, null, remindedAt, recurrence, null, null, Now, Now, null);

    [Fact]
    public void TaskRow_ShowsDuePriorityTagsRepeatAndBell()
    {
        var row = Render<TaskRow>(p => p.Add(r => r.Task, Task(remindAt: Now.AddDays(20))).Add(r => r.Now, Now));

        Assert.Equal("Pay rent", row.Find("label.title").TextContent);
        Assert.Contains("Wed 1 Apr 2026 09:00", row.Find("[data-testid=due]").TextContent, StringComparison.Ordinal);
        Assert.Contains("in 27 days", row.Find("[data-testid=due]").TextContent, StringComparison.Ordinal);
        Assert.Equal("high", row.Find("[data-testid=priority]").TextContent);
        Assert.Equal("#home", row.Find(".tag").TextContent);
        Assert.Contains("monthly on the 1st", row.Find("[data-testid=repeat]").TextContent, StringComparison.Ordinal);
        Assert.NotNull(row.Find("[data-testid=bell]"));
        Assert.DoesNotContain("overdue", row.Find("li").ClassName, StringComparison.Ordinal);
    }

    [Fact]
    public void TaskRow_ShowsADateOnlyDueWithoutATime_AndOverdueInRed()
    {
        var row = Render<TaskRow>(p => p.Add(r => r.Task, Task(due: "2026-03-02", hasTime: false, priority: Priority.None, recurrence: null)).Add(r => r.Now, Now));

        Assert.Equal("2 days ago · Mon 2 Mar 2026", row.Find("[data-testid=due]").TextContent);
        Assert.Contains("overdue", row.Find("li").ClassName, StringComparison.Ordinal);
        Assert.Empty(row.FindAll("[data-testid=priority]"));
        Assert.Empty(row.FindAll("[data-testid=repeat]"));
        Assert.Empty(row.FindAll("[data-testid=bell]"));
    }

    [Fact]
    public void TaskRow_DropsTheBell_OnceTheReminderHasFired()
    {
        var fired = Render<TaskRow>(p => p.Add(r => r.Task, Task(remindAt: Now.AddMinutes(-5), remindedAt: Now.AddMinutes(-5))).Add(r => r.Now, Now));
        var pending = Render<TaskRow>(p => p.Add(r => r.Task, Task(remindAt: Now.AddMinutes(5))).Add(r => r.Now, Now));

        Assert.Empty(fired.FindAll("[data-testid=bell]"));
        Assert.DoesNotContain("Reminder set", fired.Markup, StringComparison.Ordinal);
        Assert.NotNull(pending.Find("[data-testid=bell]"));
    }

    [Fact]
    public void TaskRow_CompletedIsNotOverdue_AndIsChecked()
    {
        var row = Render<TaskRow>(p => p.Add(r => r.Task, Task(due: "2026-03-02", hasTime: false, status: TodoStatus.Completed)).Add(r => r.Now, Now));

        Assert.Contains("done", row.Find("li").ClassName, StringComparison.Ordinal);
        Assert.DoesNotContain("overdue", row.Find("li").ClassName, StringComparison.Ordinal);
        Assert.True(row.Find("input[type=checkbox]").HasAttribute("checked"));
    }

    [Fact]
    public void TaskRow_AsksBeforeDeleting()
    {
        var row = Render<TaskRow>(p => p.Add(r => r.Task, Task()).Add(r => r.Now, Now));

        row.Find("[data-testid=delete]").Click();

        Assert.Contains("Delete “Pay rent”?", row.Find("[data-testid=confirm-delete]").TextContent, StringComparison.Ordinal);
        row.FindAll("[data-testid=confirm-delete] button")[1].Click();
        Assert.Empty(row.FindAll("[data-testid=confirm-delete]"));
        Assert.NotNull(row.Find("[data-testid=delete]"));
    }

    [Fact]
    public void TaskRow_HasAccessibleNamesForItsControls()
    {
        var row = Render<TaskRow>(p => p.Add(r => r.Task, Task()).Add(r => r.Now, Now));

        Assert.Equal("Complete Pay rent", row.Find("input[type=checkbox]").GetAttribute("aria-label"));
        Assert.Equal("done-1", row.Find("label.title").GetAttribute("for"));
        Assert.Equal("Delete Pay rent", row.Find("[data-testid=delete]").GetAttribute("aria-label"));
    }

    [Theory]
    [InlineData("add_task", """{"status":"added","task_id":12,"title":"Pay rent"}""", "✓ added #12 Pay rent")]
    [InlineData("complete_task", """{"status":"completed","task_id":3,"title":"Groceries"}""", "✓ completed #3 Groceries")]
    [InlineData("list_tasks", """{"total":4,"tasks":[]}""", "✓ looked up 4 task(s)")]
    [InlineData("delete_task", """{"status":"confirmation_required","count":5}""", "? delete 5 tasks: waiting for your yes")]
    [InlineData("complete_task", """{"status":"not_found","task_id":9}""", "✗ no task #9")]
    [InlineData("add_task", """{"status":"error","summary":"A title is required."}""", "✗ add task: A title is required.")]
    public void ToolCallLine_SaysWhatTheAgentDid(string name, string result, string expected)
    {
        var call = new ToolCallDto(name, new Dictionary<string, string?>(), JsonDocument.Parse(result).RootElement);

        var line = Render<ToolCallLine>(p => p.Add(c => c.Calls, [call]));

        Assert.Equal(expected, line.Find("li").TextContent);
    }

    [Theory]
    [InlineData("FREQ=WEEKLY;BYDAY=MO", "every Monday")]
    [InlineData("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "every weekday")]
    [InlineData("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", "every other Tuesday")]
    [InlineData("FREQ=MONTHLY;BYMONTHDAY=-1", "monthly on the last day")]
    [InlineData("FREQ=MONTHLY;BYDAY=-1FR", "every last Friday of the month")]
    [InlineData("FREQ=DAILY", "every day")]
    public void RuleText_ReadsLikeEnglish(string rule, string expected) => Assert.Equal(expected, Display.Rule(rule));
}
