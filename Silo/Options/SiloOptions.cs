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
}
