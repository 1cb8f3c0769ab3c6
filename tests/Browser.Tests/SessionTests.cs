using Microsoft.Playwright;

namespace TodoGrains.Browser.Tests;

/// <summary>One sign-in per browser: every tab shares it, and a sign-out in one tab signs out all of them.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SessionTests(BrowserFixture fixture)
{
    [Fact]
    public async Task ASecondTab_IsSignedIn_AndSigningOutThereSignsOutTheFirst()
    {
        var first = await fixture.OpenAsync();
        var (userName, _) = await BrowserFixture.SignUpAsync(first);

        var second = await first.Context.NewPageAsync();
        await second.GotoAsync("");
        await BrowserFixture.WaitOrExplainAsync(second, second.GetByTestId("task-count"), "The board in a second tab, without signing in");
        Assert.Equal(userName, await second.Locator(".who").InnerTextAsync());

        await second.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await BrowserFixture.WaitOrExplainAsync(first, first.GetByRole(AriaRole.Button, new() { Name = "Sign in" }), "The sign-in form in the first tab");
        Assert.Equal(0, await first.GetByTestId("task-count").CountAsync());

        // And a new tab now asks for a sign-in.
        var third = await first.Context.NewPageAsync();
        await third.GotoAsync("");
        await third.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).WaitForAsync();
        await first.Context.CloseAsync();
    }
}
