using System.Security.Cryptography;

namespace TodoGrains.Cluster.Tests;

/// <summary>The settings of a silo in the cluster shape on a test's own database and cluster id.</summary>
public static class ClusterSettings
{
    /// <summary>
    /// Cluster shape on <paramref name="database"/>, a fresh cluster id under <paramref name="name"/>, a signing key
    /// of its own, and each silo its own event bus: these tests look at grains, not at the edge services.
    /// </summary>
    public static Dictionary<string, string> For(string database, string name, IReadOnlyDictionary<string, string>? more = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["Orleans:Shape"] = "Cluster",
            ["Events:Transport"] = "InProcess",
            ["ConnectionStrings:Orleans"] = database,
            ["Orleans:ClusterId"] = $"{name}-{Guid.NewGuid().ToString("N")[..8]}",
            ["Orleans:ServiceId"] = name,
            ["Auth:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Observability:JsonLogs"] = "false",
        };
        foreach (var (key, value) in more ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        return settings;
    }
}
