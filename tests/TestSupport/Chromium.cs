namespace TodoGrains.TestSupport;

/// <summary>
/// Debian's Chromium as the browser tests start it (installed by <c>.ci/test</c>; Playwright never downloads one):
/// headless, and without the background connections this machine's closed network refuses.
/// </summary>
public static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public static IReadOnlyList<string> Args { get; } =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
}
