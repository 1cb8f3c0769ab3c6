using System.ComponentModel.DataAnnotations;

namespace TodoGrains.Silo.Options;

/// <summary>Which shape the silo runs in.</summary>
public enum HostingShape
{
    /// <summary>One process, localhost clustering, SQLite: no infrastructure.</summary>
    Embedded = 0,

    /// <summary>Several silos: ADO.NET clustering, grain state and reminders on PostgreSQL.</summary>
    Cluster = 1,
}

/// <summary>Orleans endpoints and identity of this silo.</summary>
public sealed class SiloOptions
{
    public const string SectionName = "Orleans";

    /// <summary>The connection string name (<c>ConnectionStrings:Orleans</c>) of the cluster shape's PostgreSQL.</summary>
    public const string ConnectionStringName = "Orleans";

    public HostingShape Shape { get; set; } = HostingShape.Embedded;

    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos reach this one at (cluster shape); default: the pod IP, else loopback.</summary>
    public string? AdvertisedIPAddress { get; set; }

    [Required]
    public string ClusterId { get; set; } = "todo-grains";

    [Required]
    public string ServiceId { get; set; } = "todo-grains";

    /// <summary>The certificate every Orleans connection is authenticated with (<c>Orleans:Tls</c>).</summary>
    public OrleansTlsOptions Tls { get; set; } = new();
}

/// <summary>
/// Mutual TLS on the silo and gateway ports. The cluster shape needs a certificate and key (PEM files, as a
/// <c>kubernetes.io/tls</c> Secret mounts them) and normally the authority that signed every silo's certificate; the
/// embedded shape generates its own certificate in the data folder when none is given.
/// </summary>
public sealed class OrleansTlsOptions
{
    /// <summary>This silo's certificate (PEM), e.g. <c>/etc/todo-grains/orleans-tls/tls.crt</c>.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>Its private key (PEM), e.g. <c>tls.key</c>.</summary>
    public string? KeyPath { get; set; }

    /// <summary>
    /// The certificate authority (PEM, <c>ca.crt</c>) a peer's certificate must chain to. Without it a peer must present
    /// this silo's own certificate (every silo shares one).
    /// </summary>
    public string? AuthorityPath { get; set; }
}
