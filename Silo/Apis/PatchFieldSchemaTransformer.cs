using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using TodoGrains.Silo.Apis.Json;

namespace TodoGrains.Silo.Apis;

/// <summary>Documents an <see cref="PatchField{T}"/> member as the nullable value it carries on the wire.</summary>
internal sealed class PatchFieldSchemaTransformer : IOpenApiSchemaTransformer
{
    public async Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(PatchField<>))
        {
            return;
        }

        var inner = await context.GetOrCreateSchemaAsync(type.GetGenericArguments()[0], null, cancellationToken);
        schema.Type = inner.Type | JsonSchemaType.Null;
        schema.Format = inner.Format;
        schema.Enum = inner.Enum;
        schema.Items = inner.Items;
        schema.Properties = inner.Properties;
    }
}
