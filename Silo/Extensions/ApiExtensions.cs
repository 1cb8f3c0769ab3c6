using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Scalar.AspNetCore;
using TodoGrains.Contracts;
using TodoGrains.Silo.Apis;

namespace TodoGrains.Silo.Extensions;

public static class ApiExtensions
{
    /// <summary>Strict snake_case JSON, RFC 7807 problem details for every error, a generated OpenAPI document.</summary>
    public static WebApplicationBuilder AddTodoApi(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.Configure<JsonOptions>(o => ConfigureJson(o.SerializerOptions));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails();
        services.AddSingleton<ListPageCache>();
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddClientAddresses(builder.Configuration);
        builder.WebHost.ConfigureKestrel(k => RequestLimits.RaiseKestrelLimits(k.Limits));
        services.AddOpenApi(o => o.AddSchemaTransformer<PatchFieldSchemaTransformer>());
        return builder;
    }

    /// <summary>The one definition of the API's JSON: the product contract's snake_case, nothing guessed.</summary>
    public static void ConfigureJson(JsonSerializerOptions options) => TodoJson.ApplyStrict(options);

    public static WebApplication UseTodoApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseForwardedHeaders();
        app.UseExceptionHandler();
        app.UseRequestLimits();
        app.UseStatusCodePages();
        app.UseInternalPort();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary>The OpenAPI document at /openapi/v1.json and a browsable reference at /scalar/v1.</summary>
    public static WebApplication MapApiReference(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapOpenApi();
        app.MapScalarApiReference();
        return app;
    }
}

public static partial class BrowserClientExtensions
{
    /// <summary>The browser client's files: from the build's static web assets too (not only a publish's wwwroot).</summary>
    public static WebApplicationBuilder AddBrowserClient(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.WebHost.UseStaticWebAssets();
        return builder;
    }

    /// <summary>
    /// The Blazor WebAssembly client at <c>/</c> (embedded shape): its static files, and index.html for any other
    /// path that is not the API's, so client-side routes survive a reload.
    /// </summary>
    public static WebApplication MapBrowserClient(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapStaticAssets();
        app.MapFallbackToFile("/", "index.html");
        app.MapFallbackToFile("{*path:regex(^(?!api/|hubs/|internal/|health/|ops/|openapi/|scalar/|metrics|dashboard|dapr/|calendar/|mcp|\\.well-known/).*$)}", "index.html");
        return app;
    }
}
