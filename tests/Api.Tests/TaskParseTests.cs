using System.Net;
using System.Text.Json.Nodes;

namespace TodoGrains.Api.Tests;

/// <summary>The board's quick add: a task's text read by the chat's parser, with the words each field came from.</summary>
[Collection(SiloCollection.Name)]
public sealed class TaskParseTests(SiloFixture fixture)
{
    [Fact]
    public async Task ATodoistStyleLine_IsReadIntoFieldsAndSpans_AndItsTaskCanBePostedAsIs()
    {
        var user = await fixture.NewUserAsync("Europe/Berlin");
        const string text = "pay rent every 1st at 9am !high #home";

        var reading = await user.JsonAsync(HttpMethod.Post, "tasks/parse", Body(text));

        var task = reading["task"]!.AsObject();
        Assert.Equal("Pay rent", task["title"]!.GetValue<string>());
        Assert.Equal("FREQ=MONTHLY;BYMONTHDAY=1", task["recurrence"]!.GetValue<string>());
        Assert.EndsWith("-01T09:00", task["due"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("high", task["priority"]!.GetValue<string>());
        Assert.Equal("[\"home\"]", task["tags"]!.ToJsonString());
        Assert.Equal(
            ["recurrence: every 1st", "due: at 9am", "priority: !high", "tag: #home"],
            Spans(reading, text));
        Assert.Equal(0, (await user.ListAsync())["total"]!.GetValue<int>());

        var created = await user.CreateAsync(task.ToJsonString());
        Assert.Equal("Pay rent", created["title"]!.GetValue<string>());
        Assert.Equal("high", created["priority"]!.GetValue<string>());
        Assert.Equal("FREQ=MONTHLY;BYMONTHDAY=1", created["recurrence"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("call mum tomorrow at 5pm remind me 30 minutes before", "Call mum", "reminder: remind me 30 minutes before|due: tomorrow at 5pm")]
    [InlineData("\"Urgent: file the report\" friday", "Urgent: file the report", "title: \"Urgent: file the report\"|due: friday")]
    [InlineData("water plants every monday #garden #home p2", "Water plants", "recurrence: every monday|tag: #garden|tag: #home|priority: p2")]
    public async Task EachRecognisedPart_IsASpanOfTheTextAsTyped(string text, string title, string spans)
    {
        var user = await fixture.NewUserAsync("Europe/Berlin");

        var reading = await user.JsonAsync(HttpMethod.Post, "tasks/parse", Body(text));

        Assert.Equal(title, reading["task"]!["title"]!.GetValue<string>());
        Assert.Equal(spans.Split('|').Order(), Spans(reading, text).Order());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("#home !high")]
    [InlineData("pay the bill on 3 March 2020")]
    public async Task TextThatIsNoTask_IsA400NamingTheText(string text)
    {
        var user = await fixture.NewUserAsync();
        var response = await user.SendAsync(HttpMethod.Post, "tasks/parse", Body(text));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.NotEmpty(problem["errors"]!["text"]!.AsArray());
    }

    [Fact]
    public async Task TooLongAText_IsA400()
    {
        var user = await fixture.NewUserAsync();
        var response = await user.SendAsync(HttpMethod.Post, "tasks/parse", Body(new string('a', 501)));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static string Body(string text) => new JsonObject { ["text"] = text }.ToJsonString();

    private static string[] Spans(JsonObject reading, string text) =>
        [.. reading["spans"]!.AsArray().Select(s => $"{s!["kind"]}: {text.Substring(s["start"]!.GetValue<int>(), s["length"]!.GetValue<int>())}")];
}
