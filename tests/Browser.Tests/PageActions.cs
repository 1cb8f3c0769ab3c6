using Microsoft.Playwright;

namespace TodoGrains.Browser.Tests;

/// <summary>What several browser tests do to a page: say something in the chat, check the page's width.</summary>
public static class PageActions
{
    /// <summary>The phone width every main view is also tested at (an iPhone 12 to 15 in CSS pixels).</summary>
    public const int Phone = 390;

    public static async Task SayAsync(IPage page, string text)
    {
        var replies = page.GetByTestId("messages").Locator(".message.assistant:not(.typing)");
        // On a phone the chat is a tab of its own.
        if (await page.GetByTestId("pane-chat").IsVisibleAsync())
        {
            await page.GetByTestId("pane-chat").ClickAsync();
        }

        var before = await replies.CountAsync();
        await page.GetByLabel("Message").FillAsync(text);
        await page.GetByLabel("Message").PressAsync("Enter");
        await BrowserFixture.WaitOrExplainAsync(page, replies.Nth(before), $"The reply to '{text}'");
    }

    /// <summary>The task list in view: on a phone it is a tab of its own, beside the chat.</summary>
    public static async Task ShowTasksAsync(IPage page)
    {
        if (await page.GetByTestId("pane-tasks").IsVisibleAsync())
        {
            await page.GetByTestId("pane-tasks").ClickAsync();
        }
    }

    /// <summary>A row's actions in reach: on a phone they sit behind the row's "⋯" menu.</summary>
    public static async Task OpenRowMenuAsync(ILocator row)
    {
        var more = row.GetByTestId("more");
        if (await more.IsVisibleAsync() && await more.GetAttributeAsync("aria-expanded") != "true")
        {
            await more.ClickAsync();
        }
    }

    public static async Task AssertNoSidewaysScrollAsync(IPage page, string state)
    {
        var size = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        var (scrollWidth, innerWidth) = (size[0], size[1]);
        Assert.True(scrollWidth <= innerWidth, $"The page scrolls sideways {state}: {scrollWidth} px wide in a {innerWidth} px window.");
    }
}
