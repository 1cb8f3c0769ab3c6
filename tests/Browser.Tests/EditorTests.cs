using Microsoft.Playwright;

namespace TodoGrains.Browser.Tests;

/// <summary>Every field of a task edited on the board: set, cleared, and an error beside the field it is about.</summary>
[Collection(BrowserCollection.Name)]
public sealed class EditorTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData(1280)]
    [InlineData(PageActions.Phone)]
    public async Task EveryField_CanBeSet_ThenCleared(int width)
    {
        var page = await fixture.OpenAsync(width: width, height: 844);
        var (userName, password) = await BrowserFixture.SignUpAsync(page);
        var api = await fixture.LoginAsync(userName, password);
        var id = (await api.CreateAsync("""{"title":"Water the plants","tags":["garden"]}"""))["id"]!.GetValue<int>();
        var row = page.Locator($"[data-task-id='{id}']");
        await row.WaitForAsync();

        await PageActions.OpenRowMenuAsync(row);
        await row.GetByRole(AriaRole.Button, new() { NameRegex = new("^Edit ") }).ClickAsync();
        var editor = row.GetByTestId("editor");
        await editor.GetByLabel("Description").FillAsync("the ones on the balcony");
        await editor.GetByLabel("Due").FillAsync("next friday at 5pm");
        await editor.GetByLabel("Priority").SelectOptionAsync("high");
        await editor.GetByLabel("Tags").FillAsync("home, #Errands");
        await editor.GetByLabel("Repeats").SelectOptionAsync(new SelectOptionValue { Label = "Every week" });
        await editor.GetByLabel("Reminder").SelectOptionAsync(new SelectOptionValue { Label = "15 minutes before" });
        await BrowserFixture.ScreenshotAsync(page, $"editor-filled-{width}");
        await PageActions.AssertNoSidewaysScrollAsync(page, "with the editor open");
        await editor.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await editor.WaitForAsync(new() { State = WaitForSelectorState.Detached });

        var saved = await api.GetTaskAsync(id);
        Assert.Equal("the ones on the balcony", saved["description"]!.GetValue<string>());
        Assert.EndsWith("T17:00:00+01:00", saved["due"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(DayOfWeek.Friday, DateTimeOffset.Parse(saved["due"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).DayOfWeek);
        Assert.Equal("high", saved["priority"]!.GetValue<string>());
        Assert.Equal("[\"home\",\"errands\"]", saved["tags"]!.ToJsonString());
        Assert.Equal("FREQ=WEEKLY", saved["recurrence"]!.GetValue<string>());
        Assert.Equal("PT15M", saved["remind_before"]!.GetValue<string>());
        await row.GetByTestId("bell").WaitForAsync();

        await PageActions.OpenRowMenuAsync(row);
        await row.GetByRole(AriaRole.Button, new() { NameRegex = new("^Edit ") }).ClickAsync();
        await editor.GetByLabel("Description").FillAsync("");
        await editor.GetByLabel("Due").FillAsync("");
        await editor.GetByLabel("Priority").SelectOptionAsync("none");
        await editor.GetByLabel("Tags").FillAsync("");
        await editor.GetByLabel("Repeats").SelectOptionAsync(new SelectOptionValue { Label = "Never" });
        await editor.GetByLabel("Reminder").SelectOptionAsync(new SelectOptionValue { Label = "None" });
        await editor.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await editor.WaitForAsync(new() { State = WaitForSelectorState.Detached });

        var cleared = await api.GetTaskAsync(id);
        foreach (var field in new[] { "description", "due", "recurrence", "remind_before", "remind_at" })
        {
            Assert.True(cleared[field] is null, $"{field} is still {cleared[field]?.ToJsonString()}");
        }

        Assert.Equal("none", cleared["priority"]!.GetValue<string>());
        Assert.Equal("[]", cleared["tags"]!.ToJsonString());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AnEditInProgress_SurvivesTheBoardRefreshingUnderIt()
    {
        var page = await fixture.OpenAsync();
        var (userName, password) = await BrowserFixture.SignUpAsync(page);
        var api = await fixture.LoginAsync(userName, password);
        var id = (await api.CreateAsync("""{"title":"Book the venue"}"""))["id"]!.GetValue<int>();
        var row = page.Locator($"[data-task-id='{id}']");
        await row.GetByRole(AriaRole.Button, new() { NameRegex = new("^Edit ") }).ClickAsync();
        var editor = row.GetByTestId("editor");
        await editor.GetByLabel("Description").FillAsync("the hall on Elm street");
        await editor.GetByLabel("Priority").SelectOptionAsync("high");

        // Another device adds a task: the board reloads while this one is being edited.
        await api.CreateAsync("""{"title":"Send the invitations"}""");
        await page.GetByTestId("task").Filter(new() { HasText = "Send the invitations" }).WaitForAsync();
        await editor.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await editor.WaitForAsync(new() { State = WaitForSelectorState.Detached });

        var saved = await api.GetTaskAsync(id);
        Assert.Equal("the hall on Elm street", saved["description"]?.GetValue<string>());
        Assert.Equal("high", saved["priority"]!.GetValue<string>());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AnInvalidRule_IsRefusedBesideTheRepeatsField_AndNothingChanges()
    {
        var page = await fixture.OpenAsync();
        var (userName, password) = await BrowserFixture.SignUpAsync(page);
        var api = await fixture.LoginAsync(userName, password);
        var id = (await api.CreateAsync("""{"title":"Stretch"}"""))["id"]!.GetValue<int>();
        var row = page.Locator($"[data-task-id='{id}']");
        await row.GetByRole(AriaRole.Button, new() { NameRegex = new("^Edit ") }).ClickAsync();
        var editor = row.GetByTestId("editor");

        await editor.GetByLabel("Title").FillAsync("Stretch well");
        await editor.GetByLabel("Repeats").SelectOptionAsync("custom");
        await editor.GetByLabel("Rule").FillAsync("FREQ=SOMETIMES");
        await editor.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        var error = editor.Locator(".field-error[data-field=recurrence]");
        await BrowserFixture.WaitOrExplainAsync(page, error, "The rule's error");
        Assert.Equal(1, await editor.GetByRole(AriaRole.Alert).CountAsync());
        Assert.Equal("Stretch", (await api.GetTaskAsync(id))["title"]!.GetValue<string>());
        await page.Context.CloseAsync();
    }
}
