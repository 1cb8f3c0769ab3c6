using System.Text.Json;
using System.Text.Json.Serialization;

namespace TodoGrains.Contracts.Events;

/// <summary>
/// The one JSON form of the event contract, used by the publisher and every consumer: snake_case like the
/// API, enums as words, unknown members ignored so a consumer keeps working when a field is added.
/// </summary>
public static class TodoEventJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
