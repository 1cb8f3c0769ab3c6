namespace TodoGrains.Bench;

/// <summary>
/// The event-path histograms where the figure starts: the silos' Prometheus series and, through Dapr, the edge
/// services' cumulative buckets per topic as their latest OTLP exports had them.
/// </summary>
public sealed record EventPathStart(Dictionary<string, double> Silos, Dictionary<string, IReadOnlyList<(double Le, double Count)>> Otlp);
