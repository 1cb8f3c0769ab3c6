using System.Net;
using System.Text.Json.Nodes;

namespace TodoGrains.Api.Tests;

[Collection(SiloCollection.Name)]
public sealed class TaskEndpointTests(SiloFixture fixture)
{
    [Fact]
    public async Task PostTask_ReturnsTheTaskInTheContractsShape()
    {
        var user = await fixture.NewUserAsync("Europe/Berlin");

        var response = await user.SendAsync(HttpMethod.Post, "tasks", """
            {"title":"  Standup ","description":"daily sync","priority":"high","tags":["Work","#team"],
             "due":"2030-03-04T09:00","remind_before":"PT15M","recurrence":"FREQ=WEEKLY;BYDAY=MO"}
            """);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/{user.UserId}/tasks/1", response.Headers.Location!.OriginalString);
        var task = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!.AsObject();
        Assert.Equal(1, task["id"]!.GetValue<int>());
        Assert.Equal("Standup", task["title"]!.GetValue<string>());
        Assert.Equal("daily sync", task["description"]!.GetValue<string>());
        Assert.Equal("pending", task["status"]!.GetValue<string>());
        Assert.Equal("high", task["priority"]!.GetValue<string>());
        Assert.Equal(["work", "team"], task["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("2030-03-04T09:00:00+01:00", task["due"]!.GetValue<string>());
        Assert.True(task["due_has_time"]!.GetValue<bool>());
        Assert.Equal(DateTimeOffset.Parse("2030-03-04T08:45:00+01:00", System.Globalization.CultureInfo.InvariantCulture), task["remind_at"]!.GetValue<DateTimeOffset>());
        Assert.Equal("PT15M", task["remind_before"]!.GetValue<string>());
        Assert.Equal("FREQ=WEEKLY;BYDAY=MO", task["recurrence"]!.GetValue<string>());
        Assert.StartsWith("s_", task["series_id"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(task["completed_at"]);
        foreach (var field in new[] { "id", "title", "description", "status", "priority", "tags", "due", "due_has_time", "remind_at", "recurrence", "series_id", "created_at", "updated_at", "completed_at" })
        {
            Assert.True(task.ContainsKey(field), field);
        }
    }

    [Fact]
    public async Task DateOnlyDue_IsShownBackAsADate()
    {
        var user = await fixture.NewUserAsync();
        var task = await user.CreateAsync("""{"title":"Taxes","due":"2030-04-15"}""");
        Assert.Equal("2030-04-15", task["due"]!.GetValue<string>());
        Assert.False(task["due_has_time"]!.GetValue<bool>());

        var withOffset = await user.CreateAsync("""{"title":"Flight","due":"2030-04-15T12:00-05:00"}""");
        Assert.Equal("2030-04-15T17:00:00+00:00", withOffset["due"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetPatchCompleteReopenDelete_WorkOnOneTask()
    {
        var user = await fixture.NewUserAsync();
        await user.CreateAsync("""{"title":"Groceries","tags":["home","errand"],"due":"2030-01-10"}""");

        var patched = await user.JsonAsync(HttpMethod.Patch, "tasks/1", """{"priority":"medium","add_tags":["Urgent"],"remove_tags":["errand"],"description":"milk, eggs"}""");
        Assert.Equal("medium", patched["priority"]!.GetValue<string>());
        Assert.Equal(["home", "urgent"], patched["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("Groceries", patched["title"]!.GetValue<string>());
        Assert.Equal("2030-01-10", patched["due"]!.GetValue<string>());

        var cleared = await user.JsonAsync(HttpMethod.Patch, "tasks/1", """{"due":null,"description":null}""");
        Assert.Null(cleared["due"]);
        Assert.Null(cleared["description"]);

        var completed = await user.JsonAsync(HttpMethod.Patch, "tasks/1/complete");
        Assert.Equal("completed", completed["status"]!.GetValue<string>());
        Assert.NotNull(completed["completed_at"]);

        var reopened = await user.JsonAsync(HttpMethod.Patch, "tasks/1/complete", """{"completed":false}""");
        Assert.Equal("pending", reopened["status"]!.GetValue<string>());
        Assert.Null(reopened["completed_at"]);

        Assert.Equal("pending", (await user.GetTaskAsync(1))["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NoContent, (await user.SendAsync(HttpMethod.Delete, "tasks/1")).StatusCode);
        var gone = await user.SendAsync(HttpMethod.Get, "tasks/1");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal("application/problem+json", gone.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await user.SendAsync(HttpMethod.Delete, "tasks/1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await user.SendAsync(HttpMethod.Patch, "tasks/1", """{"title":"x"}""")).StatusCode);

        // The browser's Undo after a deletion: back under its id, once; never for a task that was not deleted.
        var restored = await user.JsonAsync(HttpMethod.Post, "tasks/1/restore");
        Assert.Equal(1, restored["id"]!.GetValue<int>());
        Assert.Equal("pending", (await user.GetTaskAsync(1))["status"]!.GetValue<string>());
        var again = await user.SendAsync(HttpMethod.Post, "tasks/1/restore");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await user.SendAsync(HttpMethod.Post, "tasks/2/restore")).StatusCode);
    }

    [Fact]
    public async Task ListTasks_FiltersSortsAndPages()
    {
        var user = await fixture.NewUserAsync();
        await user.CreateAsync("""{"title":"Tax return","priority":"high","tags":["money","work"],"due":"2020-01-01"}""");
        await user.CreateAsync("""{"title":"Buy milk","priority":"low","tags":["home"],"due":"2030-01-02T08:00"}""");
        await user.CreateAsync("""{"title":"Pay rent","priority":"medium","tags":["home","money"],"due":"2030-01-01"}""");
        await user.CreateAsync("""{"title":"Read a book","description":"something about taxes"}""");
        await user.JsonAsync(HttpMethod.Patch, "tasks/4/complete");

        Assert.Equal(new[] { 1, 3, 2, 4 }, ApiClient.Ids(await user.ListAsync()));
        Assert.Equal(new[] { 4 }, ApiClient.Ids(await user.ListAsync("?status=completed")));
        Assert.Equal(new[] { 1, 3, 2 }, ApiClient.Ids(await user.ListAsync("?status=pending")));
        Assert.Equal(new[] { 1, 3, 2 }, ApiClient.Ids(await user.ListAsync("?status=pending&sort=priority")));
        Assert.Equal(new[] { 2, 3, 1 }, ApiClient.Ids(await user.ListAsync("?status=pending&sort=priority&order=asc")));
        Assert.Equal(new[] { 1, 3 }, ApiClient.Ids(await user.ListAsync("?tag=money")));
        Assert.Equal(new[] { 1, 3, 2 }, ApiClient.Ids(await user.ListAsync("?tag=money&tag=home")));
        Assert.Equal(new[] { 3 }, ApiClient.Ids(await user.ListAsync("?tag=money&tag=home&tag_mode=all")));
        Assert.Equal(new[] { 1, 4 }, ApiClient.Ids(await user.ListAsync("?q=tax")));
        Assert.Equal(new[] { 1, 2 }, ApiClient.Ids(await user.ListAsync("?priority=high,low")));
        Assert.Equal(new[] { 1 }, ApiClient.Ids(await user.ListAsync("?overdue=true")));
        Assert.Equal(new[] { 3, 2 }, ApiClient.Ids(await user.ListAsync("?due_from=2030-01-01&due_to=2030-01-02")));
        // Task 4 was completed just now: within a window around today, not in one long past; a completion window lists completed tasks only.
        var around = $"?completed_from={DateTime.UtcNow.AddDays(-1):yyyy-MM-dd}&completed_to={DateTime.UtcNow.AddDays(1):yyyy-MM-dd}";
        Assert.Equal(new[] { 4 }, ApiClient.Ids(await user.ListAsync(around)));
        Assert.Empty(ApiClient.Ids(await user.ListAsync("?completed_to=2020-01-01")));
        Assert.Equal(new[] { 2, 3, 4, 1 }, ApiClient.Ids(await user.ListAsync("?sort=title")));
        Assert.Equal(new[] { 4, 3, 2, 1 }, ApiClient.Ids(await user.ListAsync("?sort=created&order=desc")));
        var page = await user.ListAsync("?sort=created&limit=2&offset=1");
        Assert.Equal(new[] { 2, 3 }, ApiClient.Ids(page));
        Assert.Equal(4, page["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task Reschedule_MovesTheSelectedTasks()
    {
        var user = await fixture.NewUserAsync();
        await user.CreateAsync("""{"title":"A","due":"2030-05-01T10:00"}""");
        await user.CreateAsync("""{"title":"B","due":"2030-05-01"}""");
        await user.CreateAsync("""{"title":"C","due":"2030-05-02"}""");

        var shifted = await user.JsonAsync(HttpMethod.Post, "tasks/reschedule", """{"filter":{"due_from":"2030-05-01","due_to":"2030-05-01"},"shift":"P1D"}""");
        Assert.Equal(2, shifted["moved"]!.GetValue<int>());
        Assert.Equal("2030-05-02T10:00:00+00:00", (await user.GetTaskAsync(1))["due"]!.GetValue<string>());
        Assert.Equal("2030-05-02", (await user.GetTaskAsync(2))["due"]!.GetValue<string>());

        var dated = await user.JsonAsync(HttpMethod.Post, "tasks/reschedule", """{"filter":{"ids":[3]},"due":"2030-06-01"}""");
        Assert.Equal(1, dated["moved"]!.GetValue<int>());
        Assert.Equal("2030-06-01", (await user.GetTaskAsync(3))["due"]!.GetValue<string>());
    }

    [Fact]
    public async Task Profile_CanBeReadAndChanged()
    {
        var user = await fixture.NewUserAsync("America/New_York");
        var profile = await user.JsonAsync(HttpMethod.Get, "profile");
        Assert.Equal("America/New_York", profile["time_zone"]!.GetValue<string>());
        Assert.Equal("09:00", profile["default_reminder_time"]!.GetValue<string>());
        await user.CreateAsync("""{"title":"Call","due":"2030-07-01T09:00"}""");

        var changed = await user.JsonAsync(HttpMethod.Put, "profile", """{"time_zone":"Asia/Tokyo","default_reminder_time":"07:30"}""");

        Assert.Equal("Asia/Tokyo", changed["time_zone"]!.GetValue<string>());
        Assert.Equal("07:30", changed["default_reminder_time"]!.GetValue<string>());
        Assert.Equal("2030-07-01T09:00:00+09:00", (await user.GetTaskAsync(1))["due"]!.GetValue<string>());
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheApi_AndHasABrowsablePage()
    {
        var doc = JsonNode.Parse(await fixture.Http.GetStringAsync(new Uri("openapi/v1.json", UriKind.Relative), TestContext.Current.CancellationToken))!;
        var paths = doc["paths"]!.AsObject();
        Assert.Contains("/api/{user_id}/tasks", paths.Select(p => p.Key));
        Assert.Contains("/api/{user_id}/tasks/{id}/complete", paths.Select(p => p.Key));
        Assert.Contains("/api/auth/login", paths.Select(p => p.Key));
        var page = await fixture.Http.GetAsync(new Uri("scalar/v1", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task HealthEndpoints_AnswerWithoutAToken()
    {
        Assert.Equal(HttpStatusCode.OK, (await fixture.Http.GetAsync(new Uri("health/live", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Http.GetAsync(new Uri("health/ready", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
    }
}
