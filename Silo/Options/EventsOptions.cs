namespace TodoGrains.Silo.Options;

/// <summary>How committed events leave the silo.</summary>
public enum EventTransport
{
    /// <summary>The in-process bus: the edge services' handlers run inside the silo (the embedded shape).</summary>
    InProcess = 0,

    /// <summary>Dapr pub/sub through the sidecar; the edge services run as their own apps.</summary>
    Dapr = 1,
}

public sealed class EventsOptions
{
    public const string SectionName = "Events";

    /// <summary>
    /// Unset: the in-process bus in the embedded shape; the cluster shape refuses to start, because each silo would
    /// then keep its own bus, audit trail, inboxes and hub, and a person's data would split by silo. InProcess in the
    /// cluster shape only when asked for by name (tests of a cluster on one machine).
    /// </summary>
    public EventTransport? Transport { get; set; }

    public EventTransport TransportFor(HostingShape shape) => Transport ?? (shape == HostingShape.Embedded
        ? EventTransport.InProcess
        : throw new InvalidOperationException(
            $"{SiloOptions.SectionName}:Shape is Cluster but {SectionName}:Transport is not set. Set it to Dapr, so that every silo publishes " +
            "to one broker and the edge services keep one audit trail, inbox and live-update hub per person (InProcess would give each silo its own)."));

    /// <summary>How often the embedded shape runs the notification sweep (the Dapr shape uses a cron binding).</summary>
    public TimeSpan DigestInterval { get; set; } = TimeSpan.FromMinutes(15);
}
