using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using TodoGrains.Contracts.Telemetry;

namespace TodoGrains.Events.Tests;

/// <summary>
/// The event path through Dapr with at-least-once delivery made visible: the stand-in sidecar delivers every
/// event several times, fails publishes for a while, and the effects must still be exactly once.
/// </summary>
public sealed class DaprEventFlowTests(DaprWorldFixture world) : IClassFixture<DaprWorldFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("recurring", "task-events")]
    [InlineData("audit", "task-events")]
    [InlineData("notification", "reminders")]
    [InlineData("sync", "task-updates")]
    public async Task SubscribeManifest_ListsExactlyTheServicesTopics(string appId, string topic)
    {
        var manifest = await world.Apps[appId].CreateClient().GetFromJsonAsync<JsonArray>("dapr/subscribe", Ct);

        // The topic, with its dead-letter topic, and the dead-letter topic itself, which the service keeps.
        Assert.Equal(2, manifest!.Count);
        var entry = Assert.Single(manifest, e => e!["topic"]!.GetValue<string>() == topic)!;
        Assert.Equal("pubsub", entry["pubsubName"]!.GetValue<string>());
        var deadLetters = entry["deadLetterTopic"]!.GetValue<string>();
        Assert.StartsWith("dead-letters.", deadLetters, StringComparison.Ordinal);
        Assert.Single(manifest, e => e!["topic"]!.GetValue<string>() == deadLetters);
    }

    [Fact]
    public async Task SubscribeManifest_OfTheSilo_SubscribesToNothing()
    {
        var response = await world.Http.GetAsync(new Uri("dapr/subscribe", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task WeeklyTask_Completed_SpawnsExactlyOneNextOccurrence_AlthoughEveryEventArrivesThreeTimes()
    {
        world.Sidecar.DeliveryCopies = 3;
        try
        {
            var user = await ApiClient.RegisterAsync(world.Http, "Europe/Berlin");
            await user.CreateAsync("""{"title":"Review","due":"2030-01-07T09:00","recurrence":"FREQ=WEEKLY;BYDAY=MO"}""");
            await user.JsonAsync(HttpMethod.Patch, "tasks/1/complete");

            await WaitUntilAsync(async () => (await user.ListAsync())["total"]!.GetValue<int>() >= 2);
            await world.Sidecar.WaitForIdleAsync(TimeSpan.FromSeconds(30));

            var list = await user.ListAsync("?sort=created");
            Assert.Equal(2, list["total"]!.GetValue<int>());
            Assert.Equal("2030-01-14T09:00:00+01:00", list["items"]![1]!["due"]!.GetValue<string>());
            // The audit trail saw each task event three times and kept it once.
            var audit = (await user.JsonAsync(HttpMethod.Get, "audit"))["items"]!.AsArray();
            Assert.Equal(["task.created", "task.completed", "task.created"], audit.Select(e => e!["type"]!.GetValue<string>()));
        }
        finally
        {
            world.Sidecar.DeliveryCopies = 1;
        }
    }

    [Fact]
    public async Task Reminder_NotifiesTheOwnersClientExactlyOnce_AndNoOneElse_AlsoThroughTheOutputBinding()
    {
        world.Sidecar.DeliveryCopies = 3;
        try
        {
            var owner = await ApiClient.RegisterAsync(world.Http);
            var stranger = await ApiClient.RegisterAsync(world.Http);
            var sync = world.Apps["sync"].BaseAddress;
            await using var ownerTab = await SyncClient.ConnectAsync(sync, owner.Token);
            await using var strangerTab = await SyncClient.ConnectAsync(sync, stranger.Token);
            var remindAt = DateTimeOffset.UtcNow.AddSeconds(3);

            await owner.CreateAsync($$"""{"title":"Call the plumber","remind_at":"{{remindAt:yyyy-MM-dd'T'HH:mm:ss.fffzzz}}"}""");

            await ownerTab.WaitForAsync("Notification", _ => true, 1, TimeSpan.FromSeconds(30));
            await world.Sidecar.WaitForIdleAsync(TimeSpan.FromSeconds(30));
            var notification = Assert.Single(ownerTab.Of("Notification"));
            Assert.Equal("Call the plumber", notification.GetProperty("title").GetString());
            Assert.Empty(strangerTab.Of("Notification"));
            Assert.Empty(strangerTab.Of("TaskChanged"));
            Assert.Single(ownerTab.Of("TaskChanged").Select(c => c.GetProperty("sequence").GetInt64()).Distinct());
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"Notification arrived {(ownerTab.Received.First(r => r.Method == "Notification").At - remindAt).TotalMilliseconds:0} ms after the reminder time.");

            var inbox = await owner.JsonAsync(HttpMethod.Get, "notifications");
            Assert.Single(inbox["items"]!.AsArray());
            Assert.Equal(1, inbox["unread"]!.GetValue<int>());
            Assert.Single(world.Sidecar.BindingInvocations, b => b.Name == DaprWorld.WebhookBinding && b.DataText.Contains("Call the plumber", StringComparison.Ordinal));
        }
        finally
        {
            world.Sidecar.DeliveryCopies = 1;
        }
    }

    [Fact]
    public async Task PublishOutage_DelaysEvents_ButLosesAndDuplicatesNone()
    {
        var user = await ApiClient.RegisterAsync(world.Http);
        await using var tab = await SyncClient.ConnectAsync(world.Apps["sync"].BaseAddress, user.Token);
        world.Sidecar.FailPublishes = true;
        try
        {
            for (var i = 1; i <= 5; i++)
            {
                // The API keeps accepting changes: they are committed with their events, which wait in the outbox.
                await user.CreateAsync($$"""{"title":"During the outage {{i}}"}""");
            }

            await Task.Delay(1500, Ct);
            Assert.Empty((await user.JsonAsync(HttpMethod.Get, "audit"))["items"]!.AsArray());
            Assert.Empty(tab.Of("TaskChanged"));
        }
        finally
        {
            world.Sidecar.FailPublishes = false;
        }

        await tab.WaitForAsync("TaskChanged", _ => true, 5, TimeSpan.FromSeconds(60));
        await WaitUntilAsync(async () => (await user.JsonAsync(HttpMethod.Get, "audit"))["items"]!.AsArray().Count >= 5);
        await world.Sidecar.WaitForIdleAsync(TimeSpan.FromSeconds(30));

        var audit = (await user.JsonAsync(HttpMethod.Get, "audit"))["items"]!.AsArray();
        Assert.Equal(5, audit.Count);
        Assert.Equal([5, 4, 3, 2, 1], audit.Select(e => e!["task_id"]!.GetValue<int>()));
        Assert.Equal([1, 2, 3, 4, 5], tab.Of("TaskChanged").Select(c => c.GetProperty("task_id").GetInt32()).Distinct().Order());
    }

    [Fact]
    public async Task CronBinding_RunsTheSweep_AndTheDigestReachesTheOwner()
    {
        var user = await ApiClient.RegisterAsync(world.Http);
        await using var tab = await SyncClient.ConnectAsync(world.Apps["sync"].BaseAddress, user.Token);
        // The sweep only knows people who have had a notification; a past reminder fires at once.
        await user.CreateAsync($$"""{"title":"Overdue thing","due":"2020-01-01","remind_at":"{{DateTimeOffset.UtcNow.AddSeconds(-1):yyyy-MM-dd'T'HH:mm:sszzz}}"}""");
        var reminded = await tab.WaitForAsync("Notification", _ => true, 1, TimeSpan.FromSeconds(30));
        Assert.True(reminded.Count == 1, $"The overdue reminder never reached the browser.\n--- silo\n{world.Silo.Output}\n--- notification\n{world.Apps["notification"].Output}\n--- sync\n{world.Apps["sync"].Output}");

        var status = await world.Sidecar.TriggerInputBindingAsync("notification", "digest-cron", "{}", cancellationToken: Ct);
        await world.Sidecar.TriggerInputBindingAsync("notification", "digest-cron", "{}", cancellationToken: Ct);

        Assert.Equal(HttpStatusCode.OK, status);
        var digests = await tab.WaitForAsync("Notification", n => n.GetProperty("kind").GetString() == "digest", 1, TimeSpan.FromSeconds(10));
        var digest = Assert.Single(digests);
        Assert.Contains("1 overdue", digest.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("Overdue thing", digest.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InternalRoutes_RefuseCallersWithoutTheSidecarsToken()
    {
        using var direct = world.Apps["audit"].CreateClient();
        Assert.Equal(HttpStatusCode.Forbidden, (await direct.GetAsync(new Uri("internal/users/anyone/audit", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await world.Http.PostAsync(new Uri("internal/users/anyone/series/s/next?after=1", UriKind.Relative), null, Ct)).StatusCode);
    }

    [Theory]
    [InlineData("recurring", "events/recurring")]
    [InlineData("audit", "events/audit")]
    [InlineData("notification", "events/notify")]
    [InlineData("sync", "events/sync")]
    [InlineData("notification", "digest-cron")]
    public async Task DeliveryAndBindingRoutes_RefuseEveryoneButTheSidecar(string appId, string route)
    {
        // Another pod of the cluster posting straight to the app: a forged event, or a digest sweep on demand.
        using var direct = world.Apps[appId].CreateClient();
        using var forged = new StringContent("""{"event_id":"00000000-0000-0000-0000-000000000001","topic":"task-events"}""", System.Text.Encoding.UTF8, "application/json");
        using var response = await direct.PostAsync(new Uri(route, UriKind.Relative), forged, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task AnEventNoHandlerCanTake_IsKeptAsADeadLetter_ThatAnOperatorListsReplaysAndDiscards()
    {
        // A poison event (no task) on task-events: recurring and audit both DROP it, and the sidecar forwards it to
        // each subscription's dead-letter topic, which the same service keeps.
        var id = Guid.NewGuid();
        using (var dapr = new Dapr.Client.DaprClientBuilder().UseGrpcEndpoint(world.Sidecar.GrpcEndpoint).Build())
        {
            await dapr.PublishEventAsync("pubsub", "task-events", new Dictionary<string, object> { ["event_id"] = id, ["topic"] = "task-events", ["user_id"] = "someone" }, Ct);
        }

        using var audit = world.Apps["audit"].CreateClient();
        audit.DefaultRequestHeaders.Add("dapr-api-token", world.Sidecar.AppApiToken);
        JsonNode? Letter(JsonObject? page) => page?["subscriptions"]?.AsArray().Single(s => s!["subscription"]!.GetValue<string>() == "audit")!["letters"]!.AsArray()
            .FirstOrDefault(l => l!["id"]!.GetValue<string>() == id.ToString());
        JsonObject? page = null;
        await WaitUntilAsync(async () => Letter(page = await audit.GetFromJsonAsync<JsonObject>("internal/dead-letters", Ct)) is not null);
        var letter = Letter(page);
        Assert.True(letter is not null, $"no dead letter kept.\n--- audit\n{world.Apps["audit"].Output}");
        Assert.Equal("someone", letter!["user_id"]!.GetValue<string>());
        Assert.Equal("dead-letters.audit", page!["subscriptions"]!.AsArray().Single(s => s!["subscription"]!.GetValue<string>() == "audit")!["dead_letter_topic"]!.GetValue<string>());

        // Still poison: a replay is refused and the letter stays; discarding removes it; it is gone after.
        using (var replay = await audit.PostAsync(new Uri($"internal/dead-letters/audit/{id}/replay", UriKind.Relative), null, Ct))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, replay.StatusCode);
        }

        Assert.NotNull(Letter(await audit.GetFromJsonAsync<JsonObject>("internal/dead-letters", Ct)));
        Assert.Equal(HttpStatusCode.NoContent, (await audit.DeleteAsync(new Uri($"internal/dead-letters/audit/{id}", UriKind.Relative), Ct)).StatusCode);
        Assert.Null(Letter(await audit.GetFromJsonAsync<JsonObject>("internal/dead-letters", Ct)));
        Assert.Equal(HttpStatusCode.NotFound, (await audit.DeleteAsync(new Uri($"internal/dead-letters/audit/{id}", UriKind.Relative), Ct)).StatusCode);

        // Without the sidecar's token nobody lists them.
        using var direct = world.Apps["audit"].CreateClient();
        Assert.Equal(HttpStatusCode.Forbidden, (await direct.GetAsync(new Uri("internal/dead-letters", UriKind.Relative), Ct)).StatusCode);
    }

    [Fact]
    public async Task EveryEdgeService_ExportsASpanPerDelivery_AndTheDeliveryHistogram_OverOtlp()
    {
        var user = await ApiClient.RegisterAsync(world.Http);
        await user.CreateAsync($$"""{"title":"Water the plants","remind_at":"{{DateTimeOffset.UtcNow.AddSeconds(1):yyyy-MM-dd'T'HH:mm:ss.fffzzz}}"}""");

        // Each service's own name, the span of the topic it handles, and the histogram every one records.
        (string Service, string Span)[] expected =
            [("todo-recurring", "task-events process"), ("todo-audit", "task-events process"), ("todo-notification", "reminders process"), ("todo-sync", "task-updates process")];
        await WaitUntilAsync(() => Task.FromResult(expected.All(e =>
            world.Otlp.Of("traces", e.Service, e.Span).Count > 0 && world.Otlp.Of("metrics", e.Service, "todo.events.delivery").Count > 0)));

        foreach (var (service, span) in expected)
        {
            Assert.True(world.Otlp.Of("traces", service, span).Count > 0, $"{service} exported no '{span}' span; {world.Otlp.Exports.Count} exports in all");
            Assert.True(world.Otlp.Of("metrics", service, "todo.events.delivery").Count > 0, $"{service} exported no delivery histogram");
        }

        Assert.All(world.Otlp.Exports, e => Assert.Equal("application/x-protobuf", e.ContentType));

        // Read back as the benchmark reads it: each service's histogram under its topic, with the shared bucket bounds.
        var points = OtlpHistograms.Read(world.Otlp.Exports, EventTelemetry.DeliveryHistogram).ToList();
        foreach (var (service, topic) in new[] { ("todo-recurring", "task-events"), ("todo-audit", "task-events"), ("todo-notification", "reminders"), ("todo-sync", "task-updates") })
        {
            var point = points.Where(p => p.Service == service && p.Attributes.GetValueOrDefault("topic") == topic).MaxBy(p => p.TimeUnixNano);
            Assert.NotNull(point);
            Assert.Equal(EventTelemetry.LatencyBuckets, point.Bounds);
            Assert.Equal(point.Bounds.Count + 1, point.Counts.Count);
            Assert.True(point.Cumulative()[^1].Count >= 1, $"{service} counted no delivery of {topic}");
        }

        Assert.True(OtlpHistograms.Latest(world.Otlp.Exports, EventTelemetry.DeliveryHistogram, "topic", "task-events")[^1].Count >= 2, "recurring and audit each handle the creation");
    }

    [Fact]
    public async Task ADeliverysSpan_ContinuesTheTraceTheSidecarPassesOn()
    {
        var traceId = System.Diagnostics.ActivityTraceId.CreateRandom();
        var evt = new Dictionary<string, object>
        {
            ["event_id"] = Guid.NewGuid(), ["topic"] = "task-events", ["type"] = "task.created", ["user_id"] = "u_traced", ["task_id"] = 1, ["sequence"] = 1,
            ["occurred_at"] = DateTimeOffset.UtcNow, ["task"] = new Dictionary<string, object> { ["id"] = 1, ["title"] = "Traced", ["tags"] = Array.Empty<string>() },
        };
        using var audit = world.Apps["audit"].CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "events/audit") { Content = JsonContent.Create(evt) };
        request.Headers.Add("dapr-api-token", world.Sidecar.AppApiToken);
        request.Headers.Add("traceparent", $"00-{traceId.ToHexString()}-{System.Diagnostics.ActivitySpanId.CreateRandom().ToHexString()}-01");
        using var response = await audit.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var traceIdBytes = Convert.FromHexString(traceId.ToHexString());
        await WaitUntilAsync(() => Task.FromResult(world.Otlp.Of("traces", "todo-audit", "task-events process").Any(e => e.Body.AsSpan().IndexOf(traceIdBytes) >= 0)));
        Assert.Contains(world.Otlp.Of("traces", "todo-audit", "task-events process"), e => e.Body.AsSpan().IndexOf(traceIdBytes) >= 0);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
