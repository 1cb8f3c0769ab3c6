using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using TodoGrains.Grains.Agent;
using TodoGrains.Grains.Time;

namespace TodoGrains.Silo.Mcp;

/// <summary>
/// The person's list as readable MCP resources: their open tasks, and today's agenda (overdue and due today).
/// Each is the <c>list_tasks</c> tool's own answer, so a resource and the tool never disagree.
/// </summary>
internal sealed class TodoMcpResource(string uri, string name, string description, Func<ZoneClock, Dictionary<string, JsonElement>> arguments) : McpServerResource
{
    public override ResourceTemplate ProtocolResourceTemplate { get; } = new() { UriTemplate = uri, Name = name, Description = description, MimeType = "application/json" };

    public override Resource ProtocolResource => new() { Uri = uri, Name = name, Description = description, MimeType = "application/json" };

    public override IReadOnlyList<object> Metadata => [];

    public static IEnumerable<McpServerResource> All { get; } =
    [
        new TodoMcpResource("todo://tasks/open", "open_tasks", "Your open tasks, soonest due first (at most 50).",
            _ => Arguments(("status", "pending"), ("limit", 50))),
        new TodoMcpResource("todo://agenda/today", "today", "Today's agenda in your time zone: what is overdue and what is due today.",
            clock => Arguments(("status", "pending"), ("due_to", clock.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), ("limit", 50))),
    ];

    public override bool IsMatch(string uri) => string.Equals(uri, ProtocolResource.Uri, StringComparison.Ordinal);

    public override async ValueTask<ReadResourceResult> ReadAsync(RequestContext<ReadResourceRequestParams> request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var caller = await McpCaller.OfAsync(request.User, request.Services!);
        var clock = ZoneClock.For(caller.Profile, caller.Time);
        var result = await TodoTools.InvokeAsync("list_tasks", arguments(clock), caller.Tasks, caller.Profile, caller.Time, cancellationToken);
        return new ReadResourceResult { Contents = [new TextResourceContents { Uri = ProtocolResource.Uri, MimeType = "application/json", Text = result.Json }] };
    }

    private static Dictionary<string, JsonElement> Arguments(params (string Name, object Value)[] pairs) =>
        pairs.ToDictionary(p => p.Name, p => JsonSerializer.SerializeToElement(p.Value));
}
