using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace TodoGrains.Release.Tests;

/// <summary>A first visit, as a person makes it, through the ingress of the release running in containers.</summary>
[Collection(ReleaseCollection.Name)]
public sealed class JourneyTests(ReleaseCluster release)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task AFirstVisit_SignsUpAndChats_AndEveryEdgeServicePodSeesTheChange()
    {
        var clock = Stopwatch.StartNew();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium.ExecutablePath,
            Headless = true,
            Args = Chromium.Args,
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = release.Ingress.ToString(), TimezoneId = "Europe/Berlin", Locale = "en-GB" });
        context.SetDefaultTimeout((float)Patience.TotalMilliseconds);
        var page = await context.NewPageAsync();
        var console = new List<string>();
        page.Console += (_, message) => console.Add($"{message.Type}: {message.Text}");

        // The page comes from the front-end pod, the API from the chat-api pods, the hub from the sync pod.
        await page.GotoAsync("/");
        var userName = "pod-" + Guid.NewGuid().ToString("N")[..10];
        const string password = "correct horse battery";
        await page.GetByRole(AriaRole.Button, new() { Name = "Create an account" }).ClickAsync();
        await page.GetByLabel("User name").FillAsync(userName);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync();
        await Explain(page, console, () => page.GetByText("Live", new() { Exact = true }).WaitForAsync());

        await page.GetByLabel("Message").FillAsync("add water the plants tomorrow at 8am");
        await page.GetByLabel("Message").PressAsync("Enter");
        await Explain(page, console, () => page.GetByTestId("task").Filter(new() { HasText = "Water the plants" }).WaitForAsync());

        using var http = new HttpClient { BaseAddress = release.Ingress };
        var ct = TestContext.Current.CancellationToken;
        using var signIn = await http.PostAsJsonAsync("api/auth/login", new { user_name = userName, password }, ct);
        var login = await signIn.Content.ReadFromJsonAsync<JsonObject>(ct);
        var api = new ApiClient(http, (string)login!["user_id"]!, (string)login["access_token"]!, userName);

        // The audit pod recorded the chat's change (the chat-api reads it back through Dapr service invocation).
        await UntilAsync("the audit trail to show the created task", async () =>
            (await api.JsonAsync(HttpMethod.Get, "audit"))["items"]!.AsArray().Any(e => (string?)e!["title"] == "Water the plants"));

        // A SignalR client of the sync pod gets the next change live.
        await using var tab = await SyncClient.ConnectAsync(release.Ingress, api.Token);
        var created = await api.CreateAsync("""{"title":"Call the plumber"}""");
        var changed = await tab.WaitForAsync("TaskChanged", e => e.GetProperty("task_id").GetInt32() == (int)created["id"]!, 1, Patience);
        Assert.Single(changed);

        // A reminder a few seconds away fires in the owning silo, goes through the notification pod to the sync pod,
        // and reaches the browser as a toast.
        await api.CreateAsync($$"""{"title":"Take the cake out","remind_at":"{{DateTimeOffset.UtcNow.AddSeconds(5):yyyy-MM-dd'T'HH:mm:ss.fffzzz}}"}""");
        var toast = page.GetByTestId("toast");
        await Explain(page, console, () => toast.WaitForAsync());
        Assert.Contains("Take the cake out", await toast.InnerTextAsync(), StringComparison.Ordinal);
        await UntilAsync("the notification pod's inbox to hold the reminder", async () =>
            (await api.JsonAsync(HttpMethod.Get, "notifications"))["items"]!.AsArray().Any(n => (string?)n!["title"] == "Take the cake out"));

        release.Figures["journey_s"] = Math.Round(clock.Elapsed.TotalSeconds, 1);
        var screenshots = Path.Combine(AppContext.BaseDirectory, "TestResults", "release");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, "journey.png"), FullPage = true });
        await context.CloseAsync();
    }

    private static async Task Explain(IPage page, List<string> console, Func<Task> step)
    {
        try
        {
            await step();
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\nPage text:\n{await page.InnerTextAsync("body")}\nConsole:\n{string.Join('\n', console)}", e);
        }
    }

    private static async Task UntilAsync(string what, Func<Task<bool>> condition)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Patience)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(250);
        }

        Assert.Fail($"Waited {Patience.TotalSeconds} s for {what}.");
    }
}
