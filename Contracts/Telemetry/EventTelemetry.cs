namespace TodoGrains.Contracts.Telemetry;

/// <summary>
/// The telemetry every deployable on the event path shares, so a dashboard reads one name whichever shape runs:
/// the silo's in-process bus and the edge services record the same delivery histogram.
/// </summary>
public static class EventTelemetry
{
    /// <summary>From a change's commit to an edge handler having handled its event, in seconds; tagged <c>topic</c>.</summary>
    public const string DeliveryHistogram = "todo.events.delivery";

    public const string DeliveryDescription = "From a change's commit to an edge handler having handled its event";

    /// <summary>Bucket bounds (seconds) fine enough to tell 5 ms from 10 ms and 50 ms from 100 ms.</summary>
    public static IReadOnlyList<double> LatencyBuckets { get; } =
        [0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 0.75, 1, 2, 5, 10];
}
