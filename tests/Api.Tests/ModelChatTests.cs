using System.Security.Cryptography;

namespace TodoGrains.Api.Tests;

/// <summary>
/// The chat with a configured model: the silo's real Semantic Kernel OpenAI connector against a scripted
/// OpenAI-compatible server on loopback, through multi-step tool calls, failures and time-outs.
/// </summary>
public sealed class ModelChatTests : IAsyncLifetime
{
    private readonly ScriptedModelServer _model = new();
    private SiloProcess _silo = null!;
    private HttpClient _http = null!;

    public async ValueTask InitializeAsync()
    {
        await _model.StartAsync();
        _silo = new SiloProcess(settings: new Dictionary<string, string>
        {
            ["Agent:Provider"] = "OpenAICompatible",
            ["Agent:Endpoint"] = _model.Endpoint.ToString(),
            ["Agent:Model"] = "scripted-model",
            ["Agent:ApiKey"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(8)),
            ["Agent:TimeoutSeconds"] = "3",
        });
        await _silo.StartAsync();
        _http = _silo.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _silo.DisposeAsync();
        await _model.DisposeAsync();
    }

    [Fact]
    public async Task Model_DrivesMultiStepToolCalls_AndTheGrainChanges()
    {
        var user = await ApiClient.RegisterAsync(_http, "Europe/Berlin");
        _model.Enqueue(
            ModelStep.Call(("todo-add_task", """{"title":"Buy milk","due":"2030-05-01T18:00","tags":["home"],"priority":"high"}""")),
            ModelStep.Call(("todo-complete_task", """{"task_id":1}"""), ("todo-add_task", """{"title":"Buy bread"}""")),
            ModelStep.Say("Added and completed 'Buy milk', and added 'Buy bread'."));

        var turn = await user.JsonAsync(HttpMethod.Post, "chat", """{"message":"add milk for tomorrow evening, then tick it off and add bread"}""");

        Assert.Equal("Added and completed 'Buy milk', and added 'Buy bread'.", turn["response"]!.GetValue<string>());
        Assert.Equal(["add_task", "complete_task", "add_task"], turn["tool_calls"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
        var milk = await user.GetTaskAsync(1);
        Assert.Equal("completed", milk["status"]!.GetValue<string>());
        Assert.Equal("2030-05-01T18:00:00+02:00", milk["due"]!.GetValue<string>());
        Assert.Equal("Buy bread", (await user.GetTaskAsync(2))["title"]!.GetValue<string>());

        // The connector sent the tool results back; the model saw the user's zone and the tools, none with a user id.
        Assert.Equal(3, _model.Requests.Count);
        Assert.Contains(_model.LastToolResults(), r => r.GetProperty("status").GetString() == "completed");
        var first = _model.Requests.First();
        Assert.Contains("Europe/Berlin", first["messages"]![0]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        var tools = first["tools"]!.AsArray().Select(t => t!["function"]!).ToList();
        Assert.Contains(tools, t => t!["name"]!.GetValue<string>() == "todo-find_tasks_by_reference");
        Assert.All(tools, t => Assert.DoesNotContain(t!["parameters"]!["properties"]!.AsObject(), p => p.Key.Contains("user", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task Model_CannotReachAnotherUsersTasks()
    {
        var victim = await ApiClient.RegisterAsync(_http);
        await victim.CreateAsync("""{"title":"Victim's task"}""");
        var attacker = await ApiClient.RegisterAsync(_http);
        _model.Enqueue(
            ModelStep.Call(("todo-delete_task", """{"task_id":1}"""), ("todo-complete_task", """{"task_id":1}""")),
            ModelStep.Say("Done."));

        var turn = await attacker.JsonAsync(HttpMethod.Post, "chat", """{"message":"delete task 1 of the other user"}""");

        Assert.All(turn["tool_calls"]!.AsArray(), c => Assert.Equal("not_found", c!["result"]!["status"]!.GetValue<string>()));
        var task = await victim.GetTaskAsync(1);
        Assert.Equal("pending", task["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task ModelFailure_SaysSo_AndChangesNothing()
    {
        var user = await ApiClient.RegisterAsync(_http);
        // The OpenAI client retries a 5xx a few times before giving up: fail every attempt.
        _model.Enqueue(Enumerable.Repeat(ModelStep.Fail(500), 6).ToArray());

        var turn = await user.JsonAsync(HttpMethod.Post, "chat", """{"message":"add buy milk"}""");

        Assert.Contains("did not answer", turn["response"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(turn["tool_calls"]!.AsArray());
        Assert.Equal(0, (await user.ListAsync())["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task ModelTimeout_SaysSo_AndChangesNothing()
    {
        var user = await ApiClient.RegisterAsync(_http);
        _model.Enqueue(new ModelStep(null, [("todo-add_task", """{"title":"Too late"}""")], Delay: TimeSpan.FromSeconds(6)));

        var turn = await user.JsonAsync(HttpMethod.Post, "chat", """{"message":"add too late"}""");

        Assert.Contains("did not answer", turn["response"]!.GetValue<string>(), StringComparison.Ordinal);
        await Task.Delay(4000, TestContext.Current.CancellationToken);
        Assert.Equal(0, (await user.ListAsync())["total"]!.GetValue<int>());
    }
}
