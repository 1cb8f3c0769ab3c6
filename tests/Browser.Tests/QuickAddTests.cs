using Microsoft.Playwright;

namespace TodoGrains.Browser.Tests;

/// <summary>The board's quick add: a line read by the chat's parser as you type, added on Enter.</summary>
[Collection(BrowserCollection.Name)]
public sealed class QuickAddTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData(1280)]
    [InlineData(PageActions.Phone)]
    public async Task ALine_IsShownAsRead_ThenAddedOnEnter(int width)
    {
        var page = await fixture.OpenAsync(width: width, height: 844);
        var (userName, password) = await BrowserFixture.SignUpAsync(page);
        var api = await fixture.LoginAsync(userName, password);
        var input = page.GetByLabel("Add a task");

        await input.PressSequentiallyAsync("pay rent every 1st at 9am !high #home");

        var marked = page.GetByTestId("quick-marked");
        await BrowserFixture.WaitOrExplainAsync(page, marked.Locator("mark[data-kind=tag]"), "The recognised tag");
        Assert.Equal("every 1st", await marked.Locator("mark[data-kind=recurrence]").InnerTextAsync());
        Assert.Equal("at 9am", await marked.Locator("mark[data-kind=due]").InnerTextAsync());
        Assert.Equal("!high", await marked.Locator("mark[data-kind=priority]").InnerTextAsync());
        Assert.Equal("#home", await marked.Locator("mark[data-kind=tag]").InnerTextAsync());
        Assert.Equal("Pay rent", await page.GetByTestId("quick-title").InnerTextAsync());
        Assert.Contains("monthly on the 1st", await page.GetByTestId("quick-recurrence").InnerTextAsync(), StringComparison.Ordinal);
        Assert.EndsWith("09:00", await page.GetByTestId("quick-due").InnerTextAsync(), StringComparison.Ordinal);
        // Read, not added: nothing exists until Enter.
        Assert.Equal(0, (await api.ListAsync())["total"]!.GetValue<int>());
        await PageActions.AssertNoSidewaysScrollAsync(page, "with a quick-add reading");
        await BrowserFixture.ScreenshotAsync(page, $"quick-add-reading-{width}");

        await input.PressAsync("Enter");

        var row = page.GetByTestId("task").Filter(new() { HasText = "Pay rent" });
        await BrowserFixture.WaitOrExplainAsync(page, row, "The added task");
        Assert.Equal("high", await row.GetByTestId("priority").InnerTextAsync());
        Assert.Contains("monthly on the 1st", await row.GetByTestId("repeat").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("#home", await row.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("", await input.InputValueAsync());
        Assert.Contains("Added “Pay rent”", await page.GetByTestId("undo-toast").InnerTextAsync(), StringComparison.Ordinal);
        var stored = (await api.ListAsync())["items"]!.AsArray().Single()!;
        Assert.Equal("FREQ=MONTHLY;BYMONTHDAY=1", stored["recurrence"]!.GetValue<string>());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ALineThatIsNoTask_SaysWhyOnEnter_AndAddsNothing()
    {
        var page = await fixture.OpenAsync();
        var (userName, password) = await BrowserFixture.SignUpAsync(page);
        var api = await fixture.LoginAsync(userName, password);

        await page.GetByLabel("Add a task").FillAsync("#home !high");
        await page.GetByLabel("Add a task").PressAsync("Enter");

        await BrowserFixture.WaitOrExplainAsync(page, page.GetByTestId("quick-reading").GetByRole(AriaRole.Alert), "The reason");
        Assert.Contains("called", await page.GetByTestId("quick-reading").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, (await api.ListAsync())["total"]!.GetValue<int>());
        await page.Context.CloseAsync();
    }
}
