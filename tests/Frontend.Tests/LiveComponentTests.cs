using Microsoft.Extensions.DependencyInjection;
using TodoGrains.Frontend.Components;
using TodoGrains.Frontend.Models;
using TodoGrains.Frontend.Services;

namespace TodoGrains.Frontend.Tests;

/// <summary>The chat pane and the board rendered with bunit against the real embedded host's API.</summary>
public sealed class LiveComponentTests : BunitContext, IClassFixture<LiveComponentTests.Host>
{
    private readonly Host _host;

    public LiveComponentTests(Host host)
    {
        _host = host;
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddSingleton(new ClientConfig(host.Silo.BaseAddress.ToString(), "/hubs/sync"));
        Services.AddSingleton(new HttpClient());
        Services.AddSingleton<Session>();
        Services.AddSingleton<UndoOffers>();
        Services.AddSingleton<TodoApi>();
        Services.AddSingleton<LiveUpdates>();
        Services.AddSingleton<TimeProvider>(_clock);
    }

    // 06:59 UTC on 15 April 2030 is 08:59 in Berlin, the test users' zone.
    private readonly Microsoft.Extensions.Time.Testing.FakeTimeProvider _clock = new(new DateTimeOffset(2030, 4, 15, 6, 59, 0, TimeSpan.Zero));

    public sealed class Host : SiloHost;

    private async Task<ApiClient> SignedInAsync()
    {
        var user = await ApiClient.RegisterAsync(_host.Http, "Europe/Berlin");
        await Services.GetRequiredService<Session>().SignInAsync(user.Token, user.UserId, user.UserName);
        return user;
    }

    [Fact]
    public async Task ATokenPastHalfItsLife_IsSwappedForAFreshOne_OnTheNextCall()
    {
        var user = await ApiClient.RegisterAsync(_host.Http, "Europe/Berlin");
        var session = Services.GetRequiredService<Session>();
        await session.SignInAsync(user.Token, user.UserId, user.UserName, (int)TimeSpan.FromHours(12).TotalSeconds);
        var api = Services.GetRequiredService<TodoApi>();

        await api.ListAsync(new BoardFilter(), DateOnly.FromDateTime(_clock.GetLocalNow().DateTime));
        Assert.Equal(user.Token, session.Token);

        _clock.Advance(TimeSpan.FromHours(7));
        await api.ListAsync(new BoardFilter(), DateOnly.FromDateTime(_clock.GetLocalNow().DateTime));
        // (The token's bytes may equal the old one's: the server's clock did not move within the same second.)
        Assert.Equal(_clock.GetUtcNow().AddHours(12), session.ExpiresAt);
        Assert.Equal(user.UserId, session.UserId);
        Assert.False(session.NeedsRefresh);
        // The fresh token is the one the next calls carry, and the server takes it.
        Assert.Empty((await api.ListAsync(new BoardFilter(), DateOnly.FromDateTime(_clock.GetLocalNow().DateTime))).Items);
    }

    [Fact]
    public async Task ChatPane_SendsTheMessage_AndShowsTheReplyWithWhatWasDone()
    {
        await SignedInAsync();
        var changed = 0;
        var chat = Render<ChatPane>(p => p.Add(c => c.OnTasksChanged, () => changed++));

        await chat.InvokeAsync(() => chat.Find("#chat-input").Input("add buy milk tomorrow"));
        await chat.InvokeAsync(() => chat.Find("form.composer").Submit());

        chat.WaitForAssertion(() => Assert.Contains("Added 'Buy milk'", chat.Find("[data-testid=messages]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(20));
        Assert.Equal("✓ added #1 Buy milk", chat.Find(".toolcalls li").TextContent);
        Assert.Equal(1, changed);
        Assert.Equal("", chat.Find("#chat-input").GetAttribute("value") ?? "");
        chat.WaitForAssertion(() => Assert.Contains("add buy milk tomorrow", chat.Find("#conversation").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task ChatPane_ShowsErrorsInPlace()
    {
        await SignedInAsync();
        var chat = Render<ChatPane>();

        // Found and fired in one step: the pane re-renders when its conversations arrive.
        await chat.InvokeAsync(() => chat.Find("#chat-input").Input(new string('x', 2000) + " and more"));
        await chat.InvokeAsync(() => chat.Find("form.composer").Submit());

        chat.WaitForAssertion(() => Assert.Contains("Not sent", chat.Find("[data-testid=chat-error]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task EditingATask_AndEmptyingItsDue_RemovesTheDue()
    {
        var user = await SignedInAsync();
        await user.CreateAsync("""{"title":"File taxes","due":"2030-04-15"}""");
        var board = Render<TaskBoard>();
        board.WaitForAssertion(() => Assert.Equal("1 task", board.Find("[data-testid=task-count]").TextContent), TimeSpan.FromSeconds(20));

        await board.InvokeAsync(() => board.Find("button[aria-label='Edit File taxes']").Click());
        board.WaitForElement("form.edit input[id^=due-]");
        await board.InvokeAsync(() => board.Find("form.edit input[id^=due-]").Change(""));
        await board.InvokeAsync(() => board.Find("form.edit").Submit());

        // Saved and re-read: the edit form is gone and the row shows no due.
        board.WaitForAssertion(() => Assert.True(board.FindAll("form.edit").Count == 0 && board.FindAll("[data-testid=due]").Count == 0), TimeSpan.FromSeconds(20));
        Assert.Null((await user.GetTaskAsync(1))["due"]);
    }

    [Fact]
    public async Task TheBoardsTimes_MoveOn_WhileThePageStaysOpen()
    {
        var user = await SignedInAsync();
        await user.CreateAsync("""{"title":"Standup","due":"2030-04-15T09:00"}""");
        var board = Render<TaskBoard>();
        board.WaitForAssertion(() => Assert.Contains("in 1 min", board.Find("[data-testid=due]").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(20));
        Assert.DoesNotContain("overdue", board.Find("li.task").ClassName, StringComparison.Ordinal);

        _clock.Advance(TimeSpan.FromMinutes(3));

        board.WaitForAssertion(() => Assert.Contains("overdue", board.Find("li.task").ClassName, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.DoesNotContain("in 1 min", board.Find("[data-testid=due]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TaskBoard_ListsTheTasks_AndFiltersByPriority()
    {
        var user = await SignedInAsync();
        await user.CreateAsync("""{"title":"File taxes","priority":"high","due":"2030-04-15"}""");
        await user.CreateAsync("""{"title":"Water plants","priority":"low"}""");

        var board = Render<TaskBoard>();
        board.WaitForAssertion(() => Assert.Equal("2 tasks", board.Find("[data-testid=task-count]").TextContent), TimeSpan.FromSeconds(20));
        Assert.Equal(["File taxes", "Water plants"], board.FindAll("label.title").Select(l => l.TextContent));

        // Found and changed in one turn of the renderer: the live connection may re-render the board in between.
        await board.InvokeAsync(() => board.Find("[data-testid=filter-priority]").Change("high"));

        board.WaitForAssertion(() => Assert.Equal("1 task", board.Find("[data-testid=task-count]").TextContent), TimeSpan.FromSeconds(20));
        Assert.Contains("priority=high", Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().Uri, StringComparison.Ordinal);
    }
}
