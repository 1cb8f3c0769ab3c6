using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TodoGrains.DaprSidecar.PubSub;

/// <summary>A published event wrapped as daprd wraps it: a CloudEvents 1.0 JSON envelope.</summary>
internal sealed record CloudEventEnvelope(string Id, byte[] Json)
{
    public const string ContentType = "application/cloudevents+json";
    public const string EventType = "com.dapr.event.sent";

    /// <summary>Wraps the event's data; a payload that already is a CloudEvent keeps its own fields.</summary>
    public static CloudEventEnvelope Create(OutgoingEvent outgoing, string source, DateTimeOffset now)
    {
        var traceParent = outgoing.TraceParent ?? NewTraceParent();
        var contentType = string.IsNullOrEmpty(outgoing.DataContentType) ? "application/json" : outgoing.DataContentType;
        var mediaType = MediaType(contentType);

        if (mediaType == ContentType && TryParseObject(outgoing.Data.Span) is { } existing)
        {
            return Complete(existing, outgoing, source, traceParent, now);
        }

        var id = Guid.NewGuid().ToString();
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("id", id);
            writer.WriteString("source", source);
            writer.WriteString("type", EventType);
            writer.WriteString("specversion", "1.0");
            writer.WriteString("datacontenttype", contentType);
            WriteData(writer, outgoing.Data.Span, mediaType);
            writer.WriteString("topic", outgoing.Topic);
            writer.WriteString("pubsubname", outgoing.PubsubName);
            writer.WriteString("traceid", traceParent);
            writer.WriteString("traceparent", traceParent);
            writer.WriteString("tracestate", string.Empty);
            writer.WriteString("time", now.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture));
            writer.WriteEndObject();
        }

        return new CloudEventEnvelope(id, buffer.ToArray());
    }

    // Like components-contrib's envelope: JSON stays JSON, text becomes a string, anything else goes base64.
    private static void WriteData(Utf8JsonWriter writer, ReadOnlySpan<byte> data, string mediaType)
    {
        if (data.IsEmpty)
        {
            return;
        }

        if (IsJson(mediaType) && IsValidJson(data))
        {
            writer.WritePropertyName("data");
            writer.WriteRawValue(data, skipInputValidation: true);
        }
        else if (IsJson(mediaType) || IsText(mediaType))
        {
            writer.WriteString("data", Encoding.UTF8.GetString(data));
        }
        else
        {
            writer.WriteBase64String("data_base64", data);
        }
    }

    private static CloudEventEnvelope Complete(JsonObject cloudEvent, OutgoingEvent outgoing, string source, string traceParent, DateTimeOffset now)
    {
        var id = cloudEvent["id"]?.GetValueKind() == JsonValueKind.String ? cloudEvent["id"]!.GetValue<string>() : Guid.NewGuid().ToString();
        cloudEvent["id"] = id;
        cloudEvent["source"] ??= source;
        cloudEvent["type"] ??= EventType;
        cloudEvent["specversion"] ??= "1.0";
        cloudEvent["datacontenttype"] ??= "application/json";
        cloudEvent["time"] ??= now.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture);
        cloudEvent["topic"] = outgoing.Topic;
        cloudEvent["pubsubname"] = outgoing.PubsubName;
        cloudEvent["traceid"] = traceParent;
        cloudEvent["traceparent"] = traceParent;
        return new CloudEventEnvelope(id, JsonSerializer.SerializeToUtf8Bytes(cloudEvent));
    }

    private static JsonObject? TryParseObject(ReadOnlySpan<byte> data)
    {
        try
        {
            return JsonNode.Parse(data) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool IsValidJson(ReadOnlySpan<byte> data)
    {
        try
        {
            var reader = new Utf8JsonReader(data);
            while (reader.Read())
            {
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string MediaType(string contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed) && parsed.MediaType is { } mediaType
            ? mediaType.ToLowerInvariant()
            : contentType.ToLowerInvariant();

    private static bool IsJson(string mediaType) => mediaType == "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal);

    private static bool IsText(string mediaType) =>
        mediaType.StartsWith("text/", StringComparison.Ordinal) || mediaType == "application/xml" || mediaType.EndsWith("+xml", StringComparison.Ordinal);

    private static string NewTraceParent() => $"00-{ActivityTraceId.CreateRandom()}-{ActivitySpanId.CreateRandom()}-01";
}

/// <summary>What a publisher handed the stand-in, before it is wrapped.</summary>
internal sealed record OutgoingEvent(
    string PubsubName,
    string Topic,
    ReadOnlyMemory<byte> Data,
    string? DataContentType,
    IReadOnlyDictionary<string, string> Metadata,
    string? TraceParent)
{
    /// <summary>The Kafka-style partition key; events without one share a single ordered queue.</summary>
    public string PartitionKey => Metadata.GetValueOrDefault("partitionKey") ?? string.Empty;
}
