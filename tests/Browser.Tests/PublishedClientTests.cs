using System.Diagnostics;
using Microsoft.Playwright;

namespace TodoGrains.Browser.Tests;

/// <summary>
/// The README's run command publishes the silo (Release, the browser client trimmed and precompressed) and runs it:
/// the first load a new user waits for. Bytes are checked against the budget; the time is only reported
/// (bench/ measures speed).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PublishedClientTests(BrowserFixture fixture) : IAsyncLifetime
{
    private const long Budget = 5_000_000;

    private readonly string _output = Path.Combine(Path.GetTempPath(), "todo-grains-tests", "published-" + Guid.NewGuid().ToString("N")[..8]);
    private SiloProcess? _silo;

    public async ValueTask InitializeAsync()
    {
        // The same command as README.md's "Run it", into a folder of the test's own.
        var program = await PublishedSilo.PublishAsync(_output, TestContext.Current.CancellationToken);
        _silo = new SiloProcess(program: program);
        await _silo.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }

        Directory.Delete(_output, recursive: true);
    }

    [Fact]
    public async Task TheFirstLoad_IsCompressedAndTrimmed_AndUnderFiveMegabytes()
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _silo!.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        var loads = new System.Collections.Concurrent.ConcurrentBag<Task<(string Url, long Bytes, string? Encoding)>>();
        page.RequestFinished += (_, request) => loads.Add(MeasureAsync(request));

        var clock = Stopwatch.StartNew();
        await page.GotoAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).WaitForAsync();
        var interactive = clock.Elapsed;
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var sizes = await Task.WhenAll(loads);

        var total = sizes.Sum(s => s.Bytes);
        var framework = sizes.Where(s => s.Url.Contains("/_framework/", StringComparison.Ordinal) && !s.Url.EndsWith(".js", StringComparison.Ordinal)).ToList();
        TestContext.Current.TestOutputHelper?.WriteLine($"First load: {total:N0} bytes in {sizes.Length} requests; sign-in form after {interactive.TotalMilliseconds:0} ms.");
        Assert.True(total < Budget, $"The first load is {total:N0} bytes (budget {Budget:N0}):\n" + string.Join("\n", sizes.OrderByDescending(s => s.Bytes).Take(10)));
        Assert.All(framework, s => Assert.Equal("br", s.Encoding));
        Assert.DoesNotContain(sizes, s => s.Url.Contains("HotReload", StringComparison.OrdinalIgnoreCase) || s.Url.Contains("Microsoft.VisualBasic", StringComparison.Ordinal));
        // Until the client runs, the page is the app's shell (its bar and panes), not a blank "Loading…".
        using var http = new HttpClient { BaseAddress = _silo.BaseAddress };
        var html = await http.GetStringAsync("", TestContext.Current.CancellationToken);
        Assert.Contains("<header class=\"topbar\"><h1>TodoGrains</h1>", html, StringComparison.Ordinal);
        await context.CloseAsync();
    }

    private static async Task<(string Url, long Bytes, string? Encoding)> MeasureAsync(Microsoft.Playwright.IRequest request)
    {
        var sizes = await request.SizesAsync();
        var response = await request.ResponseAsync();
        return (request.Url, sizes.ResponseBodySize + sizes.ResponseHeadersSize, response?.Headers.GetValueOrDefault("content-encoding"));
    }
}
