using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TodoGrains.TestSupport;

/// <summary>
/// A certificate authority and a silo certificate it signed, written as PEM files the way a <c>kubernetes.io/tls</c>
/// Secret mounts them (<c>ca.crt</c>, <c>tls.crt</c>, <c>tls.key</c>): what the cluster shape's silos need to talk
/// to each other over mutual TLS.
/// </summary>
public sealed class ClusterCertificates : IDisposable
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");
    private readonly RSA _authorityKey;

    public ClusterCertificates(string folder)
    {
        Folder = folder;
        Directory.CreateDirectory(folder);
        _authorityKey = RSA.Create(2048);
        var request = new CertificateRequest("CN=todo-grains test authority", _authorityKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.DigitalSignature, true));
        Authority = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(30));
        File.WriteAllText(AuthorityPath, Authority.ExportCertificatePem());
        var (silo, key) = Issue("todo-grains-silo");
        File.WriteAllText(CertificatePath, silo.ExportCertificatePem());
        File.WriteAllText(KeyPath, key.ExportPkcs8PrivateKeyPem());
        Silo = silo.CopyWithPrivateKey(key);
    }

    public string Folder { get; }

    public X509Certificate2 Authority { get; }

    /// <summary>The silo certificate with its key, as a client of the cluster would present it.</summary>
    public X509Certificate2 Silo { get; }

    public string AuthorityPath => Path.Combine(Folder, "ca.crt");

    public string CertificatePath => Path.Combine(Folder, "tls.crt");

    public string KeyPath => Path.Combine(Folder, "tls.key");

    /// <summary>The silo's settings that point at these files.</summary>
    public IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Orleans:Tls:CertificatePath"] = CertificatePath,
        ["Orleans:Tls:KeyPath"] = KeyPath,
        ["Orleans:Tls:AuthorityPath"] = AuthorityPath,
    };

    /// <summary>A silo's settings with a certificate of its own from this authority, written beside the others.</summary>
    public Dictionary<string, string> SettingsFor(string silo)
    {
        var (certificate, key) = Issue(silo);
        using (certificate)
        using (key)
        {
            var certificatePath = Path.Combine(Folder, silo + ".crt");
            var keyPath = Path.Combine(Folder, silo + ".key");
            File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
            File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
            return new Dictionary<string, string>
            {
                ["Orleans:Tls:CertificatePath"] = certificatePath,
                ["Orleans:Tls:KeyPath"] = keyPath,
                ["Orleans:Tls:AuthorityPath"] = AuthorityPath,
            };
        }
    }

    /// <summary>
    /// A further certificate from this authority (with its key), e.g. for a client; by default valid now and for both
    /// server and client authentication, or with the given <paramref name="usages"/> and validity.
    /// </summary>
    public X509Certificate2 IssueWithKey(string name, Oid[]? usages = null, DateTimeOffset? from = null, DateTimeOffset? until = null)
    {
        var (certificate, key) = Issue(name, usages, from, until);
        using (certificate)
        using (key)
        {
            return certificate.CopyWithPrivateKey(key);
        }
    }

    /// <summary>A self-signed certificate no cluster trusts, good for both ends of TLS.</summary>
    public static X509Certificate2 SelfSigned(string name)
    {
        using var key = RSA.Create(2048);
        var request = LeafRequest(name, key);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(30));
    }

    public void Dispose()
    {
        Silo.Dispose();
        Authority.Dispose();
        _authorityKey.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private (X509Certificate2 Certificate, RSA Key) Issue(string name, Oid[]? usages = null, DateTimeOffset? from = null, DateTimeOffset? until = null)
    {
        var key = RSA.Create(2048);
        var request = LeafRequest(name, key, usages);
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        var certificate = request.Create(Authority, from ?? DateTimeOffset.UtcNow.AddMinutes(-5), until ?? DateTimeOffset.UtcNow.AddDays(29), serial);
        return (certificate, key);
    }

    private static CertificateRequest LeafRequest(string name, RSA key, Oid[]? usages = null)
    {
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([.. usages ?? [ServerAuthentication, ClientAuthentication]], false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(name);
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        return request;
    }
}
