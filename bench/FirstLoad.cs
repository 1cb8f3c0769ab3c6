using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;
using TodoGrains.TestSupport;

namespace TodoGrains.Bench;

/// <summary>
/// A new user's first load: the silo published as README.md's run command publishes it, and a fresh Chromium
/// profile per run, from navigation to a usable sign-in form. The ceiling, measured in the same run, is the same
/// browser fetching the very same files (same compression, nothing run): the ratio is what starting the client
/// adds to moving its bytes, which machines of different speed change far less than the seconds.
/// </summary>
public static class FirstLoad
{
    private const double BudgetBytes = 5_000_000;

    public static async Task<IReadOnlyList<Figure>> MeasureAsync(BenchOptions options, Action<string> log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        var output = Path.Combine(Path.GetTempPath(), "todo-grains-bench", "published-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            log("8. first load: publishing the silo as the README's run command does…");
            await using var silo = new SiloProcess(program: await PublishedSilo.PublishAsync(output));
            await silo.StartAsync();
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium.ExecutablePath, Headless = true, Args = Chromium.Args });

            var runs = options.Smoke ? 1 : 5;
            List<double> bytes = [], requests = [], seconds = [], ceilings = [], ratios = [];
            for (var run = 0; run < runs; run++)
            {
                var (total, urls, interactive) = await LoadAsync(browser, silo.BaseAddress);
                var ceiling = await FetchAsync(browser, silo.BaseAddress, urls);
                bytes.Add(total / 1e6);
                requests.Add(urls.Count);
                seconds.Add(interactive.TotalSeconds);
                ceilings.Add(ceiling.TotalSeconds);
                ratios.Add(interactive / ceiling);
                log(string.Create(CultureInfo.InvariantCulture,
                    $"8. first load run {run + 1}: {total / 1e6:0.00} MB in {urls.Count} requests, sign-in form after {interactive.TotalSeconds:0.00} s; the same files fetched by the browser without running them: {ceiling.TotalSeconds:0.000} s"));
            }

            return
            [
                Figure.Of("8a. first load transferred", "MB", bytes, "≤ 5 MB", v => v * 1e6 <= BudgetBytes),
                Figure.Of("8b. first load requests", "requests", requests),
                Figure.Of("8c. first load to a usable sign-in form", "s", seconds),
                Figure.Of("8d. the same files only fetched, same browser (ceiling)", "s", ceilings),
                Figure.Of("8e. first load ÷ its transfer ceiling", "×", ratios, "≤ 6 ×", v => v <= 6),
            ];
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    /// <summary>One load in a fresh profile (nothing cached): the bytes on the wire, every URL fetched, and the time to the form.</summary>
    private static async Task<(long Bytes, IReadOnlyList<string> Urls, TimeSpan Interactive)> LoadAsync(IBrowser browser, Uri baseAddress)
    {
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseAddress.ToString() });
        var page = await context.NewPageAsync();
        var sizes = new ConcurrentBag<Task<(string Url, long Bytes)>>();
        page.RequestFinished += (_, request) => sizes.Add(SizeAsync(request));
        var clock = Stopwatch.StartNew();
        await page.GotoAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).WaitForAsync();
        var interactive = clock.Elapsed;
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var measured = await Task.WhenAll(sizes);
        return (measured.Sum(m => m.Bytes), measured.Select(m => m.Url).ToList(), interactive);
    }

    private static async Task<(string Url, long Bytes)> SizeAsync(Microsoft.Playwright.IRequest request)
    {
        var sizes = await request.SizesAsync();
        return (request.Url, sizes.ResponseBodySize + sizes.ResponseHeadersSize);
    }

    /// <summary>
    /// The same URLs fetched by the same browser in a fresh profile, all at once from a page of the same origin, each
    /// body read to its end: the transfer and decompression the load cannot avoid, without running anything.
    /// </summary>
    private static async Task<TimeSpan> FetchAsync(IBrowser browser, Uri baseAddress, IReadOnlyList<string> urls)
    {
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseAddress.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync("health/live");
        var milliseconds = await page.EvaluateAsync<double>("""
            async urls => {
              const start = performance.now();
              await Promise.all(urls.map(u => fetch(u, { cache: 'no-store' }).then(r => r.arrayBuffer())));
              return performance.now() - start;
            }
            """, urls.Where(u => u.StartsWith(baseAddress.ToString(), StringComparison.Ordinal)).ToArray());
        return TimeSpan.FromMilliseconds(milliseconds);
    }
}
