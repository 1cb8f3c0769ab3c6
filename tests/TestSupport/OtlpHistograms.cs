using Google.Protobuf;

namespace TodoGrains.TestSupport;

/// <summary>One histogram data point as an OTLP exporter sent it: who sent it, its attributes, its cumulative buckets.</summary>
public sealed record OtlpHistogramPoint(string Service, IReadOnlyDictionary<string, string> Attributes, ulong TimeUnixNano, IReadOnlyList<double> Bounds, IReadOnlyList<ulong> Counts)
{
    /// <summary>The buckets as Prometheus writes them: each upper bound (the last +∞) with the count at or below it.</summary>
    public IReadOnlyList<(double Le, double Count)> Cumulative()
    {
        var buckets = new List<(double Le, double Count)>();
        var total = 0.0;
        for (var i = 0; i < Counts.Count; i++)
        {
            total += Counts[i];
            buckets.Add((i < Bounds.Count ? Bounds[i] : double.PositiveInfinity, total));
        }

        return buckets;
    }
}

/// <summary>
/// Reads the histograms out of OTLP/HTTP metric exports (<c>ExportMetricsServiceRequest</c> in protobuf), with the
/// protobuf library's own reader: resource metrics (1) → resource (1, its attributes 1) and scope metrics (2) → metrics
/// (2) → name (1) and histogram (9) → data points (1): attributes (9), time (3), bucket counts (6), bounds (7).
/// </summary>
public static class OtlpHistograms
{
    /// <summary>Every data point of the histogram <paramref name="name"/> in <paramref name="exports"/>.</summary>
    public static IEnumerable<OtlpHistogramPoint> Read(IEnumerable<OtlpExport> exports, string name)
    {
        ArgumentNullException.ThrowIfNull(exports);
        foreach (var export in exports.Where(e => e.Path == "/v1/metrics"))
        {
            foreach (var resourceMetrics in Fields(export.Body, 1))
            {
                var service = Fields(resourceMetrics, 1).SelectMany(resource => Attributes(resource, 1)).FirstOrDefault(a => a.Key == "service.name").Value ?? "";
                foreach (var metric in Fields(resourceMetrics, 2).SelectMany(scope => Fields(scope, 2)))
                {
                    if (Fields(metric, 1).Select(n => n.ToStringUtf8()).FirstOrDefault() != name)
                    {
                        continue;
                    }

                    foreach (var point in Fields(metric, 9).SelectMany(histogram => Fields(histogram, 1)))
                    {
                        yield return Point(service, point);
                    }
                }
            }
        }
    }

    /// <summary>
    /// The newest cumulative buckets of each sender's series of <paramref name="name"/> whose attributes hold
    /// <paramref name="attribute"/> = <paramref name="value"/>, added together.
    /// </summary>
    public static IReadOnlyList<(double Le, double Count)> Latest(IEnumerable<OtlpExport> exports, string name, string attribute, string value)
    {
        var latest = Read(exports, name)
            .Where(p => p.Attributes.GetValueOrDefault(attribute) == value)
            .GroupBy(p => (p.Service, string.Join(",", p.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal))))
            .Select(g => g.MaxBy(p => p.TimeUnixNano)!.Cumulative())
            .ToList();
        return latest.Count == 0 ? [] : latest.Aggregate((a, b) => a.Zip(b, (x, y) => (x.Le, x.Count + y.Count)).ToList());
    }

    private static OtlpHistogramPoint Point(string service, ByteString point)
    {
        var attributes = Attributes(point, 9).ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        ulong time = 0;
        var counts = new List<ulong>();
        var bounds = new List<double>();
        var input = point.CreateCodedInput();
        for (uint tag; (tag = input.ReadTag()) != 0;)
        {
            switch (WireFormat.GetTagFieldNumber(tag), WireFormat.GetTagWireType(tag))
            {
                case (3, WireFormat.WireType.Fixed64): time = input.ReadFixed64(); break;
                case (6, WireFormat.WireType.LengthDelimited): counts.AddRange(Packed(input.ReadBytes(), 8).Select(b => BitConverter.ToUInt64(b))); break;
                case (6, WireFormat.WireType.Fixed64): counts.Add(input.ReadFixed64()); break;
                case (7, WireFormat.WireType.LengthDelimited): bounds.AddRange(Packed(input.ReadBytes(), 8).Select(b => BitConverter.ToDouble(b))); break;
                case (7, WireFormat.WireType.Fixed64): bounds.Add(input.ReadDouble()); break;
                default: input.SkipLastField(); break;
            }
        }

        return new OtlpHistogramPoint(service, attributes, time, bounds, counts);
    }

    // KeyValue (key 1, AnyValue 2 with its string value 1) at field number `field`.
    private static IEnumerable<KeyValuePair<string, string>> Attributes(ByteString message, int field) =>
        Fields(message, field).Select(kv => new KeyValuePair<string, string>(
            Fields(kv, 1).Select(k => k.ToStringUtf8()).FirstOrDefault() ?? "",
            Fields(kv, 2).SelectMany(v => Fields(v, 1)).Select(s => s.ToStringUtf8()).FirstOrDefault() ?? ""));

    private static List<ByteString> Fields(byte[] message, int field) => Fields(ByteString.CopyFrom(message), field);

    // The length-delimited fields numbered `field` of a message, in order.
    private static List<ByteString> Fields(ByteString message, int field)
    {
        var found = new List<ByteString>();
        var input = message.CreateCodedInput();
        for (uint tag; (tag = input.ReadTag()) != 0;)
        {
            if (WireFormat.GetTagFieldNumber(tag) == field && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                found.Add(input.ReadBytes());
            }
            else
            {
                input.SkipLastField();
            }
        }

        return found;
    }

    private static IEnumerable<byte[]> Packed(ByteString packed, int size) => packed.ToByteArray().Chunk(size);
}
