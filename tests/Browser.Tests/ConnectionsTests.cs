using System.Net;
using System.Net.Http.Headers;
using Microsoft.Playwright;

namespace TodoGrains.Browser.Tests;

/// <summary>Connecting other apps from the browser: a personal access token shown once and revoked, a calendar feed address made and turned off.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ConnectionsTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData(1280)]
    [InlineData(PageActions.Phone)]
    public async Task AToken_IsShownOnce_WorksForTheFeed_AndStopsWhenRevoked(int width)
    {
        var page = await fixture.OpenAsync(width: width, height: 844);
        var (userName, password) = await BrowserFixture.SignUpAsync(page);
        var userId = (await fixture.LoginAsync(userName, password)).UserId;
        await page.GetByTestId("open-connections").ClickAsync();
        var dialog = page.GetByTestId("connections");
        await dialog.WaitForAsync();
        Assert.Equal(new Uri(fixture.Silo.BaseAddress, "mcp").ToString(), await dialog.GetByTestId("mcp-url").InnerTextAsync());

        // A nameless token is refused beside the field.
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
        await dialog.Locator(".field-error[data-field=name]").WaitForAsync();

        await dialog.GetByLabel("Token name").FillAsync("Claude Desktop");
        await dialog.GetByLabel("Expires").SelectOptionAsync("30");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
        var token = await dialog.GetByTestId("new-token").Locator("code").InnerTextAsync();
        Assert.StartsWith("tgp_", token, StringComparison.Ordinal);
        await dialog.GetByTestId("token").Filter(new() { HasText = "Claude Desktop" }).WaitForAsync();
        Assert.Contains("never used", await dialog.GetByTestId("token").InnerTextAsync(), StringComparison.Ordinal);
        await PageActions.AssertNoSidewaysScrollAsync(page, "with a new token shown");
        await BrowserFixture.ScreenshotAsync(page, $"connections-token-{width}");

        Assert.Equal(HttpStatusCode.OK, await FeedStatusAsync(userId, token));

        await dialog.GetByRole(AriaRole.Button, new() { Name = "Revoke Claude Desktop" }).ClickAsync();
        await dialog.GetByTestId("token").WaitForAsync(new() { State = WaitForSelectorState.Detached });
        Assert.Equal(HttpStatusCode.Unauthorized, await FeedStatusAsync(userId, token));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TheCalendarAddress_ServesTheFeed_UntilTurnedOff()
    {
        var page = await fixture.OpenAsync();
        var (userName, password) = await BrowserFixture.SignUpAsync(page);
        var api = await fixture.LoginAsync(userName, password);
        await api.CreateAsync("""{"title":"Dentist","due":"2030-02-01T10:00"}""");
        await page.GetByTestId("open-connections").ClickAsync();
        var dialog = page.GetByTestId("connections");

        await dialog.GetByTestId("new-feed").ClickAsync();
        var url = await dialog.GetByTestId("feed-url").Locator("code").InnerTextAsync();
        using var anonymous = new HttpClient();
        Assert.Contains("SUMMARY:Dentist", await anonymous.GetStringAsync(url, TestContext.Current.CancellationToken), StringComparison.Ordinal);

        await dialog.GetByTestId("stop-feed").ClickAsync();
        await dialog.GetByTestId("stop-feed").WaitForAsync(new() { State = WaitForSelectorState.Detached });
        using var gone = await anonymous.GetAsync(url, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        await page.Context.CloseAsync();
    }

    private async Task<HttpStatusCode> FeedStatusAsync(string userId, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/{userId}/calendar.ics");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await fixture.Http.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }
}
