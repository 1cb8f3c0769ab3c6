using System.Text.Json;
using System.Xml.Linq;

namespace TodoGrains.Deploy.Tests;

/// <summary>The arrows of docs/architecture.md: which project may reference which, and where Orleans may be.</summary>
public sealed class LayoutTests
{
    // Every product project and the projects it references directly; nothing else may appear.
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Contracts"] = [],
        ["Hosting"] = [],
        ["Auth"] = ["Contracts"],
        ["GrainInterfaces"] = ["Contracts"],
        ["Grains"] = ["GrainInterfaces", "Hosting"],
        ["EdgeServices.Common"] = ["Auth", "Contracts", "Hosting"],
        ["EdgeServices.Audit"] = ["EdgeServices.Common"],
        ["EdgeServices.Notification"] = ["EdgeServices.Common"],
        ["EdgeServices.Recurring"] = ["EdgeServices.Common"],
        ["EdgeServices.Sync"] = ["EdgeServices.Common"],
        ["Frontend"] = ["Contracts"],
        ["Silo"] = ["Auth", "EdgeServices.Audit", "EdgeServices.Common", "EdgeServices.Notification", "EdgeServices.Recurring", "EdgeServices.Sync", "Frontend", "GrainInterfaces", "Grains"],
    };

    private static IEnumerable<string> ProductProjects() =>
        Directory.GetFiles(Tools.Root, "*.csproj", SearchOption.AllDirectories)
            .Where(p => !Path.GetRelativePath(Tools.Root, p).StartsWith("tests", StringComparison.Ordinal) &&
                        !Path.GetRelativePath(Tools.Root, p).StartsWith("bench", StringComparison.Ordinal) &&
                        !p.Contains($"{Path.DirectorySeparatorChar}.ci{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    [Fact]
    public void EveryProject_ReferencesOnlyWhatThePictureAllows()
    {
        var actual = ProductProjects().ToDictionary(
            p => Path.GetFileNameWithoutExtension(p),
            p => XDocument.Load(p).Descendants("ProjectReference")
                .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', Path.DirectorySeparatorChar)))
                .Order(StringComparer.Ordinal).ToArray());

        Assert.Equal(Allowed.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        Assert.All(Allowed, a => Assert.Equal(a.Value, actual[a.Key]));
    }

    [Theory]
    [InlineData("Contracts")]
    [InlineData("Hosting")]
    [InlineData("Auth")]
    [InlineData("EdgeServices/Common")]
    [InlineData("EdgeServices/Audit")]
    [InlineData("EdgeServices/Notification")]
    [InlineData("EdgeServices/Recurring")]
    [InlineData("EdgeServices/Sync")]
    [InlineData("Frontend")]
    public void NoEdgeServiceNorTheContract_BringsOrleans_EvenTransitively(string project)
    {
        // What restore resolved for the project: every package it runs with.
        var assets = Path.Combine(Tools.Root, project, "obj", "project.assets.json");
        using var json = JsonDocument.Parse(File.ReadAllText(assets));
        var packages = json.RootElement.GetProperty("libraries").EnumerateObject().Select(l => l.Name.Split('/')[0]).ToList();

        Assert.Equal(JsonValueKind.Object, json.RootElement.GetProperty("project").ValueKind);
        Assert.DoesNotContain(packages, p => p.StartsWith("Microsoft.Orleans", StringComparison.OrdinalIgnoreCase));
    }
}
