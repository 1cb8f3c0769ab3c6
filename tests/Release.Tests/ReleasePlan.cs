using System.Diagnostics;
using k8s;
using k8s.Models;

namespace TodoGrains.Release.Tests;

using Secrets = Dictionary<string, Dictionary<string, string>>;

/// <summary>A pod the harness plays: its address on the release network and the YAML <c>podman kube play</c> gets.</summary>
internal sealed record PlannedPod(string Name, string Component, string Address, V1Pod Pod)
{
    public bool HasSidecar => Pod.Spec.Containers.Any(c => c.Name == ReleasePlan.SidecarName);

    public V1Container App => Pod.Spec.Containers[0];

    /// <summary>The name podman gives a container of this pod.</summary>
    public string ContainerName(string container) => $"{Name}-{container}";
}

/// <summary>
/// The chart rendered by a real helm, turned into what a cluster would run: a pod per replica of every Deployment and
/// one for the hook Job, each with the Dapr sidecar the injector would add. Only what kubelet and the injector do is
/// done here: downward-API and Secret references are resolved to the literal values kubelet would pass (podman 4.3's
/// kube play refuses some of them), and a daprd container joins every Dapr-annotated pod. A container's command,
/// env, ports, volumes and security context are never altered.
/// </summary>
internal sealed class ReleasePlan
{
    public const string ReleaseName = "todo-grains";
    public const string Namespace = "todo-grains";
    public const string SidecarName = "daprd";
    public const string SidecarImage = "localhost/todo-standin/daprd:test";
    public const string HarnessLabel = "todo-grains.release-harness";

    private static readonly Dictionary<string, Type> DaprKinds = new()
    {
        ["dapr.io/v1alpha1/Component"] = typeof(DaprObject),
        ["dapr.io/v1alpha1/Configuration"] = typeof(DaprObject),
        ["dapr.io/v1alpha1/Resiliency"] = typeof(DaprObject),
    };

    private readonly Secrets _secrets;

    private ReleasePlan(List<object> objects, List<PlannedPod> pods, PlannedPod? migrate, Secrets secrets)
    {
        _secrets = secrets;
        Objects = objects;
        Pods = pods;
        Migrate = migrate;
        AppToken = pods.Select(p => p.Pod.Metadata.Annotations.TryGetValue("dapr.io/app-token-secret", out var name) ? name : null).OfType<string>()
            .Select(name => secrets.TryGetValue(name, out var secret) && secret.TryGetValue("token", out var token) ? token : null)
            .FirstOrDefault(t => t is not null);
    }

    /// <summary>The token the sidecars send to their apps (the Secret that <c>dapr.io/app-token-secret</c> names), if any.</summary>
    public string? AppToken { get; }

    public IReadOnlyList<object> Objects { get; }

    /// <summary>Every Deployment's replicas, in the chart's order.</summary>
    public IReadOnlyList<PlannedPod> Pods { get; }

    /// <summary>The pre-install hook Job's pod, run to completion before the workloads.</summary>
    public PlannedPod? Migrate { get; }

    /// <summary>A Secret's keys and values, as a volume of it holds them.</summary>
    public IReadOnlyDictionary<string, string> SecretData(string name) =>
        _secrets.TryGetValue(name, out var secret) ? secret : throw new InvalidOperationException($"a volume needs Secret {name}, which the harness does not hold");

    public IEnumerable<V1Ingress> Ingresses => Objects.OfType<V1Ingress>();

    public IEnumerable<V1ConfigMap> ConfigMaps => Objects.OfType<V1ConfigMap>();

    /// <summary>Renders the chart with <paramref name="values"/> (helm --set) and plans its pods on <paramref name="network"/>.</summary>
    public static ReleasePlan Create(IReadOnlyDictionary<string, string> values, ReleaseNetwork network, IReadOnlyDictionary<string, string> secret, string secretName)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var args = new List<string> { "template", ReleaseName, Repository.Chart, "--namespace", Namespace, "--kube-version", "1.32" };
        foreach (var (key, value) in values)
        {
            args.Add("--set");
            args.Add($"{key}={value}");
        }

        var yaml = Helm(args);
        var objects = KubernetesYaml.LoadAllFromString(yaml, DaprKinds);
        // The Secret the operator creates before installing, and those the chart renders itself.
        var secrets = new Secrets(StringComparer.Ordinal) { [secretName] = new Dictionary<string, string>(secret) };
        foreach (var rendered in objects.OfType<V1Secret>())
        {
            secrets[rendered.Metadata.Name] = (rendered.Data ?? new Dictionary<string, byte[]>()).ToDictionary(d => d.Key, d => System.Text.Encoding.UTF8.GetString(d.Value));
        }

        var pods = new List<PlannedPod>();
        foreach (var deployment in objects.OfType<V1Deployment>())
        {
            var component = deployment.Spec.Template.Metadata.Labels["app.kubernetes.io/component"];
            for (var replica = 0; replica < (deployment.Spec.Replicas ?? 1); replica++)
            {
                var name = $"{deployment.Metadata.Name}-{replica}";
                pods.Add(ToPod(name, component, deployment.Spec.Template, network.Next(), secrets, network));
            }
        }

        PlannedPod? migrate = null;
        if (objects.OfType<V1Job>().SingleOrDefault() is { } job)
        {
            migrate = ToPod(job.Metadata.Name, "migrate", job.Spec.Template, network.Next(), secrets, network);
        }

        return new ReleasePlan(objects, pods, migrate, secrets);
    }

    public IEnumerable<PlannedPod> PodsOf(string component) => Pods.Where(p => p.Component == component);

    /// <summary>The pods a Service selects (as its endpoints), given the pods still running.</summary>
    public IEnumerable<PlannedPod> Endpoints(string serviceName, IReadOnlySet<string> gone)
    {
        var service = Objects.OfType<V1Service>().Single(s => s.Metadata.Name == serviceName);
        return Pods.Where(p => !gone.Contains(p.Name) && service.Spec.Selector.All(s => p.Pod.Metadata.Labels.TryGetValue(s.Key, out var v) && v == s.Value));
    }

    /// <summary>The Service port's target as a container port number of <paramref name="pod"/>.</summary>
    public int TargetPort(string serviceName, PlannedPod pod)
    {
        var service = Objects.OfType<V1Service>().Single(s => s.Metadata.Name == serviceName);
        var target = service.Spec.Ports[0].TargetPort?.Value ?? service.Spec.Ports[0].Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return ResolvePort(pod.App, target);
    }

    public static int ResolvePort(V1Container container, string port) =>
        int.TryParse(port, out var number)
            ? number
            : (container.Ports ?? []).FirstOrDefault(p => p.Name == port)?.ContainerPort
              ?? throw new InvalidOperationException($"container {container.Name} has no port named {port}");

    private static PlannedPod ToPod(
        string name,
        string component,
        V1PodTemplateSpec template,
        string address,
        Secrets secrets,
        ReleaseNetwork network)
    {
        var copy = KubernetesYaml.Deserialize<V1PodTemplateSpec>(KubernetesYaml.Serialize(template));
        var labels = new Dictionary<string, string>(copy.Metadata.Labels ?? new Dictionary<string, string>()) { [HarnessLabel] = "true" };
        var annotations = new Dictionary<string, string>(copy.Metadata.Annotations ?? new Dictionary<string, string>());
        var pod = new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Namespace, Labels = labels, Annotations = annotations },
            Spec = copy.Spec,
        };
        if (annotations.TryGetValue("dapr.io/enabled", out var enabled) && enabled == "true")
        {
            InjectSidecar(pod, network);
        }

        foreach (var container in pod.Spec.Containers.Concat(pod.Spec.InitContainers ?? []))
        {
            container.Env = ResolveEnv(container.Env, pod, address, secrets);
            // The preStop sleep is kubelet's own action (no binary in the image); podman 4.3 knows no such handler.
            if (container.Lifecycle?.PreStop?.Sleep is not null)
            {
                container.Lifecycle = null;
            }
        }

        return new PlannedPod(name, component, address, pod);
    }

    // What kubelet does with valueFrom: a field of the pod, or a key of a Secret; an optional key that is missing
    // leaves the variable out.
    private static List<V1EnvVar>? ResolveEnv(IList<V1EnvVar>? env, V1Pod pod, string address, Secrets secrets)
    {
        if (env is null)
        {
            return null;
        }

        var resolved = new List<V1EnvVar>();
        foreach (var variable in env)
        {
            if (variable.ValueFrom is null)
            {
                resolved.Add(variable);
                continue;
            }

            if (variable.ValueFrom.FieldRef is { } field)
            {
                resolved.Add(Env(variable.Name, FieldValue(field.FieldPath, pod, address)));
            }
            else if (variable.ValueFrom.SecretKeyRef is { } key)
            {
                if (secrets.TryGetValue(key.Name, out var secret) && secret.TryGetValue(key.Key, out var value))
                {
                    resolved.Add(Env(variable.Name, value));
                }
                else if (key.Optional != true)
                {
                    throw new InvalidOperationException($"{pod.Metadata.Name}: env {variable.Name} needs key {key.Key} of Secret {key.Name}, which the harness does not hold");
                }
            }
            else
            {
                throw new InvalidOperationException($"{pod.Metadata.Name}: env {variable.Name} has a valueFrom the harness does not resolve");
            }
        }

        return resolved;
    }

    private static string FieldValue(string path, V1Pod pod, string address)
    {
        const string labelPrefix = "metadata.labels['";
        return path switch
        {
            "metadata.name" => pod.Metadata.Name,
            "metadata.namespace" => Namespace,
            "status.podIP" => address,
            _ when path.StartsWith(labelPrefix, StringComparison.Ordinal) => pod.Metadata.Labels[path[labelPrefix.Length..^2]],
            _ => throw new InvalidOperationException($"{pod.Metadata.Name}: fieldRef {path} is not resolved by the harness"),
        };
    }

    // As Dapr's sidecar injector patches a pod: a daprd container with its ports, flags and security context, the
    // sidecar's labels, and DAPR_HTTP_PORT / DAPR_GRPC_PORT / APP_PROTOCOL in every app container.
    private static void InjectSidecar(V1Pod pod, ReleaseNetwork network)
    {
        var annotations = pod.Metadata.Annotations;
        string Annotation(string key, string fallback) => annotations.TryGetValue("dapr.io/" + key, out var value) && value.Length > 0 ? value : fallback;
        var appId = Annotation("app-id", pod.Metadata.Name);
        var metricsPort = Annotation("metrics-port", "9090");
        foreach (var container in pod.Spec.Containers)
        {
            container.Env ??= [];
            container.Env.Add(Env("DAPR_HTTP_PORT", "3500"));
            container.Env.Add(Env("DAPR_GRPC_PORT", "50001"));
            container.Env.Add(Env("APP_PROTOCOL", Annotation("app-protocol", "http")));
        }

        var args = new List<string>
        {
            "/daprd", "--dapr-http-port", "3500", "--dapr-grpc-port", "50001", "--dapr-internal-grpc-port", "50002",
            "--dapr-listen-addresses", "[::1],127.0.0.1", "--dapr-public-port", "3501", "--app-id", appId,
            "--app-protocol", Annotation("app-protocol", "http"), "--log-level", "info", "--dapr-graceful-shutdown-seconds",
            Annotation("graceful-shutdown-seconds", "-1"), "--mode", "kubernetes", "--app-port", Annotation("app-port", "0"),
            "--enable-metrics", "--metrics-port", metricsPort, "--config", Annotation("config", ""),
        };
        if (Annotation("log-as-json", "false") == "true")
        {
            args.Add("--log-as-json");
        }

        pod.Spec.Containers.Add(new V1Container
        {
            Name = SidecarName,
            Image = SidecarImage,
            ImagePullPolicy = "Never",
            Args = args,
            Ports =
            [
                Port(3500, "dapr-http"),
                Port(50001, "dapr-grpc"),
                Port(50002, "dapr-internal"),
                Port(int.Parse(metricsPort, System.Globalization.CultureInfo.InvariantCulture), "dapr-metrics"),
            ],
            Env =
            [
                Env("NAMESPACE", Namespace),
                Env("POD_NAME", pod.Metadata.Name),
                .. annotations.TryGetValue("dapr.io/app-token-secret", out var tokenSecret)
                    ? [new V1EnvVar { Name = "APP_API_TOKEN", ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = tokenSecret, Key = "token" } } }]
                    : Array.Empty<V1EnvVar>(),
                // The stand-in's own setting: where the shared broker (the Kafka, state and secret store stand-in) is.
                Env("STANDIN_BROKER", network.BrokerAddress),
            ],
            SecurityContext = new V1SecurityContext
            {
                AllowPrivilegeEscalation = false,
                RunAsNonRoot = true,
                ReadOnlyRootFilesystem = true,
                Capabilities = new V1Capabilities { Drop = ["ALL"] },
                SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
            },
        });
        pod.Metadata.Labels["dapr.io/sidecar-injected"] = "true";
        pod.Metadata.Labels["dapr.io/app-id"] = appId;
        pod.Metadata.Labels["dapr.io/metrics-enabled"] = "true";
    }

    private static V1EnvVar Env(string name, string value) => new() { Name = name, Value = value };

    private static V1ContainerPort Port(int port, string name) => new() { ContainerPort = port, Name = name };

    private static string Helm(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(Repository.Helm) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return process.ExitCode == 0 ? output.Result : throw new InvalidOperationException($"helm template failed:\n{error.Result}");
    }
}

/// <summary>A Dapr custom resource; the harness reads only its kind and name (the stand-in has its own components).</summary>
public sealed class DaprObject : IKubernetesObject<V1ObjectMeta>
{
    public string ApiVersion { get; set; } = "";

    public string Kind { get; set; } = "";

    public V1ObjectMeta Metadata { get; set; } = new();

    public Dictionary<string, object> Spec { get; set; } = [];

    public List<string> Scopes { get; set; } = [];

    public Dictionary<string, object>? Auth { get; set; }
}

/// <summary>The podman network the release runs on, and the fixed addresses of its pods.</summary>
internal sealed class ReleaseNetwork(string name, string prefix)
{
    private int _next = 10;

    public string Name { get; } = name;

    /// <summary>e.g. 10.89.7.0/24.</summary>
    public string Subnet => prefix + "0/24";

    public string Gateway => prefix + "1";

    public string PostgresAddress => prefix + "2";

    public string BrokerAddress => prefix + "3";

    public string IngressAddress => prefix + "4";

    public string Next() => prefix + Interlocked.Increment(ref _next).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
