namespace TodoGrains.Silo.Options;

/// <summary>Where metrics, traces and the grain dashboard are exposed.</summary>
public sealed class ObservabilityOptions
{
    public const string SectionName = "Observability";

    /// <summary>
    /// A separate port for <c>/dashboard</c> and <c>/metrics</c> (cluster shape: keep them off the public
    /// ingress). 0: served on the API port, the dashboard still for operators only.
    /// </summary>
    public int InternalPort { get; set; }

    /// <summary>
    /// The address the internal port listens on. Default: the public URL's (loopback in the embedded shape, every
    /// interface in a pod, where Prometheus scrapes it).
    /// </summary>
    public string? InternalAddress { get; set; }

    /// <summary>Export traces over OTLP to this endpoint (e.g. http://otel-collector:4317); empty: no trace export.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>JSON console logs (default in the cluster shape, where a log collector reads them).</summary>
    public bool? JsonLogs { get; set; }
}
