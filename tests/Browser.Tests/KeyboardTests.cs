using Microsoft.Playwright;

namespace TodoGrains.Browser.Tests;

/// <summary>The board without a mouse: q, /, j, k, x, e, # and ?.</summary>
[Collection(BrowserCollection.Name)]
public sealed class KeyboardTests(BrowserFixture fixture)
{
    [Fact]
    public async Task TheShortcuts_MoveCompleteEditAndDelete()
    {
        var page = await fixture.OpenAsync();
        var (userName, password) = await BrowserFixture.SignUpAsync(page);
        var api = await fixture.LoginAsync(userName, password);
        foreach (var (title, due) in new[] { ("First thing", "2030-01-01"), ("Second thing", "2030-01-02"), ("Third thing", "2030-01-03") })
        {
            await api.CreateAsync($$"""{"title":"{{title}}","due":"{{due}}"}""");
        }

        await page.GetByTestId("task-count").Filter(new() { HasText = "3 tasks" }).WaitForAsync();
        await page.Locator("body").ClickAsync(new() { Position = new() { X = 5, Y = 300 } });

        await page.Keyboard.PressAsync("j");
        await page.Keyboard.PressAsync("j");
        await page.Keyboard.PressAsync("k");
        Assert.Equal("1", await FocusedRowAsync(page));
        await page.Keyboard.PressAsync("j");
        Assert.Equal("2", await FocusedRowAsync(page));

        await page.Keyboard.PressAsync("x");
        await page.Locator("[data-task-id='2']").WaitForAsync(new() { State = WaitForSelectorState.Detached });
        Assert.Equal("completed", (await api.GetTaskAsync(2))["status"]!.GetValue<string>());

        await page.Locator("[data-task-id='3']").FocusAsync();
        await page.Keyboard.PressAsync("#");
        var yes = page.Locator("[data-task-id='3']").GetByTestId("confirm-yes");
        await yes.WaitForAsync();
        await BrowserFixture.WaitOrExplainAsync(page, page.Locator("[data-testid=confirm-yes]:focus"), "The focused confirmation");
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("[data-task-id='3']").WaitForAsync(new() { State = WaitForSelectorState.Detached });
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await api.SendAsync(HttpMethod.Get, "tasks/3")).StatusCode);

        await page.Locator("[data-task-id='1']").FocusAsync();
        await page.Keyboard.PressAsync("e");
        await page.Locator("[data-task-id='1']").GetByLabel("Title").WaitForAsync();
        await page.Locator("[data-task-id='1']").GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();

        await page.Locator("[data-task-id='1']").FocusAsync();
        await page.Keyboard.PressAsync("q");
        Assert.Equal("quick-add", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        // In a field, the letters are the field's.
        await page.Keyboard.TypeAsync("jxq");
        Assert.Equal("jxq", await page.GetByLabel("Add a task").InputValueAsync());
        Assert.Equal(2, (await api.ListAsync("?status=all"))["total"]!.GetValue<int>());

        await page.Locator("[data-task-id='1']").FocusAsync();
        await page.Keyboard.PressAsync("/");
        Assert.Equal("filter-search", await page.EvaluateAsync<string>("() => document.activeElement.dataset.testid"));

        await page.Locator("[data-task-id='1']").FocusAsync();
        await page.Keyboard.PressAsync("?");
        var list = page.GetByTestId("shortcuts");
        await list.WaitForAsync();
        Assert.Contains("Quick add", await list.InnerTextAsync(), StringComparison.Ordinal);
        await BrowserFixture.ScreenshotAsync(page, "shortcuts");
        await page.Keyboard.PressAsync("Escape");
        await list.WaitForAsync(new() { State = WaitForSelectorState.Hidden });
        await page.Context.CloseAsync();
    }

    private static Task<string> FocusedRowAsync(IPage page) =>
        page.EvaluateAsync<string>("() => document.activeElement?.closest('li[data-testid=task]')?.dataset.taskId ?? ''");
}
