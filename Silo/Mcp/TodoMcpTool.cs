using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using TodoGrains.Grains.Agent;

namespace TodoGrains.Silo.Mcp;

/// <summary>
/// One of the chat agent's tools as an MCP tool: its definition comes from <see cref="TodoTools"/> (names,
/// descriptions and argument schemas are the chat's own), and a bad argument or an unknown task is a tool error
/// whose text names the field, not a protocol failure.
/// </summary>
internal sealed class TodoMcpTool(TodoToolDefinition definition) : McpServerTool
{
    public override Tool ProtocolTool { get; } = new()
    {
        Name = definition.Name,
        Description = definition.Description,
        InputSchema = definition.InputSchema,
        Annotations = new ToolAnnotations { ReadOnlyHint = definition.ReadOnly, DestructiveHint = definition.Destructive, OpenWorldHint = false },
    };

    public override IReadOnlyList<object> Metadata => [];

    public static IEnumerable<McpServerTool> All => TodoTools.All.Select(d => new TodoMcpTool(d));

    public override async ValueTask<CallToolResult> InvokeAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var caller = await McpCaller.OfAsync(request.User, request.Services!);
        var arguments = request.Params?.Arguments is { } given ? new Dictionary<string, System.Text.Json.JsonElement>(given) : null;
        var result = await TodoTools.InvokeAsync(definition.Name, arguments, caller.Tasks, caller.Profile, caller.Time, cancellationToken);
        return new CallToolResult { Content = [new TextContentBlock { Text = result.Json }], IsError = result.IsError };
    }
}
