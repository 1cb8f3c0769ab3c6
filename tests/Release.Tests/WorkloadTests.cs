using System.Net;
using System.Text.RegularExpressions;

namespace TodoGrains.Release.Tests;

/// <summary>What a first install needs from every workload: it starts and stays up as the chart runs it.</summary>
[Collection(ReleaseCollection.Name)]
public sealed partial class WorkloadTests(ReleaseCluster release)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryWorkload_RunsWithTheChartsReadOnlyRootAndUser_WithoutRestarting()
    {
        foreach (var pod in release.Plan.Pods)
        {
            var states = await release.ContainersAsync(pod.Name);
            foreach (var container in pod.Pod.Spec.Containers)
            {
                var state = states.Single(s => s.Name == pod.ContainerName(container.Name));
                Assert.True(state.Status == "running" && state.Restarts == 0, $"{state.Name} is {state.Status} after {state.Restarts} restarts:\n{await Podman.LogsAsync(state.Name)}");
                Assert.True(state.ReadOnlyRoot, $"{state.Name} has a writable root file system");
                var uid = container.SecurityContext?.RunAsUser ?? pod.Pod.Spec.SecurityContext?.RunAsUser;
                if (uid is not null)
                {
                    Assert.StartsWith(uid.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), state.User, StringComparison.Ordinal);
                }
            }
        }
    }

    [Fact]
    public async Task EverySiloPod_ServesItsInternalPort_BesideTheSidecarsMetricsPort()
    {
        foreach (var pod in release.Plan.PodsOf("chat-api"))
        {
            var silo = pod.ContainerName(pod.App.Name);
            var internalPort = ReleasePlan.ResolvePort(pod.App, "internal");
            Assert.Equal(0, await Podman.ExecAsync(silo, "curl", "-fsS", "-o", "/dev/null", $"http://127.0.0.1:{internalPort}/metrics"));
            // The stand-in daprd holds 9090 in the same network namespace, as daprd does.
            Assert.Equal(0, await Podman.ExecAsync(silo, "curl", "-fsS", "-o", "/dev/null", "http://127.0.0.1:9090/metrics"));
        }
    }

    [Fact]
    public async Task TheFrontEnd_ServesThePageAndEveryFileWithItsContentType()
    {
        using var http = new HttpClient { BaseAddress = release.Ingress };
        using var page = await http.GetAsync(new Uri("/", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync(Ct);

        var expected = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [".js"] = "application/javascript",
            [".css"] = "text/css",
            [".wasm"] = "application/wasm",
            [".json"] = "application/json",
        };
        var files = Reference().Matches(html).Select(m => m.Groups[1].Value).Where(f => !f.StartsWith("http", StringComparison.Ordinal)).ToList();
        files.Add("config.json");
        // The framework's file names carry fingerprints: take one WebAssembly module from what the image serves.
        var frontend = release.Plan.PodsOf("frontend").First();
        var (_, listing, _) = await Podman.TryAsync(["exec", frontend.ContainerName(frontend.App.Name), "ls", "/usr/share/nginx/html/_framework"]);
        files.Add("_framework/" + listing.Split('\n', StringSplitOptions.RemoveEmptyEntries).First(f => f.EndsWith(".wasm", StringComparison.Ordinal)));
        var checkedTypes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files.Distinct())
        {
            if (!expected.TryGetValue(Path.GetExtension(file), out var type))
            {
                continue;
            }

            using var response = await http.GetAsync(new Uri("/" + file.TrimStart('/'), UriKind.Relative), Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{file}: {(int)response.StatusCode}");
            Assert.True(response.Content.Headers.ContentType?.MediaType == type, $"{file} came back as {response.Content.Headers.ContentType}, not {type}");
            checkedTypes.Add(Path.GetExtension(file));
        }

        Assert.Equal(expected.Keys.Order(), checkedTypes.Order());
    }

    [Fact]
    public async Task TheFrontEnd_CachesOnlyFingerprintedFilesForGood_AndRevalidatesTheRest()
    {
        using var http = new HttpClient { BaseAddress = release.Ingress };
        var frontend = release.Plan.PodsOf("frontend").First();
        var (_, listing, _) = await Podman.TryAsync(["exec", frontend.ContainerName(frontend.App.Name), "ls", "/usr/share/nginx/html/_framework"]);
        var framework = listing.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var fingerprinted = framework.First(f => Fingerprint().IsMatch(f) && f.EndsWith(".wasm", StringComparison.Ordinal));

        async Task<HttpResponseMessage> GetAsync(string path) => await http.GetAsync(new Uri(path, UriKind.Relative), Ct);

        using (var response = await GetAsync("/_framework/" + fingerprinted))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(response.Headers.CacheControl is { Public: true, MaxAge.TotalDays: >= 365 } && response.Headers.CacheControl.Extensions.Any(e => e.Name == "immutable"), $"{fingerprinted}: {response.Headers.CacheControl}");
        }

        // Names that stay the same across releases (and name the fingerprinted ones) must be asked for again.
        foreach (var path in new[] { "/", "/index.html", "/_framework/dotnet.js", "/_framework/blazor.webassembly.js", "/css/app.css", "/js/interop.js", "/config.json" })
        {
            using var response = await GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(response.Headers.CacheControl?.NoCache == true && !response.Headers.CacheControl.Extensions.Any(e => e.Name == "immutable"), $"{path}: Cache-Control {response.Headers.CacheControl}");
            if (response.Headers.ETag is { } etag)
            {
                using var again = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
                again.Headers.IfNoneMatch.Add(etag);
                using var revalidated = await http.SendAsync(again, Ct);
                Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
            }
        }

        // A fingerprint of an earlier release is gone, not answered with the page (which would then be cached for good).
        using var stale = await GetAsync("/_framework/dotnet.runtime.0123456789.js");
        Assert.Equal(HttpStatusCode.NotFound, stale.StatusCode);
    }

    [GeneratedRegex(@"\.[a-z0-9]{10}\.[a-z]+$")]
    private static partial Regex Fingerprint();

    [GeneratedRegex("(?:src|href)=\"([^\"#]+)\"")]
    private static partial Regex Reference();
}
