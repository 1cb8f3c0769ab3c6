using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;

namespace TodoGrains.Release.Tests;

/// <summary>
/// The Helm release on this machine: images built with podman (images.sh), PostgreSQL and the shared stand-in
/// broker as containers, the migrate hook run to completion, then every Deployment's pods played with
/// <c>podman kube play</c> (two chat-api silos) and an ingress routing as the chart's Ingress objects do. The tests
/// talk to it only through the ingress, published on a loopback port.
/// </summary>
public sealed partial class ReleaseCluster : IAsyncLifetime
{
    private const string SecretName = "todo-grains-secrets";
    private const string Prefix = "todo-release";
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(4);

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private readonly HashSet<string> _gone = [];
    private readonly ReleaseNetwork _network = new(Prefix, "10.89.7.");
    private readonly string _work = Path.Combine(AppContext.BaseDirectory, "TestResults", "release");
    private ReleasePlan? _plan;

    /// <summary>The ingress as a browser reaches it, e.g. http://127.0.0.1:PORT/.</summary>
    public Uri Ingress { get; private set; } = null!;

    internal ReleasePlan Plan => _plan ?? throw new InvalidOperationException("the release is not planned yet");

    /// <summary>Measured figures (seconds unless named otherwise), written to TestResults/release/figures.json.</summary>
    public Dictionary<string, double> Figures { get; } = [];

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_work);
        await BuildImagesAsync();
        await RemoveLeftoversAsync();
        await Podman.RunAsync("network", "create", "--subnet", _network.Subnet, "--gateway", _network.Gateway, _network.Name);

        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        var secret = new Dictionary<string, string>
        {
            ["jwt-signing-key"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
            ["postgres-connection"] = $"Host={_network.PostgresAddress};Port=5432;Username=todo;Password={password};Database=postgres",
            ["state-connection"] = $"host={_network.PostgresAddress} user=todo password={password} dbname=postgres",
        };
        var started = Stopwatch.StartNew();
        _plan = ReleasePlan.Create(new Dictionary<string, string> { ["silo.replicas"] = "2" }, _network, secret, SecretName);
        await StartPostgresAsync(password);
        await StartBrokerAsync(secret);

        // Helm runs the pre-install hook to completion before it creates the workloads.
        if (_plan.Migrate is { } migrate)
        {
            await PlayAsync(migrate);
            var exit = (await Podman.RunAsync("wait", migrate.ContainerName(migrate.App.Name))).Trim();
            var logs = await Podman.LogsAsync(migrate.ContainerName(migrate.App.Name));
            File.WriteAllText(Path.Combine(_work, "migrate.log"), logs);
            if (exit != "0")
            {
                throw new InvalidOperationException($"the migrate hook exited with {exit}:\n{logs}");
            }

            await Podman.TryAsync(["pod", "rm", "-f", migrate.Name]);
        }

        foreach (var pod in _plan.Pods)
        {
            await PlayAsync(pod);
        }

        await Task.WhenAll(_plan.Pods.Select(WaitReadyAsync));
        Figures["start_to_ready_s"] = Math.Round(started.Elapsed.TotalSeconds, 1);
        await StartIngressAsync();
        Figures["start_to_ingress_s"] = Math.Round(started.Elapsed.TotalSeconds, 1);
    }

    public async ValueTask DisposeAsync()
    {
        if (_plan is not null)
        {
            foreach (var pod in _plan.Pods)
            {
                foreach (var container in pod.Pod.Spec.Containers)
                {
                    var name = pod.ContainerName(container.Name);
                    File.WriteAllText(Path.Combine(_work, name + ".log"), await Podman.LogsAsync(name));
                }
            }
        }

        foreach (var name in new[] { "postgres", "broker", "ingress" })
        {
            File.WriteAllText(Path.Combine(_work, $"{Prefix}-{name}.log"), await Podman.LogsAsync($"{Prefix}-{name}"));
        }

        File.WriteAllText(Path.Combine(_work, "figures.json"), JsonSerializer.Serialize(Figures, Indented));
        await RemoveLeftoversAsync();
    }

    /// <summary>
    /// SIGKILLs every container of a pod, as a node that dies would, and removes it; the ingress stops routing to it
    /// (its Service endpoints lose it).
    /// </summary>
    public async Task KillPodAsync(string name)
    {
        await Podman.RunAsync("pod", "kill", "--signal", "KILL", name);
        _gone.Add(name);
        await ReloadIngressAsync();
        var pod = Plan.Pods.Single(p => p.Name == name);
        foreach (var container in pod.Pod.Spec.Containers)
        {
            File.WriteAllText(Path.Combine(_work, $"{pod.ContainerName(container.Name)}.killed.log"), await Podman.LogsAsync(pod.ContainerName(container.Name)));
        }

        await Podman.RunAsync("pod", "rm", "-f", "-t", "0", name);
    }

    /// <summary>Plays a killed pod again, as its Deployment would replace it, and routes to it once it is ready.</summary>
    public async Task ReplacePodAsync(string name)
    {
        var pod = Plan.Pods.Single(p => p.Name == name);
        var clock = Stopwatch.StartNew();
        await PlayAsync(pod);
        await WaitReadyAsync(pod);
        Figures["replacement_pod_ready_s"] = Math.Round(clock.Elapsed.TotalSeconds, 1);
        _gone.Remove(name);
        await ReloadIngressAsync();
    }

    private async Task ReloadIngressAsync()
    {
        WriteIngressConfig();
        await Podman.RunAsync("exec", $"{Prefix}-ingress", "nginx", "-s", "reload");
    }

    /// <summary>A pod's containers: state, restarts and exit code, for assertions and failure messages.</summary>
    public async Task<IReadOnlyList<ContainerState>> ContainersAsync(string pod)
    {
        var states = new List<ContainerState>();
        foreach (var container in Plan.Pods.Concat(Plan.Migrate is null ? [] : [Plan.Migrate]).Single(p => p.Name == pod).Pod.Spec.Containers)
        {
            var name = $"{pod}-{container.Name}";
            var json = await Podman.RunAsync("inspect", name);
            using var doc = JsonDocument.Parse(json);
            var item = doc.RootElement[0];
            var state = item.GetProperty("State");
            var config = item.GetProperty("HostConfig");
            states.Add(new ContainerState(
                name,
                state.GetProperty("Status").GetString() ?? "",
                item.TryGetProperty("RestartCount", out var restarts) ? restarts.GetInt32() : 0,
                config.GetProperty("ReadonlyRootfs").GetBoolean(),
                item.GetProperty("Config").GetProperty("User").GetString() ?? ""));
        }

        return states;
    }

    private async Task BuildImagesAsync()
    {
        var started = Stopwatch.StartNew();
        var script = Path.Combine(Repository.Root, "tests", "Release.Tests", "images.sh");
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        File.WriteAllText(Path.Combine(_work, "images.log"), await output + await error);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"images.sh exited with {process.ExitCode}:\n{await error}");
        }

        foreach (Match line in ImageLine().Matches(await output))
        {
            Figures[$"build_{line.Groups[1].Value}_s"] = double.Parse(line.Groups[2].Value, CultureInfo.InvariantCulture);
        }

        Figures["build_all_s"] = Math.Round(started.Elapsed.TotalSeconds, 1);
    }

    private async Task RemoveLeftoversAsync()
    {
        var pods = await Podman.RunAsync("pod", "ps", "-q", "--filter", $"label={ReleasePlan.HarnessLabel}=true");
        foreach (var id in pods.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            await Podman.TryAsync(["pod", "rm", "-f", "-t", "0", id]);
        }

        foreach (var name in new[] { "ingress", "broker", "postgres" })
        {
            await Podman.TryAsync(["rm", "-f", "-t", "0", $"{Prefix}-{name}"]);
        }

        await Podman.TryAsync(["network", "rm", "-f", _network.Name]);
    }

    private async Task StartPostgresAsync(string password)
    {
        await Podman.RunAsync(
            "run", "-d", "--name", $"{Prefix}-postgres", "--network", _network.Name, "--ip", _network.PostgresAddress,
            "-e", "POSTGRES_USER=todo", "-e", $"POSTGRES_PASSWORD={password}", "localhost/todo-standin/postgres:15");
        await WaitUntilAsync($"{Prefix}-postgres", async () =>
            await Podman.ExecAsync($"{Prefix}-postgres", "/usr/lib/postgresql/15/bin/pg_isready", "-q", "-h", "127.0.0.1") == 0);
    }

    private async Task StartBrokerAsync(Dictionary<string, string> secret)
    {
        var secrets = JsonSerializer.Serialize(new Dictionary<string, Dictionary<string, string>> { ["secretstore"] = secret });
        // The rendered pub/sub components' scopes, which the stand-in broker enforces as daprd would.
        var scopes = JsonSerializer.Serialize(Plan.Objects.OfType<DaprObject>()
            .Where(o => o.Kind == "Component" && o.Spec.TryGetValue("type", out var type) && type?.ToString()?.StartsWith("pubsub.", StringComparison.Ordinal) == true)
            .ToDictionary(o => o.Metadata.Name, o => new { scopes = o.Scopes, subscriptionScopes = Metadata(o, "subscriptionScopes") }));
        await Podman.RunAsync(
            "run", "-d", "--name", $"{Prefix}-broker", "--network", _network.Name, "--ip", _network.BrokerAddress,
            "-e", $"STANDIN_SECRETS={secrets}", "-e", $"STANDIN_PUBSUB_SCOPES={scopes}", "-e", $"APP_API_TOKEN={Plan.AppToken}",
            "--read-only", ReleasePlan.SidecarImage, "broker");
        await WaitUntilAsync($"{Prefix}-broker", () => TcpOpenInAsync($"{Prefix}-broker", 3600));
    }

    private static string? Metadata(DaprObject component, string name) =>
        component.Spec.TryGetValue("metadata", out var items) && items is IEnumerable<object> list
            ? list.OfType<IDictionary<object, object>>().Where(i => Equals(i["name"], name)).Select(i => i["value"]?.ToString()).FirstOrDefault()
            : null;

    // The container images carry no network tools, so reachability is checked from a shell inside (bash's /dev/tcp).
    private static async Task<bool> TcpOpenInAsync(string container, int port) =>
        await Podman.ExecAsync(container, "bash", "-c", $"exec 3<>/dev/tcp/127.0.0.1/{port}") == 0;

    private async Task PlayAsync(PlannedPod pod)
    {
        var file = Path.Combine(_work, pod.Name + ".yaml");
        var documents = new List<object> { AsPlayed(pod.Pod, ProjectConfigMap, ProjectSecret) };
        var args = new List<string> { "kube", "play", "--network", _network.Name, "--ip", pod.Address, "--log-driver", "k8s-file" };
        File.WriteAllText(file, KubernetesYaml.SerializeAll(documents));
        args.Add(file);
        var (exit, output, error) = await Podman.TryAsync(args, TimeSpan.FromMinutes(3));
        if (exit != 0)
        {
            throw new InvalidOperationException($"podman kube play {file} exited with {exit}:\n{error}{output}");
        }
    }

    // podman 4.3's kube play publishes every declared containerPort on the host's 0.0.0.0 at the same number, so a
    // second pod declaring 8080 cannot start; Kubernetes never publishes them (the list is informational: a
    // container is reachable on its pod address on any port it listens on, declared or not). The played copy
    // therefore declares none, and its probes name their ports by number, as kubelet resolves them; the plan keeps
    // the chart's ports for Services, probes and the checks. podman 4.3 also holds annotation values to the 63
    // characters of a label value (Kubernetes does not): such annotations (checksum/config) only roll pods on an
    // upgrade, and are left out of the played copy.
    // A ConfigMap volume is projected as kubelet projects it, into files on the node that are bind-mounted (podman
    // 4.3 mounts a ConfigMap as a folder even under a subPath, so a file mount such as config.json fails). A Secret
    // volume likewise, with the Secret's mode and the pod's fsGroup as group (podman 4.3 does not take a Secret
    // document for a volume).
    private static V1Pod AsPlayed(V1Pod planned, Func<string, string> projectConfigMap, Func<V1SecretVolumeSource, long?, string> projectSecret)
    {
        var pod = KubernetesYaml.Deserialize<V1Pod>(KubernetesYaml.Serialize(planned));
        pod.Metadata.Annotations = pod.Metadata.Annotations.Where(a => a.Value.Length <= 63).ToDictionary();
        foreach (var volume in (pod.Spec.Volumes ?? []).Where(v => v.Secret is not null))
        {
            volume.HostPath = new V1HostPathVolumeSource { Path = projectSecret(volume.Secret!, pod.Spec.SecurityContext?.FsGroup), Type = "Directory" };
            volume.Secret = null;
        }

        var configMaps = (pod.Spec.Volumes ?? []).Where(v => v.ConfigMap is not null).ToDictionary(v => v.Name);
        foreach (var volume in configMaps.Values)
        {
            volume.HostPath = new V1HostPathVolumeSource { Path = projectConfigMap(volume.ConfigMap!.Name), Type = "Directory" };
            volume.ConfigMap = null;
        }

        foreach (var mount in pod.Spec.Containers.SelectMany(c => c.VolumeMounts ?? []).Where(m => configMaps.ContainsKey(m.Name) && !string.IsNullOrEmpty(m.SubPath)))
        {
            var file = new V1Volume { Name = $"{mount.Name}-{mount.SubPath!.Replace('.', '-')}", HostPath = new V1HostPathVolumeSource { Path = Path.Combine(configMaps[mount.Name].HostPath!.Path, mount.SubPath), Type = "File" } };
            pod.Spec.Volumes!.Add(file);
            mount.Name = file.Name;
            mount.SubPath = null;
        }
        foreach (var container in pod.Spec.Containers)
        {
            foreach (var probe in new[] { container.StartupProbe, container.ReadinessProbe, container.LivenessProbe })
            {
                if (probe?.HttpGet is { } get)
                {
                    get.Port = ReleasePlan.ResolvePort(container, get.Port.Value);
                }
            }

            container.Ports = null;
        }

        return pod;
    }

    private string ProjectConfigMap(string name)
    {
        var folder = Path.Combine(_work, "configmaps", name);
        Directory.CreateDirectory(folder);
        foreach (var (key, value) in Plan.ConfigMaps.Single(c => c.Metadata.Name == name).Data)
        {
            File.WriteAllText(Path.Combine(folder, key), value);
        }

        return folder;
    }

    private string ProjectSecret(V1SecretVolumeSource source, long? fsGroup)
    {
        var folder = Path.Combine(_work, "secrets", source.SecretName);
        Directory.CreateDirectory(folder);
        var mode = (UnixFileMode)(source.DefaultMode ?? Convert.ToInt32("644", 8));
        foreach (var (key, value) in Plan.SecretData(source.SecretName))
        {
            var file = Path.Combine(folder, key);
            File.WriteAllText(file, value);
            if (OperatingSystem.IsWindows())
            {
                continue;
            }

            File.SetUnixFileMode(file, mode);
            if (fsGroup is { } group)
            {
                using var chown = Process.Start("chown", ["0:" + group.ToString(CultureInfo.InvariantCulture), file]);
                chown.WaitForExit();
            }
        }

        return folder;
    }

    // The app container's readiness probe (or its liveness probe, or an open port), run inside the container as an
    // exec probe; and, in a Dapr pod, the sidecar's health on its public port.
    private async Task WaitReadyAsync(PlannedPod pod)
    {
        var app = pod.App;
        var probe = app.ReadinessProbe ?? app.LivenessProbe;
        var container = pod.ContainerName(app.Name);
        await WaitUntilAsync(container, async () =>
        {
            if (probe?.HttpGet is { } get)
            {
                var url = $"http://127.0.0.1:{ReleasePlan.ResolvePort(app, get.Port.Value)}{get.Path}";
                return await Podman.ExecAsync(container, "sh", "-c", $"curl -fsS -o /dev/null {url} 2>/dev/null || wget -q -O /dev/null {url}") == 0;
            }

            return await TcpOpenInAsync(container, app.Ports[0].ContainerPort);
        });
    }

    private static async Task WaitUntilAsync(string container, Func<Task<bool>> ready)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < ReadyTimeout)
        {
            if (await ready())
            {
                return;
            }

            await Task.Delay(500);
        }

        var (_, state, _) = await Podman.TryAsync(["inspect", "--format", "{{.State.Status}} restarts={{.RestartCount}} exit={{.State.ExitCode}}", container]);
        throw new TimeoutException($"{container} was not ready after {ReadyTimeout.TotalSeconds} s ({state.Trim()}):\n{await Podman.LogsAsync(container)}");
    }

    private async Task StartIngressAsync()
    {
        WriteIngressConfig();
        var port = FreeLoopbackPort();
        await Podman.RunAsync(
            "run", "-d", "--name", $"{Prefix}-ingress", "--network", _network.Name, "--ip", _network.IngressAddress,
            "-p", $"127.0.0.1:{port}:8080", "-v", $"{Path.Combine(_work, "ingress.conf")}:/etc/nginx/conf.d/default.conf:ro",
            "--read-only", "--tmpfs", "/tmp", "nginxinc/nginx-unprivileged:1.27.5-alpine");
        Ingress = new Uri($"http://127.0.0.1:{port}/");
        using var http = new HttpClient { BaseAddress = Ingress, Timeout = TimeSpan.FromSeconds(5) };
        await WaitUntilAsync($"{Prefix}-ingress", async () =>
        {
            try
            {
                return (await http.GetAsync(new Uri("healthz", UriKind.Relative))).StatusCode == HttpStatusCode.OK;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return false;
            }
        });
    }

    // The chart's Ingress objects as nginx routes: a Prefix path matches the path and anything under it, and each
    // backend Service is an upstream of the pods it selects (its endpoints) on the Service's target port.
    private void WriteIngressConfig()
    {
        var config = new StringBuilder();
        config.AppendLine("map $http_upgrade $connection_upgrade { default upgrade; '' close; }");
        var services = Plan.Ingresses.SelectMany(i => i.Spec.Rules).SelectMany(r => r.Http.Paths).Select(p => p.Backend.Service.Name).Distinct();
        foreach (var service in services)
        {
            config.AppendLine(CultureInfo.InvariantCulture, $"upstream {service} {{");
            foreach (var pod in Plan.Endpoints(service, _gone))
            {
                config.AppendLine(CultureInfo.InvariantCulture, $"    server {pod.Address}:{Plan.TargetPort(service, pod)} max_fails=1 fail_timeout=5s;");
            }

            config.AppendLine("}");
        }

        config.AppendLine("server {");
        config.AppendLine("    listen 8080;");
        config.AppendLine("    location = /healthz { return 200 \"ok\"; }");
        var paths = Plan.Ingresses.SelectMany(i => i.Spec.Rules).SelectMany(r => r.Http.Paths).OrderByDescending(p => p.Path.Length);
        foreach (var path in paths)
        {
            var locations = path.Path == "/" ? new[] { "/" } : [$"= {path.Path}", path.Path.TrimEnd('/') + "/"];
            foreach (var location in locations)
            {
                config.AppendLine(CultureInfo.InvariantCulture, $"    location {location} {{");
                config.AppendLine(CultureInfo.InvariantCulture, $"        proxy_pass http://{path.Backend.Service.Name};");
                config.AppendLine("        proxy_http_version 1.1;");
                config.AppendLine("        proxy_set_header Host $host;");
                config.AppendLine("        proxy_set_header Upgrade $http_upgrade;");
                config.AppendLine("        proxy_set_header Connection $connection_upgrade;");
                config.AppendLine("        proxy_read_timeout 3600s;");
                config.AppendLine("        proxy_connect_timeout 2s;");
                config.AppendLine("    }");
            }
        }

        config.AppendLine("}");
        File.WriteAllText(Path.Combine(_work, "ingress.conf"), config.ToString());
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"^image (\S+) (\d+)s$", RegexOptions.Multiline)]
    private static partial Regex ImageLine();
}

public sealed record ContainerState(string Name, string Status, int Restarts, bool ReadOnlyRoot, string User);

[CollectionDefinition(Name)]
public sealed class ReleaseCollection : ICollectionFixture<ReleaseCluster>
{
    public const string Name = "release";
}
