using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using Orleans.Connections.Security;
using TodoGrains.Silo.Options;
using SiloOptions = TodoGrains.Silo.Options.SiloOptions;

namespace TodoGrains.Silo.Startup;

/// <summary>
/// Every Orleans connection, silo to silo and client to gateway, runs over mutual TLS: a peer that cannot present a
/// certificate of the cluster is dropped during the handshake, before Orleans reads a byte from it. Without this, any
/// process that reached a silo port could call any grain (read a person's tasks and password hash, add tasks) with
/// no token at all. The cluster's certificate comes from configuration (a Kubernetes Secret in the chart); the
/// embedded shape, which listens on loopback only, generates one in its data folder (readable by its owner only), so
/// another local account cannot join either.
/// </summary>
public static class OrleansTransportSecurity
{
    public const string EmbeddedCertificateFile = "orleans-tls.pfx";

    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    public static ISiloBuilder UseTodoTransportSecurity(this ISiloBuilder orleans, SiloOptions silo, EmbeddedStorageOptions storage)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(storage);
        var (certificate, trust) = Load(silo, storage, TimeProvider.System);
        return orleans.UseTls(certificate, tls =>
        {
            tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
            tls.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
            // Replaces the platform's check: peers are addressed by pod IP, so the host name cannot be checked; the
            // authority (or the shared certificate itself) is what authenticates them.
            tls.RemoteCertificateValidation = (remote, _, _) => trust.Accepts(remote);
        });
    }

    /// <summary>This silo's certificate and the rule a peer's certificate is judged by.</summary>
    public static (X509Certificate2 Certificate, ClusterTrust Trust) Load(SiloOptions silo, EmbeddedStorageOptions storage, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(storage);
        var tls = silo.Tls;
        if (string.IsNullOrWhiteSpace(tls.CertificatePath))
        {
            if (silo.Shape == HostingShape.Cluster)
            {
                throw Invalid(
                    $"{SiloOptions.SectionName}:Shape is Cluster but {SiloOptions.SectionName}:Tls:CertificatePath is not set: every silo needs the " +
                    "cluster's certificate and key (and normally Tls:AuthorityPath) to talk to the others; see docs/cluster.md.");
            }

            var own = LoadOrCreateEmbedded(Path.Combine(storage.EnsureDataDirectory(), EmbeddedCertificateFile), time);
            return (own, new ClusterTrust(own, null, time));
        }

        var certificate = Read("CertificatePath", tls.CertificatePath, path =>
            X509Certificate2.CreateFromPemFile(path, string.IsNullOrWhiteSpace(tls.KeyPath) ? null : Require("KeyPath", tls.KeyPath)));
        if (!certificate.HasPrivateKey)
        {
            throw Invalid($"{SiloOptions.SectionName}:Tls:CertificatePath {tls.CertificatePath} has no private key; set Tls:KeyPath to its key.");
        }

        X509Certificate2Collection? authority = null;
        if (!string.IsNullOrWhiteSpace(tls.AuthorityPath))
        {
            authority = Read("AuthorityPath", tls.AuthorityPath, path =>
            {
                var certificates = new X509Certificate2Collection();
                certificates.ImportFromPemFile(path);
                return certificates.Count > 0 ? certificates : throw new CryptographicException("no certificate in the file");
            });
        }

        var trust = new ClusterTrust(certificate, authority, time);
        return trust.Accepts(certificate) && certificate.NotAfter > time.GetLocalNow().DateTime
            ? (certificate, trust)
            : throw Invalid($"{SiloOptions.SectionName}:Tls:CertificatePath {tls.CertificatePath} is not signed by Tls:AuthorityPath {tls.AuthorityPath} (or has expired): the other silos would refuse it.");
    }

    private static X509Certificate2 LoadOrCreateEmbedded(string path, TimeProvider time)
    {
        if (File.Exists(path))
        {
            var existing = X509CertificateLoader.LoadPkcs12FromFile(path, null);
            if (existing.HasPrivateKey && existing.NotAfter > time.GetLocalNow().DateTime.AddDays(30))
            {
                return existing;
            }
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=todo-grains embedded silo", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuthentication, ClientAuthentication], false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        var now = time.GetUtcNow();
        using var created = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(10));
        var temp = path + ".tmp";
        File.Delete(temp);
        EmbeddedStorageOptions.CreateOwnerOnlyFile(temp);
        File.WriteAllBytes(temp, created.Export(X509ContentType.Pkcs12));
        File.Move(temp, path, overwrite: true);
        return X509CertificateLoader.LoadPkcs12FromFile(path, null);
    }

    private static T Read<T>(string setting, string path, Func<string, T> read)
    {
        try
        {
            return read(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw Invalid($"{SiloOptions.SectionName}:Tls:{setting} {path} cannot be read as PEM: {ex.Message}");
        }
    }

    private static string Require(string setting, string path) =>
        File.Exists(path) ? path : throw Invalid($"{SiloOptions.SectionName}:Tls:{setting} {path} does not exist.");

    private static OptionsValidationException Invalid(string message) =>
        new(SiloOptions.SectionName, typeof(SiloOptions), [message]);
}

/// <summary>
/// Whom a silo talks to: with an authority, a certificate that chains to it, is valid now and may authenticate both a
/// server and a client (every silo is both), so certificates can be issued per silo and rotated; without one, only a
/// peer presenting this silo's own certificate. No certificate is ever fetched from a URL a peer's certificate names.
/// Use an authority of the cluster's own: any certificate it signed is admitted.
/// </summary>
public sealed class ClusterTrust(X509Certificate2 own, X509Certificate2Collection? authority, TimeProvider time)
{
    public bool Accepts(X509Certificate2 remote)
    {
        ArgumentNullException.ThrowIfNull(remote);
        var now = time.GetLocalNow().DateTime;
        if (authority is null)
        {
            return remote.RawDataMemory.Span.SequenceEqual(own.RawDataMemory.Span) && remote.NotBefore <= now && now <= remote.NotAfter;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = now;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.1"));
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.2"));
        return chain.Build(remote);
    }
}
