using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TodoGrains.TestSupport;

/// <summary>One scripted answer of the fake model: tool calls to make, or a final text.</summary>
public sealed record ModelStep(string? Text, IReadOnlyList<(string Name, string ArgumentsJson)> ToolCalls, int Status = 200, TimeSpan Delay = default)
{
    public static ModelStep Say(string text) => new(text, []);

    public static ModelStep Call(params (string Name, string ArgumentsJson)[] calls) => new(null, calls);

    public static ModelStep Fail(int status) => new(null, [], status);
}

/// <summary>
/// An OpenAI-compatible chat completions endpoint on 127.0.0.1 that answers from a script, so the real Semantic
/// Kernel OpenAI connector runs multi-step tool calling against it. It records every request it receives.
/// </summary>
public sealed class ScriptedModelServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<ModelStep> _script = new();
    private WebApplication? _app;

    public ConcurrentQueue<JsonObject> Requests { get; } = new();

    public Uri Endpoint { get; private set; } = null!;

    public void Enqueue(params ModelStep[] steps)
    {
        foreach (var step in steps)
        {
            _script.Enqueue(step);
        }
    }

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/v1/chat/completions", async (HttpRequest request) =>
        {
            var body = (await JsonNode.ParseAsync(request.Body))!.AsObject();
            Requests.Enqueue(body);
            if (!_script.TryDequeue(out var step))
            {
                step = ModelStep.Say("(the script has ended)");
            }

            if (step.Delay > TimeSpan.Zero)
            {
                await Task.Delay(step.Delay);
            }

            if (step.Status != 200)
            {
                return Results.Json(new { error = new { message = "scripted failure", type = "server_error" } }, statusCode: step.Status);
            }

            var message = new JsonObject { ["role"] = "assistant", ["content"] = step.Text };
            if (step.ToolCalls.Count > 0)
            {
                message["tool_calls"] = new JsonArray(step.ToolCalls.Select((c, i) => (JsonNode)new JsonObject
                {
                    ["id"] = $"call_{Requests.Count}_{i}",
                    ["type"] = "function",
                    ["function"] = new JsonObject { ["name"] = c.Name, ["arguments"] = c.ArgumentsJson },
                }).ToArray());
            }

            return Results.Json(new JsonObject
            {
                ["id"] = $"chatcmpl-{Requests.Count}",
                ["object"] = "chat.completion",
                ["created"] = 1_700_000_000,
                ["model"] = body["model"]?.GetValue<string>() ?? "scripted",
                ["choices"] = new JsonArray(new JsonObject
                {
                    ["index"] = 0,
                    ["message"] = message,
                    ["finish_reason"] = step.ToolCalls.Count > 0 ? "tool_calls" : "stop",
                }),
                ["usage"] = new JsonObject { ["prompt_tokens"] = 10, ["completion_tokens"] = 5, ["total_tokens"] = 15 },
            });
        });
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Endpoint = new Uri(address.TrimEnd('/') + "/v1");
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    /// <summary>The tool results (role "tool") the connector sent back in the last request.</summary>
    public IReadOnlyList<JsonElement> LastToolResults() =>
        Requests.Last()["messages"]!.AsArray().Where(m => m!["role"]!.GetValue<string>() == "tool")
            .Select(m => JsonDocument.Parse(m!["content"]!.GetValue<string>()).RootElement.Clone()).ToList();

}
