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

    public EventTransport Transport { get; set; } = EventTransport.InProcess;

    /// <summary>How often the embedded shape runs the notification sweep (the Dapr shape uses a cron binding).</summary>
    public TimeSpan DigestInterval { get; set; } = TimeSpan.FromMinutes(15);
}
