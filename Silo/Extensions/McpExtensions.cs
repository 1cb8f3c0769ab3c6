using Microsoft.AspNetCore.Authorization;
using ModelContextProtocol.AspNetCore.Authentication;
using ModelContextProtocol.Authentication;
using TodoGrains.Silo.Auth;
using TodoGrains.Silo.Mcp;

namespace TodoGrains.Silo.Extensions;

public static class McpExtensions
{
    /// <summary>The MCP endpoint's policy: a personal access token, challenged the way MCP clients understand.</summary>
    public const string McpPolicy = "mcp";

    public const string Path = "/mcp";

    /// <summary>
    /// The todo tools as an MCP server (the official SDK, Streamable HTTP): stateless, so any silo behind the load
    /// balancer answers any request; authenticated by personal access token, with OAuth protected-resource
    /// metadata at /.well-known/oauth-protected-resource so a client learns how to authenticate.
    /// </summary>
    public static WebApplicationBuilder AddTodoMcp(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddMcpServer(o => o.ServerInfo = new() { Name = "TodoGrains", Version = typeof(McpExtensions).Assembly.GetName().Version?.ToString() ?? "1.0" })
            .WithHttpTransport(o => o.Stateless = true)
            .WithTools(TodoMcpTool.All)
            .WithResources(TodoMcpResource.All);
        builder.Services.AddAuthentication().AddMcp(o =>
        {
            o.ResourceMetadata = Metadata(Path);
            // The resource is this host's own /mcp, whatever name it is reached by.
            o.Events.OnResourceMetadataRequest = context =>
            {
                var request = context.HttpContext.Request;
                context.ResourceMetadata = Metadata($"{request.Scheme}://{request.Host}{request.PathBase}{Path}");
                return Task.CompletedTask;
            };
        });
        builder.Services.AddAuthorizationBuilder().AddPolicy(McpPolicy, new AuthorizationPolicyBuilder(PersonalAccessTokenHandler.SchemeName, McpAuthenticationDefaults.AuthenticationScheme)
            .RequireAuthenticatedUser()
            .Build());
        return builder;
    }

    private static ProtectedResourceMetadata Metadata(string resource) =>
        new() { Resource = resource, ResourceName = "TodoGrains", BearerMethodsSupported = { "header" } };

    public static WebApplication MapTodoMcp(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapMcp(Path).RequireAuthorization(McpPolicy).WithTags("MCP");
        return app;
    }
}
