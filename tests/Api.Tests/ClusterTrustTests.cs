using System.Security.Cryptography;
using TodoGrains.Silo.Startup;

namespace TodoGrains.Api.Tests;

/// <summary>Which certificates a silo admits on its Orleans ports when the cluster has an authority.</summary>
public sealed class ClusterTrustTests
{
    [Fact]
    public void OnlyACurrentCertificateOfTheAuthority_ForBothServerAndClient_IsAdmitted()
    {
        using var certificates = new ClusterCertificates(Path.Combine(Path.GetTempPath(), "todo-grains-tests", Guid.NewGuid().ToString("N")));
        var trust = new ClusterTrust(certificates.Silo, [certificates.Authority], TimeProvider.System);
        using var serverOnly = certificates.IssueWithKey("silo", usages: [new Oid("1.3.6.1.5.5.7.3.1")]);
        using var expired = certificates.IssueWithKey("silo", from: DateTimeOffset.UtcNow.AddDays(-20), until: DateTimeOffset.UtcNow.AddDays(-10));
        using var stranger = ClusterCertificates.SelfSigned("todo-grains-silo");

        Assert.True(trust.Accepts(certificates.Silo));
        Assert.False(trust.Accepts(serverOnly));
        Assert.False(trust.Accepts(expired));
        Assert.False(trust.Accepts(stranger));
    }
}
