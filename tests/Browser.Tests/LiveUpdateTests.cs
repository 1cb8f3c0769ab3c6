using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace TodoGrains.Browser.Tests;

/// <summary>The board applies what the hub pushes instead of reading the whole list again for every change.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LiveUpdateTests(BrowserFixture fixture)
{
    [Fact]
    public async Task AReminderSetElsewhere_ShowsOnTheBoard_WithoutReadingTheListAgain_AndACompletionReadsItOnce()
    {
        var page = await fixture.OpenAsync();
        var (userName, password) = await BrowserFixture.SignUpAsync(page);
        var api = await fixture.LoginAsync(userName, password);
        var id = (await api.CreateAsync("""{"title":"Water the plants","due":"2030-03-05"}"""))["id"]!.GetValue<int>();
        var row = page.GetByTestId("task").Filter(new() { HasText = "Water the plants" });
        await row.WaitForAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        var listReads = new ConcurrentQueue<string>();
        page.Request += (_, request) =>
        {
            if (request.Method == "GET" && new Uri(request.Url).AbsolutePath.EndsWith("/tasks", StringComparison.Ordinal))
            {
                listReads.Enqueue(request.Url);
            }
        };

        // From elsewhere (the API, as another device would): a reminder moves nothing on the board.
        await api.JsonAsync(HttpMethod.Patch, $"tasks/{id}", """{"remind_at":"2030-03-05T08:00"}""");
        await row.GetByTestId("bell").WaitForAsync();
        await page.WaitForTimeoutAsync(500);
        Assert.Empty(listReads);

        // A completion takes the task out of the open view: the board is read again, once (the list and its views' counts).
        await api.JsonAsync(HttpMethod.Patch, $"tasks/{id}/complete", """{"completed":true}""");
        await row.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.Single(listReads, u => !System.Text.RegularExpressions.Regex.IsMatch(u, "[?&]limit=1(&|$)"));
        await page.Context.CloseAsync();
    }
}
