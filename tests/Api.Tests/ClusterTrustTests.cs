using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using TodoGrains.Silo.Startup;

namespace TodoGrains.Api.Tests;

/// <summary>Which certificates a silo admits on its Orleans ports when the cluster has an authority.</summary>
public sealed class ClusterTrustTests
{
    private static readonly Oid Server = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid Client = new("1.3.6.1.5.5.7.3.2");

    [Fact]
    public void OnlyACurrentCertificateOfTheAuthority_ForBothServerAndClient_IsAdmitted()
    {
        using var authorityKey = RSA.Create(2048);
        var request = new CertificateRequest("CN=test authority", authorityKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var authority = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(30));
        using var silo = Issue(authority, [Server, Client], DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10));
        var trust = new ClusterTrust(silo, [authority], TimeProvider.System);

        Assert.True(trust.Accepts(silo));
        using (var serverOnly = Issue(authority, [Server], DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10)))
        {
            Assert.False(trust.Accepts(serverOnly));
        }

        using (var expired = Issue(authority, [Server, Client], DateTimeOffset.UtcNow.AddDays(-20), DateTimeOffset.UtcNow.AddDays(-10)))
        {
            Assert.False(trust.Accepts(expired));
        }

        using var stranger = ClusterCertificates.SelfSigned("todo-grains-silo");
        Assert.False(trust.Accepts(stranger));
    }

    private static X509Certificate2 Issue(X509Certificate2 authority, Oid[] usages, DateTimeOffset from, DateTimeOffset until)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=silo", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([.. usages], false));
        using var issued = request.Create(authority, from, until, RandomNumberGenerator.GetBytes(8));
        return issued.CopyWithPrivateKey(key);
    }
}
