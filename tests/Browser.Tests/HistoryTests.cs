using Microsoft.Playwright;

namespace TodoGrains.Browser.Tests;

/// <summary>A task's history says what each change changed, from the audit trail.</summary>
[Collection(BrowserCollection.Name)]
public sealed class HistoryTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData(1280)]
    [InlineData(PageActions.Phone)]
    public async Task History_SaysWhatChanged_FromAndTo(int width)
    {
        var page = await fixture.OpenAsync(width: width, height: 844);
        var (userName, password) = await BrowserFixture.SignUpAsync(page);
        var api = await fixture.LoginAsync(userName, password);
        var id = (await api.CreateAsync("""{"title":"File taxes","due":"2030-04-15"}"""))["id"]!.GetValue<int>();
        await api.JsonAsync(HttpMethod.Patch, $"tasks/{id}", """{"title":"File the taxes","due":"2030-04-16","priority":"high","tags":["money"]}""");
        var row = page.Locator($"[data-task-id='{id}']");
        await row.Filter(new() { HasText = "File the taxes" }).WaitForAsync();

        // The audit trail is written from the events, a moment after the change: open the history until it has both.
        var audit = row.GetByTestId("audit");
        var history = row.GetByRole(AriaRole.Button, new() { NameRegex = new("^History of ") });
        for (var attempt = 0; attempt < 50 && await audit.Locator("li").CountAsync() < 2; attempt++)
        {
            if (await audit.CountAsync() > 0)
            {
                await PageActions.OpenRowMenuAsync(row);
                await history.ClickAsync();
            }

            await PageActions.OpenRowMenuAsync(row);
            await history.ClickAsync();
            await audit.WaitForAsync();
        }

        var lines = await audit.Locator("li").AllInnerTextsAsync();
        Assert.Equal(2, lines.Count);
        Assert.EndsWith("updated: title “File taxes” → “File the taxes”; due Mon 15 Apr → Tue 16 Apr; priority none → high; tags none → #money", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("created", lines[1], StringComparison.Ordinal);
        await BrowserFixture.ScreenshotAsync(page, $"history-with-changes-{width}");
        await PageActions.AssertNoSidewaysScrollAsync(page, "with a history open");
        await page.Context.CloseAsync();
    }
}
