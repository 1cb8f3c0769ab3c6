using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace TodoGrains.Deploy.Tests;

/// <summary>Dockerfiles, workflows and scripts pass their linters.</summary>
public sealed partial class LintTests
{
    public static TheoryData<string> Dockerfiles => new() { "Silo/Dockerfile", "EdgeServices/Dockerfile", "Frontend/Dockerfile" };

    // The release harness's stand-in images (tests/Release.Tests/StandIns) are linted like the product's.
    public static TheoryData<string> Containerfiles => new(
        Directory.GetFiles(Path.Combine(Tools.Root, "tests", "Release.Tests", "StandIns"), "*.Containerfile").Select(f => Path.GetRelativePath(Tools.Root, f)).Order());

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    [MemberData(nameof(Containerfiles))]
    public void Dockerfile_PassesDockerfileUtilsLint(string dockerfile)
    {
        var (exit, output) = Tools.Run(Tools.DockerfileUtils, Tools.Root, "lint", dockerfile);
        Assert.True(exit == 0 && output.Trim().Length == 0, output);
    }

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Dockerfile_PinsItsBaseImages_RunsAsNonRoot_AndHasAHealthCheck(string dockerfile)
    {
        var text = File.ReadAllText(Path.Combine(Tools.Root, dockerfile));
        var froms = FromLine().Matches(text).Select(m => m.Groups["image"].Value).ToList();
        Assert.NotEmpty(froms);
        Assert.All(froms, image => Assert.True(image.Contains(':', StringComparison.Ordinal) && !image.EndsWith(":latest", StringComparison.Ordinal), image));
        Assert.Matches(@"(?m)^USER\s+(\$APP_UID|\d+)\s*$", text);
        Assert.Matches(@"(?m)^HEALTHCHECK\s", text);
        Assert.Contains("--platform=$BUILDPLATFORM", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Workflows_AreFound_AndPassActionlint()
    {
        var workflows = Directory.GetFiles(Path.Combine(Tools.Root, ".github", "workflows"), "*.yml");
        Assert.NotEmpty(workflows);
        var (exit, output) = Tools.Run(Tools.ActionLint, Tools.Root);
        Assert.True(exit == 0, output);
        Assert.Contains($"Checking {workflows.Length} workflow file(s)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void WorkflowRunSteps_PassShellcheck()
    {
        var scripts = 0;
        foreach (var workflow in Directory.GetFiles(Path.Combine(Tools.Root, ".github", "workflows"), "*.yml"))
        {
            var yaml = new YamlStream();
            using (var reader = new StreamReader(workflow))
            {
                yaml.Load(reader);
            }

            var jobs = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["jobs"];
            // A job that calls a reusable workflow (uses:) has no steps of its own.
            foreach (var job in jobs.Children.Values.Cast<YamlMappingNode>().Where(j => j.Children.ContainsKey("steps")))
            {
                foreach (var step in ((YamlSequenceNode)job["steps"]).Children.Cast<YamlMappingNode>().Where(s => s.Children.ContainsKey("run")))
                {
                    // GitHub expressions are substituted before the shell runs; stand in a plain word for them.
                    var script = Expression().Replace(((YamlScalarNode)step["run"]).Value!, "expr");
                    var file = Path.Combine(Path.GetTempPath(), $"step-{Guid.NewGuid():N}.sh");
                    File.WriteAllText(file, "#!/usr/bin/env bash\nset -e\n" + script);
                    var (exit, output) = Tools.Run(Tools.ShellCheck, Tools.Root, file);
                    File.Delete(file);
                    Assert.True(exit == 0, $"{Path.GetFileName(workflow)}: {output}");
                    scripts++;
                }
            }
        }

        Assert.True(scripts > 0);
    }

    [Fact]
    public void Workflows_NameRegistriesInLowercase_AndDeployTheReleasedChart()
    {
        var folder = Path.Combine(Tools.Root, ".github", "workflows");
        foreach (var workflow in Directory.GetFiles(folder, "*.yml"))
        {
            // An owner may spell its name with capitals; OCI references refuse them.
            Assert.DoesNotMatch(@"ghcr\.io/\$\{\{\s*github\.repository_owner", File.ReadAllText(workflow));
        }

        var deploy = File.ReadAllText(Path.Combine(folder, "deploy-oke.yml"));
        Assert.Contains("helm pull \"oci://ghcr.io/$owner/charts/todo-grains\" --version \"$VERSION\"", deploy, StringComparison.Ordinal);
        Assert.DoesNotContain("actions/checkout", deploy, StringComparison.Ordinal);
        Assert.Contains("secrets.OKE_VALUES", deploy, StringComparison.Ordinal);
        // Both the release and CI build the images through the one reusable workflow.
        Assert.Contains("uses: ./.github/workflows/images.yml", File.ReadAllText(Path.Combine(folder, "ci.yml")), StringComparison.Ordinal);
        Assert.Contains("uses: ./.github/workflows/images.yml", File.ReadAllText(Path.Combine(folder, "release.yml")), StringComparison.Ordinal);
    }

    [Fact]
    public void CiScripts_PassShellcheck()
    {
        var scripts = new[]
        {
            ".ci/run", ".ci/test", ".ci/postgres.sh", ".ci/deploy-tools.sh", ".ci/podman.sh",
            "tests/Release.Tests/images.sh", "tests/Release.Tests/StandIns/postgres-entrypoint.sh",
        };
        var (exit, output) = Tools.Run(Tools.ShellCheck, Tools.Root, scripts);
        Assert.True(exit == 0, output);
    }

    [GeneratedRegex(@"(?m)^FROM\s+(?:--platform=\S+\s+)?(?<image>\S+)")]
    private static partial Regex FromLine();

    [GeneratedRegex(@"\$\{\{[^}]*\}\}")]
    private static partial Regex Expression();
}
