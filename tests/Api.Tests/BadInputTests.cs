using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace TodoGrains.Api.Tests;

/// <summary>Every malformed or invalid request is a 400 problem naming the field, and changes nothing.</summary>
[Collection(SiloCollection.Name)]
public sealed class BadInputTests(SiloFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string Long201 = new('x', 201);
    private static readonly string Long1001 = new('d', 1001);

    public static TheoryData<string, string, string?, string> Cases => new()
    {
        // method, path (relative to /api/{user_id}/), body, field named in the answer
        { "POST", "tasks", """{"title":""}""", "title" },
        { "POST", "tasks", """{"title":"   "}""", "title" },
        { "POST", "tasks", $$"""{"title":"{{Long201}}"}""", "title" },
        { "POST", "tasks", """{"description":"no title"}""", "title" },
        { "POST", "tasks", """{"title":5}""", "title" },
        { "POST", "tasks", """{"title":["a"]}""", "title" },
        { "POST", "tasks", $$"""{"title":"ok","description":"{{Long1001}}"}""", "description" },
        { "POST", "tasks", """{"title":"ok","priority":"urgent"}""", "priority" },
        { "POST", "tasks", """{"title":"ok","priority":3}""", "priority" },
        { "POST", "tasks", """{"title":"ok","tags":"work"}""", "tags" },
        { "POST", "tasks", """{"title":"ok","tags":[""]}""", "tags" },
        { "POST", "tasks", """{"title":"ok","tags":["a","b","c","d","e","f","g","h","i","j","k"]}""", "tags" },
        { "POST", "tasks", """{"title":"ok","tags":["abcdefghijklmnopqrstuvwxyz0123456"]}""", "tags" },
        { "POST", "tasks", """{"title":"ok","tags":[1]}""", "tags" },
        { "POST", "tasks", """{"title":"ok","due":"2026-02-30"}""", "due" },
        { "POST", "tasks", """{"title":"ok","due":"tomorrow"}""", "due" },
        { "POST", "tasks", """{"title":"ok","due":"2026-13-01"}""", "due" },
        { "POST", "tasks", """{"title":"ok","due":"2026-03-05T25:00"}""", "due" },
        { "POST", "tasks", """{"title":"ok","due":20260305}""", "due" },
        { "POST", "tasks", """{"title":"ok","due":"1850-01-01"}""", "due" },
        { "POST", "tasks", """{"title":"ok","remind_before":"PT15M"}""", "remind_before" },
        { "POST", "tasks", """{"title":"ok","due":"2030-03-05","remind_before":"15 minutes"}""", "remind_before" },
        { "POST", "tasks", """{"title":"ok","due":"2030-03-05","remind_before":"-PT15M"}""", "remind_before" },
        { "POST", "tasks", """{"title":"ok","remind_at":"soon"}""", "remind_at" },
        { "POST", "tasks", """{"title":"ok","due":"2030-03-05","remind_at":"2030-03-05T09:00","remind_before":"PT1H"}""", "remind_at" },
        { "POST", "tasks", """{"title":"ok","recurrence":"FREQ=SOMETIMES"}""", "recurrence" },
        { "POST", "tasks", """{"title":"ok","recurrence":"every monday"}""", "recurrence" },
        { "POST", "tasks", """{"title":"ok","recurrence":"FREQ=WEEKLY;BYDAY=XX"}""", "recurrence" },
        { "POST", "tasks", """{"title":"ok","recurrence":"FREQ=DAILY;COUNT=0"}""", "recurrence" },
        { "POST", "tasks", """{"title":"ok","recurrence":""}""", "recurrence" },
        { "POST", "tasks", """{"title":"ok","unknown_field":1}""", "unknown_field" },
        { "POST", "tasks", """{"title":"ok","Title":"shouting"}""", "Title" },
        { "POST", "tasks", """{"title":"a","title":"b"}""", "title" },
        { "POST", "tasks", """{"title":""", "body" },
        { "POST", "tasks", "[]", "body" },
        { "POST", "tasks", "\"just a string\"", "body" },
        { "POST", "tasks", "", "body" },
        { "PATCH", "tasks/1", "{}", "body" },
        { "PATCH", "tasks/1", """{"title":null}""", "title" },
        { "PATCH", "tasks/1", """{"due":"2026-02-29"}""", "due" },
        { "PATCH", "tasks/1", """{"add_tags":["has space"]}""", "add_tags" },
        { "PATCH", "tasks/1", """{"priority":"highest"}""", "priority" },
        { "PATCH", "tasks/1", """{"remind_before":"PT10M","due":null}""", "remind_before" },
        { "PATCH", "tasks/1", """{"status":"completed"}""", "status" },
        { "PATCH", "tasks/1/complete", """{"completed":"yes"}""", "completed" },
        { "GET", "tasks?status=done", null, "status" },
        { "GET", "tasks?limit=0", null, "limit" },
        { "GET", "tasks?limit=abc", null, "limit" },
        { "GET", "tasks?offset=-1", null, "offset" },
        { "GET", "tasks?sort=colour", null, "sort" },
        { "GET", "tasks?order=up", null, "order" },
        { "GET", "tasks?due_from=yesterday", null, "due_from" },
        { "GET", "tasks?due_from=2030-02-01&due_to=2030-01-01", null, "due_to" },
        { "GET", "tasks?completed_from=last+tuesday", null, "completed_from" },
        { "GET", "tasks?completed_from=2026-02-01&completed_to=2026-01-01", null, "completed_to" },
        { "GET", "tasks?overdue=maybe", null, "overdue" },
        { "GET", "tasks?tag_mode=some", null, "tag_mode" },
        { "GET", "tasks?priority=p9", null, "priority" },
        { "POST", "tasks/reschedule", """{"shift":"P1D","due":"2030-03-06"}""", "due" },
        { "POST", "tasks/reschedule", "{}", "due" },
        { "POST", "tasks/reschedule", """{"shift":"one day"}""", "shift" },
        { "POST", "tasks/reschedule", """{"filter":{"status":"completed"},"shift":"P1D"}""", "filter.status" },
        { "POST", "tasks/reschedule", """{"filter":{"due_from":"someday"},"shift":"P1D"}""", "filter.due_from" },
        { "PUT", "profile", """{"time_zone":"Mars/Olympus"}""", "time_zone" },
        { "PUT", "profile", """{"default_reminder_time":"25:00"}""", "default_reminder_time" },
        { "PUT", "profile", "{}", "body" },
        { "PUT", "profile", """{"time_zone":"America"}""", "time_zone" },
        { "POST", "tasks", """{"title":"ok","remind_at":"0001-01-01T00:00"}""", "remind_at" },
        { "POST", "tasks", """{"title":"ok","remind_at":"9999-12-31T23:59"}""", "remind_at" },
        { "GET", "tasks?status=%2B1", null, "status" },
        { "GET", "tasks?sort=due,priority", null, "sort" },
        { "POST", "tasks/reschedule", """{"shift":"P3650D"}""", "shift" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BadInput_Is400NamingTheField_AndChangesNothing(string method, string path, string? body, string field)
    {
        var user = await fixture.NewUserAsync("Europe/Berlin");
        await user.CreateAsync("""{"title":"Existing","due":"2030-01-01T10:00","remind_before":"PT5M","tags":["keep"]}""");
        await user.CreateAsync("""{"title":"Far future","due":"2999-06-30"}""");
        var before = await SnapshotAsync(user);

        var response = await user.SendAsync(new HttpMethod(method), path, body);

        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(400, problem["status"]!.GetValue<int>());
        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(field), $"expected an error for '{field}', got: {text}");
        Assert.All(errors, e => Assert.NotEmpty(e.Value!.AsArray()));
        Assert.Equal(before, await SnapshotAsync(user));
    }

    public static TheoryData<string, string> BadRegistrations => new()
    {
        { """{"user_name":"ab","password":"long enough"}""", "user_name" },
        { """{"user_name":"has space","password":"long enough"}""", "user_name" },
        { """{"user_name":"valid-name","password":"short"}""", "password" },
        { """{"user_name":"valid-name","password":"long enough","time_zone":"Nowhere/Land"}""", "time_zone" },
        { """{"password":"long enough"}""", "user_name" },
        { """{"user_name":"valid-name","password":"long enough","admin":true}""", "admin" },
        { """{"user_name":"valid-name","password":"long enough","time_zone":"Europe"}""", "time_zone" },
    };

    [Theory]
    [MemberData(nameof(BadRegistrations))]
    public async Task BadRegistration_Is400NamingTheField_AndCreatesNoAccount(string body, string field)
    {
        var unique = "n" + Guid.NewGuid().ToString("N")[..10];
        body = body.Replace("valid-name", unique, StringComparison.Ordinal);
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        var response = await fixture.Http.PostAsync(new Uri("api/auth/register", UriKind.Relative), content, TestContext.Current.CancellationToken);

        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        Assert.True(JsonNode.Parse(text)!["errors"]!.AsObject().ContainsKey(field), text);
        using var login = new StringContent($$"""{"user_name":"{{unique}}","password":"long enough"}""", System.Text.Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Http.PostAsync(new Uri("api/auth/login", UriKind.Relative), login, TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task OversizeBody_IsRefused_WithoutA5xx()
    {
        var user = await fixture.NewUserAsync();
        var huge = $$"""{"title":"ok","description":"{{new string('x', 200_000)}}"}""";

        var response = await user.SendAsync(HttpMethod.Post, "tasks", huge);

        Assert.True((int)response.StatusCode is >= 400 and < 500, response.StatusCode.ToString());
        Assert.Equal(0, (await user.ListAsync())["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task ALongUrl_Is414_AndHugeHeaders_Are431_EachWithAProblemDocument()
    {
        var user = await fixture.NewUserAsync();

        using var longUrl = await user.SendAsync(HttpMethod.Get, "tasks?search=" + new string('q', 12_000));
        Assert.Equal(HttpStatusCode.RequestUriTooLong, longUrl.StatusCode);
        Assert.Equal("application/problem+json", longUrl.Content.Headers.ContentType?.MediaType);
        Assert.Equal(414, (await longUrl.Content.ReadFromJsonAsync<JsonObject>(Ct))!["status"]!.GetValue<int>());

        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/{user.UserId}/tasks");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", user.Token);
        request.Headers.Add("X-Padding", new string('h', 40_000));
        using var hugeHeaders = await fixture.Http.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, hugeHeaders.StatusCode);
        Assert.Equal("application/problem+json", hugeHeaders.Content.Headers.ContentType?.MediaType);
        Assert.Equal("X-Padding", (await hugeHeaders.Content.ReadFromJsonAsync<JsonObject>(Ct))!["header"]!.GetValue<string>());
    }

    private static async Task<string> SnapshotAsync(ApiClient user)
    {
        var tasks = await user.ListAsync("?limit=500");
        var profile = await user.JsonAsync(HttpMethod.Get, "profile");
        return tasks.ToJsonString() + profile.ToJsonString();
    }
}
