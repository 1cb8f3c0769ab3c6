using Microsoft.Playwright;

namespace TodoGrains.Browser.Tests;

/// <summary>
/// The page's geometry as a person sees it, at a desktop width and at a phone's 390 px: nothing scrolls sideways,
/// nothing is pushed out of its row, and the chat shows the newest reply.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LayoutTests(BrowserFixture fixture)
{
    private const int Phone = PageActions.Phone;

    [Fact]
    public async Task AfterManyExchanges_TheNewestReplyIsVisible_AndThePageDoesNotGrowPastTheWindow()
    {
        var page = await fixture.OpenAsync();
        await BrowserFixture.SignUpAsync(page);

        for (var i = 1; i <= 7; i++)
        {
            await PageActions.SayAsync(page, $"add errand number {i}");
        }

        var last = page.GetByTestId("messages").Locator(".message.assistant:not(.typing)").Last;
        Assert.Contains("Errand number 7", await last.InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(await IsInsideAsync(last, page.GetByTestId("messages")), "The newest reply is scrolled out of the chat.");
        Assert.True(await IsInViewportAsync(last), "The newest reply is below the fold.");
        var size = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollHeight, window.innerHeight]");
        var (scrollHeight, innerHeight) = (size[0], size[1]);
        var below = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('body *')]
              .filter(e => e.getClientRects().length > 0 && e.getBoundingClientRect().bottom > window.innerHeight + 1)
              .slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().bottom))
            """);
        Assert.True(scrollHeight <= innerHeight, $"The page is {scrollHeight} px tall in a {innerHeight} px window: {string.Join(", ", below)}");
        await BrowserFixture.ScreenshotAsync(page, "chat-after-many-exchanges");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AtPhoneWidth_ALongConversationTitle_DoesNotWidenThePage()
    {
        var page = await fixture.OpenAsync(width: Phone, height: 844);
        await BrowserFixture.SignUpAsync(page);
        await PageActions.SayAsync(page, "add call the insurance company about the broken windscreen and ask whether the excess applies this time");
        await page.ReloadAsync();
        await page.GetByTestId("task-count").WaitForAsync();

        await PageActions.AssertNoSidewaysScrollAsync(page, "on the tasks tab");
        // One menu button per row, not three links squeezing the title.
        var row = page.GetByTestId("task").First;
        Assert.False(await row.GetByTestId("delete").IsVisibleAsync(), "The row's actions show without their menu.");
        await BrowserFixture.ScreenshotAsync(page, "phone-tasks");
        await row.GetByTestId("more").ClickAsync();
        await row.GetByTestId("delete").WaitForAsync();
        await BrowserFixture.ScreenshotAsync(page, "phone-row-menu");
        Assert.True(await IsWithinWidthAsync(row.GetByTestId("delete")), "The row's actions are cut off.");
        await PageActions.AssertNoSidewaysScrollAsync(page, "with a row's menu open");
        await page.Keyboard.PressAsync("Escape");
        await row.GetByTestId("delete").WaitForAsync(new() { State = WaitForSelectorState.Hidden });
        await page.GetByTestId("pane-chat").ClickAsync();
        await page.GetByTestId("messages").Locator(".message.assistant:not(.typing)").First.WaitForAsync();
        await PageActions.AssertNoSidewaysScrollAsync(page, "with a conversation");
        Assert.True(await IsInViewportAsync(page.GetByRole(AriaRole.Button, new() { Name = "Send" })), "Send is cut off.");
        Assert.True(await IsInViewportAsync(page.GetByTestId("messages").Locator(".message.assistant:not(.typing)").Last), "The newest reply is out of view.");
        await BrowserFixture.ScreenshotAsync(page, "phone-with-conversation");
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(Phone)]
    public async Task AnEditError_StaysInsideTheRow(int width)
    {
        var page = await fixture.OpenAsync(width: width, height: 844);
        await BrowserFixture.SignUpAsync(page);
        await PageActions.SayAsync(page, "add renew the passport with a rather long title that wraps on a phone");
        await PageActions.ShowTasksAsync(page);
        var task = page.GetByTestId("task").First;
        await PageActions.OpenRowMenuAsync(task);
        await task.GetByRole(AriaRole.Button, new() { NameRegex = new("^Edit ") }).ClickAsync();
        await task.GetByLabel("Due").FillAsync("banana");
        await task.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await task.GetByRole(AriaRole.Alert).WaitForAsync();

        var outside = await task.EvaluateAsync<string[]>("""
            row => {
              const edge = row.getBoundingClientRect().right + 1;
              return [...row.querySelectorAll('*')]
                .filter(e => e.getClientRects().length > 0 && e.getBoundingClientRect().right > edge)
                .map(e => e.tagName + (e.id ? '#' + e.id : '') + ' ' + Math.round(e.getBoundingClientRect().right));
            }
            """);
        Assert.True(outside.Length == 0, $"Pushed past the row's right edge ({await task.EvaluateAsync<int>("r => r.getBoundingClientRect().right")}): {string.Join(", ", outside)}");
        await PageActions.AssertNoSidewaysScrollAsync(page, "with an edit error");
        await BrowserFixture.ScreenshotAsync(page, $"edit-error-{width}");
        await page.Context.CloseAsync();
    }

    private static Task<bool> IsInViewportAsync(ILocator element) => element.EvaluateAsync<bool>("""
        e => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.left >= 0 && r.bottom <= window.innerHeight && r.right <= window.innerWidth; }
        """);

    private static Task<bool> IsWithinWidthAsync(ILocator element) => element.EvaluateAsync<bool>("""
        e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.left >= 0 && r.right <= window.innerWidth; }
        """);

    private static async Task<bool> IsInsideAsync(ILocator element, ILocator container)
    {
        var box = await element.BoundingBoxAsync();
        var outer = await container.BoundingBoxAsync();
        return box is not null && outer is not null && box.Y >= outer.Y - 1 && box.Y + box.Height <= outer.Y + outer.Height + 1;
    }
}
