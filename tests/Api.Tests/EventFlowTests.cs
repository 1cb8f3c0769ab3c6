using System.Net;
using System.Text.Json;

namespace TodoGrains.Api.Tests;

/// <summary>The events' effects in the embedded shape: the four edge handlers run in the silo on the in-process bus.</summary>
[Collection(SiloCollection.Name)]
public sealed class EventFlowTests(SiloFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CompletingAWeeklyTask_MakesExactlyOneNextOccurrenceAppear()
    {
        var user = await fixture.NewUserAsync("Europe/Berlin");
        var first = await user.CreateAsync("""{"title":"Standup","due":"2030-01-07T09:00","recurrence":"FREQ=WEEKLY;BYDAY=MO","tags":["work"]}""");

        await user.JsonAsync(HttpMethod.Patch, "tasks/1/complete");
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await user.ListAsync())["total"]!.GetValue<int>() < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, Ct);
        }

        // Completing again, or reopening and completing, must not spawn another.
        await user.JsonAsync(HttpMethod.Patch, "tasks/1/complete");
        await Task.Delay(500, Ct);
        var list = await user.ListAsync("?sort=created");
        Assert.Equal(2, list["total"]!.GetValue<int>());
        var next = list["items"]![1]!;
        Assert.Equal("Standup", next["title"]!.GetValue<string>());
        Assert.Equal("pending", next["status"]!.GetValue<string>());
        Assert.Equal("2030-01-14T09:00:00+01:00", next["due"]!.GetValue<string>());
        Assert.Equal(first["series_id"]!.GetValue<string>(), next["series_id"]!.GetValue<string>());
        Assert.Equal(2, next["occurrence"]!.GetValue<int>());
    }

    [Fact]
    public async Task AReminder_ReachesTheOwnersOpenClients_OnceAndNobodyElse()
    {
        var owner = await fixture.NewUserAsync();
        var stranger = await fixture.NewUserAsync();
        await using var ownerTab = await SyncClient.ConnectAsync(fixture.Silo.BaseAddress, owner.Token);
        await using var ownerSecondTab = await SyncClient.ConnectAsync(fixture.Silo.BaseAddress, owner.Token);
        await using var strangerTab = await SyncClient.ConnectAsync(fixture.Silo.BaseAddress, stranger.Token);
        var remindAt = DateTimeOffset.UtcNow.AddSeconds(3);

        await owner.CreateAsync($$"""{"title":"Take the cake out","remind_at":"{{remindAt:yyyy-MM-dd'T'HH:mm:ss.fffzzz}}"}""");

        var received = await ownerTab.WaitForAsync("Notification", n => n.GetProperty("task_id").GetInt32() == 1, 1, TimeSpan.FromSeconds(30));
        await ownerSecondTab.WaitForAsync("Notification", _ => true, 1, TimeSpan.FromSeconds(5));
        await Task.Delay(1000, Ct);
        var notification = Assert.Single(ownerTab.Of("Notification"));
        Assert.Single(ownerSecondTab.Of("Notification"));
        Assert.Empty(strangerTab.Received);
        Assert.Equal("Take the cake out", notification.GetProperty("title").GetString());
        Assert.Equal("reminder", notification.GetProperty("kind").GetString());
        var arrival = ownerTab.Received.First(r => r.Method == "Notification").At;
        TestContext.Current.TestOutputHelper?.WriteLine($"Notification arrived {(arrival - remindAt).TotalMilliseconds:0} ms after the reminder time.");
        Assert.NotEmpty(received);

        var inbox = await owner.JsonAsync(HttpMethod.Get, "notifications");
        Assert.Equal(1, inbox["unread"]!.GetValue<int>());
        var id = inbox["items"]![0]!["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.NoContent, (await owner.SendAsync(HttpMethod.Post, $"notifications/{id}/read")).StatusCode);
        Assert.Equal(0, (await owner.JsonAsync(HttpMethod.Get, "notifications"))["unread"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.SendAsync(HttpMethod.Post, $"notifications/{id}/read")).StatusCode);
        Assert.Empty((await stranger.JsonAsync(HttpMethod.Get, "notifications"))["items"]!.AsArray());
        // Ids that are not notifications: the name of the inbox's own index record, and text that looks like a key.
        Assert.Equal(HttpStatusCode.NotFound, (await owner.SendAsync(HttpMethod.Post, "notifications/index/read")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.SendAsync(HttpMethod.Post, $"notifications/{Uri.EscapeDataString(id + "|x")}/read")).StatusCode);
        Assert.Single((await owner.JsonAsync(HttpMethod.Get, "notifications"))["items"]!.AsArray());
    }

    [Fact]
    public async Task TaskChanges_ReachEveryOpenClientOfTheOwner_AndNoOneElse()
    {
        var owner = await fixture.NewUserAsync();
        var stranger = await fixture.NewUserAsync();
        await using var ownerTab = await SyncClient.ConnectAsync(fixture.Silo.BaseAddress, owner.Token);
        await using var strangerTab = await SyncClient.ConnectAsync(fixture.Silo.BaseAddress, stranger.Token);

        await owner.CreateAsync("""{"title":"Live"}""");
        await owner.JsonAsync(HttpMethod.Patch, "tasks/1/complete");
        await owner.SendAsync(HttpMethod.Delete, "tasks/1");

        var changes = await ownerTab.WaitForAsync("TaskChanged", _ => true, 2, TimeSpan.FromSeconds(10));
        var removals = await ownerTab.WaitForAsync("TaskRemoved", _ => true, 1, TimeSpan.FromSeconds(10));
        Assert.Equal(2, changes.Count);
        Assert.Equal("completed", changes[1].GetProperty("task").GetProperty("status").GetString());
        Assert.True(changes[1].GetProperty("sequence").GetInt64() > changes[0].GetProperty("sequence").GetInt64());
        Assert.Equal(1, Assert.Single(removals).GetProperty("task_id").GetInt32());
        Assert.Empty(strangerTab.Received);
    }

    [Fact]
    public async Task AuditTrail_HasOneEntryPerTaskEvent_NewestFirst()
    {
        var user = await fixture.NewUserAsync();
        await user.CreateAsync("""{"title":"Audited"}""");
        await user.JsonAsync(HttpMethod.Patch, "tasks/1", """{"priority":"high"}""");
        await user.JsonAsync(HttpMethod.Patch, "tasks/1/complete");
        await user.JsonAsync(HttpMethod.Patch, "tasks/1/complete", """{"completed":false}""");
        await user.CreateAsync("""{"title":"Other"}""");
        await user.SendAsync(HttpMethod.Delete, "tasks/1");

        var deadline = DateTime.UtcNow.AddSeconds(10);
        JsonElement items;
        do
        {
            await Task.Delay(100, Ct);
            items = JsonDocument.Parse((await user.JsonAsync(HttpMethod.Get, "audit")).ToJsonString()).RootElement.GetProperty("items");
        }
        while (items.GetArrayLength() < 6 && DateTime.UtcNow < deadline);

        Assert.Equal(
            ["task.deleted", "task.created", "task.reopened", "task.completed", "task.updated", "task.created"],
            items.EnumerateArray().Select(e => e.GetProperty("type").GetString()));
        var ofTask = (await user.JsonAsync(HttpMethod.Get, "audit?task_id=1"))["items"]!.AsArray();
        Assert.Equal(5, ofTask.Count);
        var paged = await user.JsonAsync(HttpMethod.Get, "audit?limit=2");
        Assert.Equal(2, paged["items"]!.AsArray().Count);
        var rest = await user.JsonAsync(HttpMethod.Get, $"audit?limit=10&before={paged["next_before"]!.GetValue<long>()}");
        Assert.Equal(4, rest["items"]!.AsArray().Count);
        Assert.Equal(HttpStatusCode.BadRequest, (await user.SendAsync(HttpMethod.Get, "audit?limit=0")).StatusCode);
    }
}
