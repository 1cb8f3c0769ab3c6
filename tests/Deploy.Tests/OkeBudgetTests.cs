using System.Globalization;
using System.Text.RegularExpressions;
using k8s.Models;

namespace TodoGrains.Deploy.Tests;

/// <summary>
/// The OKE always-free budget in docs/deploy-oke.md, recomputed from the chart rendered with values-oke.yaml: what
/// the release requests (every container and injected sidecar, the chart's own Kafka), what an upgrade adds while it
/// rolls (each Deployment's surge pods, or the migrate hook beside the old pods), and that with the platform's
/// reserve it fits the nodes. The document's figures must be the computed ones, so the guide cannot drift.
/// </summary>
public sealed partial class OkeBudgetTests
{
    [Fact]
    public void TheReleaseAndItsRollOut_FitTheFreeTier_AsTheGuideSays()
    {
        var objects = HelmChartTestsRender();
        var steady = new Budget();
        var surge = new Budget();
        foreach (var deployment in objects.OfType<V1Deployment>())
        {
            var pod = PodRequests(deployment.Spec.Template);
            steady += pod * (deployment.Spec.Replicas ?? 1);
            surge += pod * SurgePods(deployment);
        }

        foreach (var pool in objects.OfType<StrimziNodePool>())
        {
            steady += Requests(pool.Spec.Resources) * pool.Spec.Replicas;
        }

        foreach (var kafka in objects.OfType<StrimziKafka>())
        {
            steady += Requests(kafka.Spec.EntityOperator?.TopicOperator?.Resources) + Requests(kafka.Spec.EntityOperator?.UserOperator?.Resources);
        }

        var migrate = objects.OfType<V1Job>().Select(j => PodRequests(j.Spec.Template)).Aggregate(new Budget(), (a, b) => a + b);
        var upgrade = surge.Max(migrate);

        var table = DocumentTable();
        Assert.Equal(steady, table["the release"]);
        Assert.Equal(upgrade, table["during an upgrade"]);
        var total = steady + upgrade + table["reserved for the platform"];
        Assert.Equal(total, table["total"]);
        var capacity = table["the nodes"];
        Assert.True(total.CpuMillis <= capacity.CpuMillis && total.MemoryMiB <= capacity.MemoryMiB, $"{total} does not fit {capacity}");
    }

    private static List<object> HelmChartTestsRender()
    {
        var (exit, output) = Tools.Run(Tools.Helm, Tools.Root, ["template", "todo-grains", Tools.Chart, "--kube-version", "1.32", .. HelmChartTests.ValuesArgs("values-oke.yaml")]);
        Assert.True(exit == 0, output);
        return Manifests.LoadStrict(output);
    }

    // A pod's containers, and the sidecar the Dapr injector adds with the requests its annotations ask for.
    private static Budget PodRequests(V1PodTemplateSpec template)
    {
        var budget = template.Spec.Containers.Aggregate(new Budget(), (sum, c) => sum + Requests(c.Resources));
        var annotations = template.Metadata.Annotations ?? new Dictionary<string, string>();
        if (annotations.TryGetValue("dapr.io/enabled", out var enabled) && enabled == "true")
        {
            Assert.True(annotations.ContainsKey("dapr.io/sidecar-cpu-request") && annotations.ContainsKey("dapr.io/sidecar-memory-request"), "a sidecar without requests is not budgeted");
            budget += new Budget(Cpu(annotations["dapr.io/sidecar-cpu-request"]), MiB(annotations["dapr.io/sidecar-memory-request"]));
        }

        return budget;
    }

    // RollingUpdate's maxSurge (Kubernetes' default 25 %, rounded up) pods exist beside the old ones while it rolls.
    private static int SurgePods(V1Deployment deployment)
    {
        var replicas = deployment.Spec.Replicas ?? 1;
        var surge = deployment.Spec.Strategy?.RollingUpdate?.MaxSurge?.Value ?? "25%";
        return surge.EndsWith('%') ? (int)Math.Ceiling(replicas * int.Parse(surge.TrimEnd('%'), CultureInfo.InvariantCulture) / 100.0) : int.Parse(surge, CultureInfo.InvariantCulture);
    }

    private static Budget Requests(V1ResourceRequirements? resources) =>
        resources?.Requests is { } r
            ? new Budget(r.TryGetValue("cpu", out var cpu) ? Cpu(cpu.ToString()) : 0, r.TryGetValue("memory", out var memory) ? MiB(memory.ToString()) : 0)
            : new Budget();

    private static int Cpu(string quantity) => (int)Math.Round(new ResourceQuantity(quantity).ToDecimal() * 1000);

    private static int MiB(string quantity) => (int)Math.Round(new ResourceQuantity(quantity).ToDecimal() / (1024 * 1024));

    // The table's rows: | label | 1234m | 5678 MiB |
    private static Dictionary<string, Budget> DocumentTable()
    {
        var text = File.ReadAllText(Path.Combine(Tools.Root, "docs", "deploy-oke.md"));
        var rows = new Dictionary<string, Budget>(StringComparer.Ordinal);
        foreach (Match row in BudgetRow().Matches(text))
        {
            rows[row.Groups["label"].Value.Trim()] = new Budget(int.Parse(row.Groups["cpu"].Value, CultureInfo.InvariantCulture), int.Parse(row.Groups["mem"].Value, CultureInfo.InvariantCulture));
        }

        Assert.True(rows.Count >= 5, $"docs/deploy-oke.md has {rows.Count} budget rows");
        return rows;
    }

    [GeneratedRegex(@"^\| \**(?<label>[a-z][a-z ]+?)\**(?: \([^|]*\))? \| \**(?<cpu>\d+)m\** \| \**(?<mem>\d+) MiB\** \|", RegexOptions.Multiline)]
    private static partial Regex BudgetRow();

    private readonly record struct Budget(int CpuMillis, int MemoryMiB)
    {
        public static Budget operator +(Budget a, Budget b) => new(a.CpuMillis + b.CpuMillis, a.MemoryMiB + b.MemoryMiB);

        public static Budget operator *(Budget a, int n) => new(a.CpuMillis * n, a.MemoryMiB * n);

        public Budget Max(Budget other) => new(Math.Max(CpuMillis, other.CpuMillis), Math.Max(MemoryMiB, other.MemoryMiB));

        public override string ToString() => $"{CpuMillis}m CPU, {MemoryMiB} MiB";
    }
}
