using System.Text.Json;
using System.Text.Json.Serialization;

namespace TodoGrains.Silo.Apis.Json;

/// <summary>
/// A JSON member that may be absent, present as null, or present with a value: what a PATCH needs to tell
/// "leave it" from "clear it".
/// </summary>
[JsonConverter(typeof(PatchFieldConverterFactory))]
public readonly record struct PatchField<T>(bool IsSet, T? Value);

internal sealed class PatchFieldConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(PatchField<>);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(PatchFieldConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;

    private sealed class PatchFieldConverter<T> : JsonConverter<PatchField<T>>
    {
        public override bool HandleNull => true;

        public override PatchField<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return new(true, default);
            }

            try
            {
                return new(true, JsonSerializer.Deserialize<T>(ref reader, options));
            }
            catch (JsonException ex)
            {
                // Without a path of its own, the serializer fills in this member's path ("$.priority").
                throw new JsonException($"The JSON value could not be converted to {typeof(T).Name}.", ex);
            }
        }

        public override void Write(Utf8JsonWriter writer, PatchField<T> value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value.Value, options);
    }
}
