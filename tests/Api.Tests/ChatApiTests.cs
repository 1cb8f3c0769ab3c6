using System.Net;
using System.Text.Json.Nodes;

namespace TodoGrains.Api.Tests;

/// <summary>The chat endpoints on the embedded host with no model configured: the offline interpreter answers.</summary>
[Collection(SiloCollection.Name)]
public sealed class ChatApiTests(SiloFixture fixture)
{
    [Fact]
    public async Task Chat_ManagesTasks_AndReportsTheToolCalls()
    {
        var user = await fixture.NewUserAsync("Europe/Berlin");

        var first = await user.JsonAsync(HttpMethod.Post, "chat", """{"message":"add pay rent on the 1st of every month at 9am, high priority"}""");
        var conversation = first["conversation_id"]!.GetValue<string>();
        Assert.StartsWith("Added 'Pay rent'", first["response"]!.GetValue<string>(), StringComparison.Ordinal);
        var call = Assert.Single(first["tool_calls"]!.AsArray())!;
        Assert.Equal("add_task", call["name"]!.GetValue<string>());
        Assert.Equal("FREQ=MONTHLY;BYMONTHDAY=1", call["arguments"]!["recurrence"]!.GetValue<string>());
        Assert.Equal("added", call["result"]!["status"]!.GetValue<string>());
        Assert.Equal(1, call["result"]!["task_id"]!.GetValue<int>());

        var task = await user.GetTaskAsync(1);
        Assert.Equal("high", task["priority"]!.GetValue<string>());
        Assert.Equal("FREQ=MONTHLY;BYMONTHDAY=1", task["recurrence"]!.GetValue<string>());

        var second = await user.JsonAsync(HttpMethod.Post, "chat", $$"""{"conversation_id":"{{conversation}}","message":"complete the rent one"}""");
        Assert.Equal(conversation, second["conversation_id"]!.GetValue<string>());
        Assert.Equal(["find_tasks_by_reference", "complete_task"], second["tool_calls"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
        Assert.Equal("completed", (await user.GetTaskAsync(1))["status"]!.GetValue<string>());

        var list = await user.Http.SendAsync(Authorized(user, HttpMethod.Get, $"api/{user.UserId}/conversations"), TestContext.Current.CancellationToken);
        var conversations = JsonNode.Parse(await list.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!.AsArray();
        Assert.Equal(conversation, Assert.Single(conversations)!["id"]!.GetValue<string>());
        var messages = JsonNode.Parse(await (await user.SendAsync(HttpMethod.Get, $"conversations/{conversation}/messages")).Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!.AsArray();
        Assert.Equal(4, messages.Count);
        Assert.Equal("user", messages[0]!["role"]!.GetValue<string>());
        Assert.Equal("complete_task", messages[3]!["tool_calls"]![1]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnotherUsersConversation_IsNotFound()
    {
        var owner = await fixture.NewUserAsync();
        var conversation = (await owner.JsonAsync(HttpMethod.Post, "chat", """{"message":"add secret plan"}"""))["conversation_id"]!.GetValue<string>();
        var intruder = await fixture.NewUserAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await intruder.SendAsync(HttpMethod.Get, $"conversations/{conversation}/messages")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.SendAsync(HttpMethod.Post, "chat", $$"""{"conversation_id":"{{conversation}}","message":"list my tasks"}""")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await intruder.SendAsync(HttpMethod.Get, $"conversations/{conversation}/messages", asUser: owner.UserId)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.SendAsync(HttpMethod.Post, "chat", """{"conversation_id":"c_never_started","message":"hi"}""")).StatusCode);
    }

    [Theory]
    [InlineData("""{"message":""}""", "message")]
    [InlineData("""{"message":"   "}""", "message")]
    [InlineData("""{}""", "message")]
    [InlineData("""{"message":5}""", "message")]
    [InlineData("""{"message":"hi","conversation_id":"../etc"}""", "conversation_id")]
    [InlineData("""{"message":"hi","user_id":"someone-else"}""", "user_id")]
    public async Task BadChatInput_Is400NamingTheField(string body, string field)
    {
        var user = await fixture.NewUserAsync();
        var response = await user.SendAsync(HttpMethod.Post, "chat", body);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        Assert.True(JsonNode.Parse(text)!["errors"]!.AsObject().ContainsKey(field), text);
        Assert.Equal(0, (await user.ListAsync())["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task AnOverlongMessage_Is400()
    {
        var user = await fixture.NewUserAsync();
        var response = await user.SendAsync(HttpMethod.Post, "chat", $$"""{"message":"add {{new string('x', 2001)}}"}""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static HttpRequestMessage Authorized(ApiClient user, HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new("Bearer", user.Token);
        return request;
    }
}
