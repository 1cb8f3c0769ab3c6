using System.Text.Json;

namespace TodoGrains.Contracts.Events;

/// <summary>
/// The one JSON form of the event contract, used by the publisher and every consumer: snake_case like the
/// API, enums as words, unknown members ignored so a consumer keeps working when a field is added.
/// </summary>
public static class TodoEventJson
{
    public static JsonSerializerOptions Options => TodoJson.Contract;
}
