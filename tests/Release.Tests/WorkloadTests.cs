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

    [GeneratedRegex("(?:src|href)=\"([^\"#]+)\"")]
    private static partial Regex Reference();
}
