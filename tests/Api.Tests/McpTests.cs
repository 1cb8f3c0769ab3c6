using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace TodoGrains.Api.Tests;

/// <summary>
/// The todo tools as an MCP server, driven by the official SDK's own client over Streamable HTTP against the real
/// host process, authenticated by a personal access token created through the API.
/// </summary>
[Collection(SiloCollection.Name)]
public sealed class McpTests(SiloFixture fixture)
{
    private static readonly string[] ChatTools =
        ["add_task", "list_tasks", "search_tasks", "get_task", "complete_task", "reopen_task", "delete_task", "update_task", "reschedule_tasks", "find_tasks_by_reference"];

    [Fact]
    public async Task TheServer_OffersTheChatsTools_WithTheirSchemas()
    {
        var person = await fixture.NewUserAsync();
        await using var client = await ConnectAsync(await person.CreateTokenAsync());

        var tools = await client.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(ChatTools.Order(), tools.Select(t => t.Name).Order());
        var add = tools.Single(t => t.Name == "add_task");
        Assert.Equal("title", add.JsonSchema.GetProperty("required")[0].GetString());
        Assert.Equal("string", add.JsonSchema.GetProperty("properties").GetProperty("due").GetProperty("type").GetString());
        var delete = tools.Single(t => t.Name == "delete_task");
        Assert.Contains("confirm=true", delete.Description, StringComparison.Ordinal);
        Assert.True(delete.ProtocolTool.Annotations?.DestructiveHint);
        Assert.True(tools.Single(t => t.Name == "list_tasks").ProtocolTool.Annotations?.ReadOnlyHint);
    }

    [Fact]
    public async Task EveryTool_ActsOnTheTokensPerson()
    {
        var person = await fixture.NewUserAsync();
        await using var client = await ConnectAsync(await person.CreateTokenAsync());

        var added = await CallAsync(client, "add_task", new() { ["title"] = "Renew the passport", ["due"] = "2030-05-04T10:00", ["tags"] = new[] { "admin" } });
        var id = added["task_id"]!.GetValue<int>();
        Assert.Equal("Renew the passport", (await person.GetTaskAsync(id))["title"]!.GetValue<string>());
        await CallAsync(client, "add_task", new() { ["title"] = "Water the plants", ["due"] = "2030-05-05" });

        Assert.Equal(2, (await CallAsync(client, "list_tasks", new()))["total"]!.GetValue<int>());
        Assert.Equal(1, (await CallAsync(client, "search_tasks", new() { ["query"] = "passport" }))["total"]!.GetValue<int>());
        Assert.Equal(id, (await CallAsync(client, "find_tasks_by_reference", new() { ["reference"] = "the pasport one" }))["matches"]![0]!["task_id"]!.GetValue<int>());
        var got = await CallAsync(client, "get_task", new() { ["task_id"] = id });
        Assert.Equal("2030-05-04T10:00:00+00:00", got["task"]!["due"]!.GetValue<string>());
        Assert.Equal("admin", got["task"]!["tags"]![0]!.GetValue<string>());
        await CallAsync(client, "update_task", new() { ["task_id"] = id, ["priority"] = "high" });
        Assert.Equal("high", (await person.GetTaskAsync(id))["priority"]!.GetValue<string>());
        await CallAsync(client, "complete_task", new() { ["task_id"] = id });
        Assert.Equal("completed", (await person.GetTaskAsync(id))["status"]!.GetValue<string>());
        await CallAsync(client, "reopen_task", new() { ["task_id"] = id });
        Assert.Equal("pending", (await person.GetTaskAsync(id))["status"]!.GetValue<string>());
        await CallAsync(client, "reschedule_tasks", new() { ["shift"] = "P1D" });
        Assert.StartsWith("2030-05-05T10:00", (await person.GetTaskAsync(id))["due"]!.GetValue<string>(), StringComparison.Ordinal);

        // Deleting several asks first: nothing goes until the call carries confirm=true.
        var asked = await CallAsync(client, "delete_task", new() { ["all"] = true });
        Assert.Equal("confirmation_required", asked["status"]!.GetValue<string>());
        Assert.Equal(2, (await person.ListAsync())["total"]!.GetValue<int>());
        var deleted = await CallAsync(client, "delete_task", new() { ["all"] = true, ["confirm"] = true });
        Assert.Equal("deleted", deleted["status"]!.GetValue<string>());
        Assert.Equal(0, (await person.ListAsync("?status=all"))["total"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("add_task", """{"description":"no title"}""", "title")]
    [InlineData("add_task", """{"title":"Pay rent","due":"banana"}""", "due")]
    [InlineData("complete_task", """{"task_id":"three"}""", "task_id")]
    [InlineData("complete_task", """{"task_id":1e40}""", "task_id")]
    [InlineData("add_task", """{"title":{"nested":true}}""", "title")]
    [InlineData("add_task", """{"title":"Tags","tags":"not-a-list"}""", "tags")]
    [InlineData("update_task", """{"task_id":1,"clear":[null]}""", "clear")]
    [InlineData("update_task", """{"task_id":1,"colour":"red"}""", "colour")]
    [InlineData("list_tasks", """{"status":"someday"}""", "status")]
    public async Task ABadArgument_IsAToolErrorNamingTheField_AndChangesNothing(string tool, string arguments, string field)
    {
        var person = await fixture.NewUserAsync();
        await using var client = await ConnectAsync(await person.CreateTokenAsync());

        var result = await client.CallToolAsync(tool, JsonSerializer.Deserialize<Dictionary<string, object?>>(arguments), cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(result.IsError);
        var answer = JsonNode.Parse(((TextContentBlock)result.Content[0]).Text)!;
        Assert.NotNull(answer["errors"]![field]);
        Assert.Equal(0, (await person.ListAsync("?status=all"))["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task TextLongerThanAChatMessage_IsAToolErrorNamingTheField()
    {
        var person = await fixture.NewUserAsync();
        await using var client = await ConnectAsync(await person.CreateTokenAsync());

        var result = await client.CallToolAsync("find_tasks_by_reference", new Dictionary<string, object?> { ["reference"] = new string('a', 5000) }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(result.IsError);
        Assert.NotNull(JsonNode.Parse(((TextContentBlock)result.Content[0]).Text)!["errors"]!["reference"]);
    }

    [Fact]
    public async Task AToken_SeesOnlyItsOwnPersonsTasks()
    {
        var alice = await fixture.NewUserAsync();
        var bob = await fixture.NewUserAsync();
        await alice.CreateAsync("""{"title":"Alice's secret plan"}""");
        await using var client = await ConnectAsync(await bob.CreateTokenAsync());

        Assert.Equal(0, (await CallAsync(client, "list_tasks", new() { ["status"] = "all" }))["total"]!.GetValue<int>());
        var missing = await client.CallToolAsync("complete_task", new Dictionary<string, object?> { ["task_id"] = 1 }, cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(missing.IsError);
        Assert.Equal("pending", (await alice.GetTaskAsync(1))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task ARevokedToken_IsRefused_AndTheRefusalSaysWhereToLearnHowToAuthenticate()
    {
        var person = await fixture.NewUserAsync();
        var token = await person.CreateTokenAsync();
        var id = (await person.JsonAsync(HttpMethod.Get, "tokens"))["items"]![0]!["id"]!.GetValue<string>();
        using (var revoke = await person.SendAsync(HttpMethod.Delete, $"tokens/{id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => ConnectAsync(token));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        using var anonymous = new HttpRequestMessage(HttpMethod.Post, "mcp") { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
        using var challenge = await fixture.Http.SendAsync(anonymous, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, challenge.StatusCode);
        var header = string.Join(" ", challenge.Headers.WwwAuthenticate.Select(h => h.ToString()));
        Assert.Contains("resource_metadata=", header, StringComparison.Ordinal);
        var metadata = JsonNode.Parse(await fixture.Http.GetStringAsync(".well-known/oauth-protected-resource/mcp", TestContext.Current.CancellationToken))!;
        Assert.Equal(new Uri(fixture.Silo.BaseAddress, "mcp").ToString(), metadata["resource"]!.GetValue<string>());
    }

    [Fact]
    public async Task APersonalAccessToken_CannotManageTheAccount_NorUseTheApi()
    {
        var person = await fixture.NewUserAsync();
        var token = await person.CreateTokenAsync();
        foreach (var (method, path) in new[] { (HttpMethod.Get, "tokens"), (HttpMethod.Post, "tokens"), (HttpMethod.Get, "tasks"), (HttpMethod.Get, "profile") })
        {
            using var request = new HttpRequestMessage(method, $"api/{person.UserId}/{path}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            if (method == HttpMethod.Post)
            {
                request.Content = new StringContent("""{"name":"escalate"}""", System.Text.Encoding.UTF8, "application/json");
            }

            using var response = await fixture.Http.SendAsync(request, TestContext.Current.CancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} with a personal access token: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task TheTokenList_ShowsNameAndUse_NeverTheTokenItself()
    {
        var person = await fixture.NewUserAsync();
        var token = await person.CreateTokenAsync("VS Code", expiresInDays: 30);
        await using (var client = await ConnectAsync(token))
        {
            await client.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken);
        }

        var listing = await person.JsonAsync(HttpMethod.Get, "tokens");
        var entry = listing["items"]![0]!;
        Assert.Equal("VS Code", entry["name"]!.GetValue<string>());
        Assert.NotNull(entry["last_used_at"]);
        Assert.InRange(entry["expires_at"]!.GetValue<DateTimeOffset>(), DateTimeOffset.UtcNow.AddDays(29), DateTimeOffset.UtcNow.AddDays(31));
        Assert.DoesNotContain(token.Split('.')[^1], listing.ToJsonString(), StringComparison.Ordinal);

        using var bad = await person.SendAsync(HttpMethod.Post, "tokens", """{"name":"","expires_in_days":400}""");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = JsonNode.Parse(await bad.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.NotNull(problem["errors"]!["name"]);
        Assert.NotNull(problem["errors"]!["expires_in_days"]);
    }

    [Fact]
    public async Task TheOpenTasksAndTodaysAgenda_AreReadableResources()
    {
        var person = await fixture.NewUserAsync();
        var today = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await person.CreateAsync($$"""{"title":"Call the bank","due":"{{today}}"}""");
        await person.CreateAsync("""{"title":"Plan the holiday","due":"2030-07-01"}""");
        await using var client = await ConnectAsync(await person.CreateTokenAsync());

        var resources = await client.ListResourcesAsync(cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(["todo://agenda/today", "todo://tasks/open"], resources.Select(r => r.Uri).Order());
        Assert.Equal(2, await TotalAsync("todo://tasks/open"));
        Assert.Equal(1, await TotalAsync("todo://agenda/today"));

        async Task<int> TotalAsync(string uri)
        {
            var read = await client.ReadResourceAsync(uri, cancellationToken: TestContext.Current.CancellationToken);
            return JsonNode.Parse(((TextResourceContents)read.Contents[0]).Text)!["total"]!.GetValue<int>();
        }
    }

    private Task<McpClient> ConnectAsync(string token) =>
        McpClient.CreateAsync(
            new HttpClientTransport(new HttpClientTransportOptions
            {
                Endpoint = new Uri(fixture.Silo.BaseAddress, "mcp"),
                TransportMode = HttpTransportMode.StreamableHttp,
                AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + token },
            }),
            cancellationToken: TestContext.Current.CancellationToken);

    private static async Task<JsonNode> CallAsync(McpClient client, string tool, Dictionary<string, object?> arguments)
    {
        var result = await client.CallToolAsync(tool, arguments, cancellationToken: TestContext.Current.CancellationToken);
        var text = ((TextContentBlock)result.Content[0]).Text;
        Assert.False(result.IsError == true, $"{tool}: {text}");
        return JsonNode.Parse(text)!;
    }
}
