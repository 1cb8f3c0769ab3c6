using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.SemanticKernel;
using TodoGrains.GrainInterfaces;
using TodoGrains.GrainInterfaces.Tasks;

namespace TodoGrains.Grains.Agent;

/// <summary>One of the todo tools as a client outside the chat (an MCP server) offers it.</summary>
public sealed record TodoToolDefinition(string Name, string Description, JsonElement InputSchema, bool ReadOnly, bool Destructive);

/// <summary>A tool's answer: the same short JSON the chat's model reads, and whether it is an error (bad arguments, no such task).</summary>
public sealed record TodoToolResult(string Json, bool IsError);

/// <summary>
/// The chat agent's tools (<see cref="TodoPlugin"/>), one definition, offered to clients that call them directly:
/// the same names, descriptions, argument schemas and validation. Every call acts on the grain it is given, which
/// the host binds to the caller's credential; no tool takes a user id. Arguments are checked against the schema
/// before anything runs, so a wrong or missing one is an error naming it, never a throw. Deleting several tasks
/// needs <c>confirm=true</c>, because such a client has no next turn in which to say "yes".
/// </summary>
public static class TodoTools
{
    private const string ConfirmArgument = "confirm";
    private const string DeleteTool = "delete_task";
    private static readonly HashSet<string> ReadOnlyTools = ["list_tasks", "search_tasks", "get_task", "find_tasks_by_reference"];
    private static readonly HashSet<string> DestructiveTools = [DeleteTool, "reschedule_tasks"];

    public static IReadOnlyList<TodoToolDefinition> All { get; } = TodoPlugin.Shared.Select(Define).ToList();

    public static async Task<TodoToolResult> InvokeAsync(
        string name, IReadOnlyDictionary<string, JsonElement>? arguments, ITaskListGrain tasks, UserProfile profile, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        if (!TodoPlugin.Shared.TryGetFunction(name, out var function))
        {
            return Error("name", $"There is no tool '{name}'.");
        }

        arguments ??= new Dictionary<string, JsonElement>();
        var errors = new Dictionary<string, string[]>();
        var values = new KernelArguments();
        var parameters = function.Metadata.Parameters.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var confirmed = false;
        foreach (var (key, value) in arguments)
        {
            if (name == DeleteTool && key == ConfirmArgument)
            {
                confirmed = value.ValueKind == JsonValueKind.True;
                continue;
            }

            if (!parameters.TryGetValue(key, out var parameter))
            {
                errors[key] = [$"'{key}' is not an argument of {name}."];
                continue;
            }

            if (value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            if (TooLong(value) || (value.ValueKind == JsonValueKind.Array && value.EnumerateArray().Any(item => item.ValueKind == JsonValueKind.Null)))
            {
                errors[key] = [$"'{key}' holds an empty item or text longer than {MaxText} characters."];
                continue;
            }

            try
            {
                values[key] = value.Deserialize(parameter.ParameterType!, TodoPlugin.Json);
            }
            catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or NotSupportedException)
            {
                errors[key] = [$"'{key}' must be {Kind(parameter.Schema)}."];
            }
        }

        foreach (var required in function.Metadata.Parameters.Where(p => p.IsRequired && !values.ContainsName(p.Name) && !errors.ContainsKey(p.Name)))
        {
            errors[required.Name] = [$"'{required.Name}' is required."];
        }

        if (errors.Count > 0)
        {
            return new TodoToolResult(TodoPlugin.Error(errors), true);
        }

        var turn = new TodoTurn(tasks, profile, time) { ConfirmsByArgument = true, DeletionConfirmed = confirmed };
        var result = await function.InvokeAsync(turn.NewKernel(), values, cancellationToken).ConfigureAwait(false);
        var json = result.GetValue<string>() ?? "{}";
        return new TodoToolResult(json, ToolResult.Read(json).Status is "error" or "not_found");
    }

    private static TodoToolDefinition Define(KernelFunction function)
    {
        var properties = new JsonObject();
        var required = new JsonArray();
        foreach (var parameter in function.Metadata.Parameters)
        {
            var schema = parameter.Schema is { } s ? JsonNode.Parse(s.RootElement.GetRawText())!.AsObject() : [];
            if (!schema.ContainsKey("description") && parameter.Description is { Length: > 0 } description)
            {
                schema["description"] = description;
            }

            properties[parameter.Name] = schema;
            if (parameter.IsRequired)
            {
                required.Add(parameter.Name);
            }
        }

        var text = function.Description;
        if (function.Name == DeleteTool)
        {
            properties[ConfirmArgument] = new JsonObject
            {
                ["type"] = "boolean",
                ["description"] = "Set to true only after the person agreed to delete the several tasks a first call listed.",
            };
            text += " Here, deleting more than one needs confirm=true, set once the person agreed.";
        }

        var input = new JsonObject { ["type"] = "object", ["properties"] = properties, ["additionalProperties"] = false };
        if (required.Count > 0)
        {
            input["required"] = required;
        }

        return new TodoToolDefinition(function.Name, text, JsonSerializer.SerializeToElement(input), ReadOnlyTools.Contains(function.Name), DestructiveTools.Contains(function.Name));
    }

    // What a person could type into the chat is what a tool takes: longer text is refused before any matching runs.
    private const int MaxText = TodoGrains.GrainInterfaces.Chat.ChatLimits.MessageMaxLength;

    private static bool TooLong(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!.Length > MaxText,
        JsonValueKind.Array => value.EnumerateArray().Any(TooLong),
        _ => false,
    };

    private static string Kind(KernelJsonSchema? schema) =>
        schema?.RootElement.TryGetProperty("type", out var type) == true
            ? type.ValueKind == JsonValueKind.Array ? "one of " + string.Join(", ", type.EnumerateArray().Select(t => t.GetString())) : "a " + type.GetString()
            : "of the right type";

    private static TodoToolResult Error(string field, string message) =>
        new(TodoPlugin.Error(new Dictionary<string, string[]> { [field] = [message] }), true);
}
