using System.Text.Json;
using System.Text.Json.Serialization;

namespace TodoGrains.Contracts;

/// <summary>
/// The product's one JSON vocabulary: snake_case names, enums as snake_case words. Every reader and writer of it
/// (events, the REST API, the agent's tool results, the browser) starts here and differs only in how strict it
/// reads and whether it writes nulls.
/// </summary>
public static class TodoJson
{
    /// <summary>
    /// The event contract's form (<see cref="Events.TodoEventJson"/>): unknown members ignored, so a consumer keeps
    /// working when a field is added; dictionary keys snake_case too.
    /// </summary>
    public static JsonSerializerOptions Contract { get; } = Create(o => o.DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower);

    /// <summary>Compact writing (nulls left out) and lenient reading: the agent's tool results and the browser's client.</summary>
    public static JsonSerializerOptions Compact { get; } = Create(o => o.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull);

    /// <summary>
    /// What the REST API accepts, applied to its own options: the vocabulary and nothing guessed (names match exactly,
    /// numbers are numbers, no unknown or repeated members, enums only as words).
    /// </summary>
    public static void ApplyStrict(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.PropertyNameCaseInsensitive = false;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.AllowDuplicateProperties = false;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
    }

    private static JsonSerializerOptions Create(Action<JsonSerializerOptions> variant)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        variant(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
