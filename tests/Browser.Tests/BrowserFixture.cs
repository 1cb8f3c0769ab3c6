using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace TodoGrains.Browser.Tests;

/// <summary>
/// The embedded host serving the browser client, and Debian's Chromium driven by Playwright (headless, no
/// browser download: <c>.ci/run</c> installs the <c>chromium</c> package).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public SiloProcess Silo { get; } = new();

    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public static string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(Chromium.ExecutablePath))
        {
            throw new InvalidOperationException($"{Chromium.ExecutablePath} is missing: install Debian's chromium package (bash .ci/test does).");
        }

        Directory.CreateDirectory(Screenshots);
        await Silo.StartAsync();
        Http = Silo.CreateClient();
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium.ExecutablePath,
            Headless = true,
            Args = Chromium.Args,
        });
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
        Http.Dispose();
        await Silo.DisposeAsync();
    }

    /// <summary>A fresh browser profile (like a new tab on another device), at the app.</summary>
    public async Task<IPage> OpenAsync(string path = "", int width = 1280, int height = 720)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Silo.BaseAddress.ToString(),
            TimezoneId = "Europe/Berlin",
            Locale = "en-GB",
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        page.Console += (_, message) => log.Enqueue($"{message.Type}: {message.Text}");
        page.PageError += (_, error) => log.Enqueue($"page error: {error}");
        Logs.AddOrUpdate(page, log);
        await page.GotoAsync(path);
        return page;
    }

    /// <summary>The same person through the API, for arranging and checking what the page shows.</summary>
    public async Task<ApiClient> LoginAsync(string userName, string password)
    {
        var login = await Http.PostAsJsonAsync("api/auth/login", new JsonObject { ["user_name"] = userName, ["password"] = password });
        var json = (await login.Content.ReadFromJsonAsync<JsonObject>())!;
        return new ApiClient(Http, json["user_id"]!.GetValue<string>(), json["access_token"]!.GetValue<string>(), userName);
    }

    /// <summary>Signs up through the page (the browser's own time zone is offered), ending on the board.</summary>
    public static async Task<(string UserName, string Password)> SignUpAsync(IPage page)
    {
        var userName = "web-" + Guid.NewGuid().ToString("N")[..10];
        const string password = "correct horse battery";
        await page.GetByRole(AriaRole.Button, new() { Name = "Create an account" }).ClickAsync();
        await page.GetByLabel("User name").FillAsync(userName);
        await page.GetByLabel("Password").FillAsync(password);
        Assert.Equal("Europe/Berlin", await page.GetByLabel("Time zone").InputValueAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync();
        await WaitOrExplainAsync(page, page.GetByTestId("task-count"), "The board");
        await page.GetByText("Live", new() { Exact = true }).WaitForAsync();
        return (userName, password);
    }

    public static async Task SignInAsync(IPage page, string userName, string password)
    {
        await page.GetByLabel("User name").FillAsync(userName);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByTestId("task-count").WaitForAsync();
        await page.GetByText("Live", new() { Exact = true }).WaitForAsync();
    }

    /// <summary>What the page logged to its console (for a failure's message).</summary>
    public static System.Runtime.CompilerServices.ConditionalWeakTable<IPage, System.Collections.Concurrent.ConcurrentQueue<string>> Logs { get; } = new();

    public static async Task WaitOrExplainAsync(IPage page, ILocator locator, string what)
    {
        try
        {
            await locator.WaitForAsync();
        }
        catch (TimeoutException)
        {
            await ScreenshotAsync(page, "failure-" + Guid.NewGuid().ToString("N")[..6]);
            var log = Logs.TryGetValue(page, out var lines) ? string.Join("\n", lines) : "";
            throw new TimeoutException($"{what} did not appear. Page text:\n{await page.InnerTextAsync("body")}\nConsole:\n{log}");
        }
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
