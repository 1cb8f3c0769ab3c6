using Microsoft.Playwright;

namespace TodoGrains.Browser.Tests;

/// <summary>A reminder where it appears: when it fired, the task, snooze, complete, mark all read, and a panel that closes like a menu.</summary>
[Collection(BrowserCollection.Name)]
public sealed class NotificationTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData(1280)]
    [InlineData(PageActions.Phone)]
    public async Task AReminderToast_SnoozesItsTask_AndTheInboxMarksAllReadAndClosesOnEscAndOutside(int width)
    {
        var page = await fixture.OpenAsync(width: width, height: 844);
        var (userName, password) = await BrowserFixture.SignUpAsync(page);
        var api = await fixture.LoginAsync(userName, password);
        var soon = DateTimeOffset.UtcNow.AddSeconds(3).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", System.Globalization.CultureInfo.InvariantCulture);
        var cake = (await api.CreateAsync($$"""{"title":"Take the cake out","remind_at":"{{soon}}"}"""))["id"]!.GetValue<int>();
        await api.CreateAsync($$"""{"title":"Call the plumber","remind_at":"{{soon}}"}""");

        var toast = page.GetByTestId("toast").Filter(new() { HasText = "Take the cake out" });
        await BrowserFixture.WaitOrExplainAsync(page, toast, "The reminder's toast");
        await PageActions.AssertNoSidewaysScrollAsync(page, "with reminder toasts");
        await page.GetByTestId("unread").Filter(new() { HasText = "2" }).WaitForAsync();
        var before = DateTimeOffset.UtcNow;
        await toast.GetByTestId("snooze-60").ClickAsync();
        await toast.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        var remindAt = (await api.GetTaskAsync(cake))["remind_at"]!.GetValue<DateTimeOffset>();
        Assert.InRange(remindAt, before.AddMinutes(59), before.AddMinutes(61));

        // The other reminder's toast keeps its own state: it was not snoozed.
        var plumber = page.GetByTestId("toast").Filter(new() { HasText = "Call the plumber" });
        Assert.Equal(0, await plumber.Locator(".said").CountAsync());

        await page.GetByTestId("inbox").ClickAsync();
        var panel = page.GetByRole(AriaRole.Dialog, new() { Name = "Notifications" });
        await panel.WaitForAsync();
        Assert.Equal(2, await panel.GetByTestId("notification").CountAsync());
        Assert.Equal(2, await panel.Locator("time").CountAsync());
        await BrowserFixture.ScreenshotAsync(page, $"inbox-with-actions-{width}");
        await PageActions.AssertNoSidewaysScrollAsync(page, "with the inbox open");
        await panel.GetByTestId("mark-all-read").ClickAsync();
        await page.GetByTestId("unread").WaitForAsync(new() { State = WaitForSelectorState.Detached });

        await page.Keyboard.PressAsync("Escape");
        await panel.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await page.GetByTestId("inbox").ClickAsync();
        await panel.WaitForAsync();
        await page.Locator("body").ClickAsync(new() { Position = new() { X = 5, Y = 400 } });
        await panel.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await page.Context.CloseAsync();
    }
}
