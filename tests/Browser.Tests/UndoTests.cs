using Microsoft.Playwright;

namespace TodoGrains.Browser.Tests;

/// <summary>Every change made from the board or the chat can be taken back from the toast that follows it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class UndoTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData(1280)]
    [InlineData(PageActions.Phone)]
    public async Task ADeletionUndone_BringsTheTaskBackWithItsIdReminderAndSeries(int width)
    {
        var page = await fixture.OpenAsync(width: width, height: 844);
        var (userName, password) = await BrowserFixture.SignUpAsync(page);
        var api = await fixture.LoginAsync(userName, password);
        var created = await api.CreateAsync("""{"title":"Water the plants","due":"2030-05-04T18:00","recurrence":"FREQ=WEEKLY","remind_before":"PT30M","tags":["home"]}""");
        var id = created["id"]!.GetValue<int>();
        var row = page.GetByTestId("task").Filter(new() { HasText = "Water the plants" });
        await row.WaitForAsync();

        await PageActions.OpenRowMenuAsync(row);
        await row.GetByTestId("delete").ClickAsync();
        await row.GetByTestId("confirm-yes").ClickAsync();
        await row.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        var toast = page.GetByTestId("undo-toast");
        Assert.Contains("Deleted “Water the plants”", await toast.InnerTextAsync(), StringComparison.Ordinal);
        await BrowserFixture.ScreenshotAsync(page, $"undo-after-delete-{width}");
        await PageActions.AssertNoSidewaysScrollAsync(page, "with the undo toast");
        await toast.GetByTestId("undo").ClickAsync();

        await BrowserFixture.WaitOrExplainAsync(page, row, "The restored task");
        var restored = await api.GetTaskAsync(id);
        foreach (var field in new[] { "title", "due", "recurrence", "series_id", "remind_at", "remind_before", "tags", "status" })
        {
            Assert.Equal(created[field]?.ToJsonString(), restored[field]?.ToJsonString());
        }

        await toast.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ACompletionAndAnEdit_AreUndoneFromTheToast()
    {
        var page = await fixture.OpenAsync();
        var (userName, password) = await BrowserFixture.SignUpAsync(page);
        var api = await fixture.LoginAsync(userName, password);
        var id = (await api.CreateAsync("""{"title":"Renew the passport","due":"2030-06-01"}"""))["id"]!.GetValue<int>();
        var row = page.Locator($"[data-task-id='{id}']");
        await row.WaitForAsync();

        await row.GetByRole(AriaRole.Checkbox).CheckAsync();
        await row.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        Assert.Equal("completed", (await api.GetTaskAsync(id))["status"]!.GetValue<string>());
        await page.GetByTestId("undo-toast").GetByTestId("undo").ClickAsync();
        await BrowserFixture.WaitOrExplainAsync(page, row, "The reopened task");
        Assert.Equal("pending", (await api.GetTaskAsync(id))["status"]!.GetValue<string>());

        await row.GetByRole(AriaRole.Button, new() { NameRegex = new("^Edit ") }).ClickAsync();
        await row.GetByLabel("Title").FillAsync("Renew both passports");
        await row.GetByLabel("Due").FillAsync("");
        await row.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await page.GetByTestId("undo-toast").Filter(new() { HasText = "Updated “Renew both passports”" }).WaitForAsync();
        Assert.Null((await api.GetTaskAsync(id))["due"]);
        await page.GetByTestId("undo-toast").GetByTestId("undo").ClickAsync();
        await page.GetByTestId("undo-toast").WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await BrowserFixture.WaitOrExplainAsync(page, page.GetByTestId("task").Filter(new() { HasText = "Renew the passport" }), "The title as it was");
        var back = await api.GetTaskAsync(id);
        Assert.Equal("Renew the passport", back["title"]!.GetValue<string>());
        Assert.Equal("2030-06-01", back["due"]!.GetValue<string>());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AChatChange_IsUndoneFromTheToast_ThroughTheConversation()
    {
        var page = await fixture.OpenAsync();
        var (userName, password) = await BrowserFixture.SignUpAsync(page);
        var api = await fixture.LoginAsync(userName, password);
        await PageActions.SayAsync(page, "add buy stamps tomorrow");
        await page.GetByTestId("task").Filter(new() { HasText = "Buy stamps" }).WaitForAsync();

        var toast = page.GetByTestId("undo-toast");
        Assert.Contains("Added 'Buy stamps'", await toast.InnerTextAsync(), StringComparison.Ordinal);
        await toast.GetByTestId("undo").ClickAsync();

        await BrowserFixture.WaitOrExplainAsync(page, page.GetByTestId("messages").GetByText("Undone: removed 'Buy stamps' again."), "The chat's undo reply");
        await page.GetByTestId("task").Filter(new() { HasText = "Buy stamps" }).WaitForAsync(new() { State = WaitForSelectorState.Detached });
        Assert.Equal(0, (await api.ListAsync())["total"]!.GetValue<int>());
        await page.Context.CloseAsync();
    }
}
