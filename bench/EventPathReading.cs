namespace TodoGrains.Bench;

/// <summary>
/// The event-path histograms at one moment: the silos' Prometheus series and, through Dapr, the edge services'
/// cumulative buckets per topic as their latest OTLP exports had them. The figure is the difference of two.
/// </summary>
public sealed record EventPathReading(Dictionary<string, double> Silos, Dictionary<string, IReadOnlyList<(double Le, double Count)>> Otlp);
