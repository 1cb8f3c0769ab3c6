

namespace TodoGrains.Api.Tests;

/// <summary>The embedded shape keeps tasks, profile and pending reminders across a stop and start.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task EmbeddedHost_KeepsTasksProfileAndPendingReminders_AcrossARestart()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "todo-grains-tests", "restart-" + Guid.NewGuid().ToString("N"));
        ApiClient user;
        DateTimeOffset remindAt;
        string conversation;
        await using (var first = new SiloProcess(dataDirectory))
        {
            await first.StartAsync();
            using var http = first.CreateClient();
            user = await ApiClient.RegisterAsync(http, "Europe/Lisbon");
            await user.JsonAsync(HttpMethod.Put, "profile", """{"default_reminder_time":"08:15"}""");
            await user.CreateAsync("""{"title":"Weekly review","due":"2030-01-07T17:00","tags":["work"],"priority":"high","recurrence":"FREQ=WEEKLY;BYDAY=MO"}""");
            await user.CreateAsync("""{"title":"Done already"}""");
            await user.JsonAsync(HttpMethod.Patch, "tasks/2/complete");
            conversation = (await user.JsonAsync(HttpMethod.Post, "chat", """{"message":"add water the plants on friday"}"""))["conversation_id"]!.GetValue<string>();
            remindAt = DateTimeOffset.UtcNow.AddSeconds(8);
            await user.CreateAsync($$"""{"title":"Take the cake out","remind_at":"{{remindAt:yyyy-MM-dd'T'HH:mm:ss.fffffffzzz}}"}""");
            await first.StopAsync();
        }

        await using var second = new SiloProcess(dataDirectory);
        await second.StartAsync();
        using var http2 = second.CreateClient();
        var again = new ApiClient(http2, user.UserId, user.Token, user.UserName);

        // The signing key lives in the data folder too: the old token is still accepted.
        var profile = await again.JsonAsync(HttpMethod.Get, "profile");
        Assert.Equal("Europe/Lisbon", profile["time_zone"]!.GetValue<string>());
        Assert.Equal("08:15", profile["default_reminder_time"]!.GetValue<string>());
        var review = await again.GetTaskAsync(1);
        Assert.Equal("Weekly review", review["title"]!.GetValue<string>());
        Assert.Equal("2030-01-07T17:00:00+00:00", review["due"]!.GetValue<string>());
        Assert.Equal("FREQ=WEEKLY;BYDAY=MO", review["recurrence"]!.GetValue<string>());
        Assert.Equal("completed", (await again.GetTaskAsync(2))["status"]!.GetValue<string>());
        Assert.Equal(5, (await again.CreateAsync("""{"title":"After restart"}"""))["id"]!.GetValue<int>());

        // The conversation goes on where it was.
        var before = System.Text.Json.Nodes.JsonNode.Parse(await (await again.SendAsync(HttpMethod.Get, $"conversations/{conversation}/messages")).Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!.AsArray();
        Assert.Equal(2, before.Count);
        Assert.Equal("add water the plants on friday", before[0]!["text"]!.GetValue<string>());
        var next = await again.JsonAsync(HttpMethod.Post, "chat", $$"""{"conversation_id":"{{conversation}}","message":"complete the plants one"}""");
        Assert.Equal(conversation, next["conversation_id"]!.GetValue<string>());
        Assert.Contains("Completed 'Water the plants'", next["response"]!.GetValue<string>(), StringComparison.Ordinal);

        // The reminder registered before the restart fires after it.
        var deadline = DateTime.UtcNow.AddSeconds(90);
        DateTimeOffset? remindedAt = null;
        while (remindedAt is null && DateTime.UtcNow < deadline)
        {
            remindedAt = (await again.GetTaskAsync(4))["reminded_at"]?.GetValue<DateTimeOffset>();
            await Task.Delay(250, TestContext.Current.CancellationToken);
        }

        Assert.True(remindedAt is not null, "the reminder did not fire after the restart:\n" + second.Output);
        Assert.Equal(remindAt.ToUnixTimeMilliseconds(), remindedAt.Value.ToUnixTimeMilliseconds());
        Assert.True(DateTimeOffset.UtcNow >= remindAt);

        await second.StopAsync();
        Directory.Delete(dataDirectory, recursive: true);
    }

    [Fact]
    public async Task AReminderThatFellDueWhileTheHostWasDown_FiresAtOnceAfterTheStart()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "todo-grains-tests", "missed-" + Guid.NewGuid().ToString("N"));
        ApiClient user;
        DateTimeOffset remindAt;
        await using (var first = new SiloProcess(dataDirectory))
        {
            await first.StartAsync();
            using var http = first.CreateClient();
            user = await ApiClient.RegisterAsync(http);
            remindAt = DateTimeOffset.UtcNow.AddSeconds(5);
            await user.CreateAsync($$"""{"title":"Missed while down","remind_at":"{{remindAt:yyyy-MM-dd'T'HH:mm:ss.fffffffzzz}}"}""");
            await first.StopAsync();
        }

        Assert.True(DateTimeOffset.UtcNow < remindAt, "the host took too long to stop for this test to mean anything");
        await Task.Delay(remindAt - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);

        await using var second = new SiloProcess(dataDirectory);
        await second.StartAsync();
        var startedAt = DateTimeOffset.UtcNow;
        using var http2 = second.CreateClient();
        var again = new ApiClient(http2, user.UserId, user.Token, user.UserName);
        DateTimeOffset? firedBy = null;
        while (firedBy is null && DateTimeOffset.UtcNow < startedAt.AddSeconds(90))
        {
            // The inbox, not the task: reading a task would activate its grain, which is what the fix itself does.
            await Task.Delay(200, TestContext.Current.CancellationToken);
            var inbox = await again.SendAsync(HttpMethod.Get, "notifications");
            if ((await inbox.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Contains("Missed while down", StringComparison.Ordinal))
            {
                firedBy = DateTimeOffset.UtcNow;
            }
        }

        Assert.True(firedBy is not null, "the missed reminder never fired:\n" + second.Output);
        // Before, it waited for the reminder's next whole-minute tick: about 55 s after this start.
        Assert.True(firedBy - startedAt < TimeSpan.FromSeconds(15), $"the missed reminder fired {(firedBy - startedAt)!.Value.TotalSeconds:F1} s after the start");

        await second.StopAsync();
        Directory.Delete(dataDirectory, recursive: true);
    }
}
