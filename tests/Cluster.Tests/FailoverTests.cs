using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using TodoGrains.Silo.Migrations;

namespace TodoGrains.Cluster.Tests;

/// <summary>
/// Three real silo processes in the cluster shape on loopback, sharing PostgreSQL, with the product's own failure
/// detection settings. One dies (SIGKILL) or hangs (SIGSTOP) while a bounded client loop writes through a balancer
/// that probes readiness as kubelet does; every acknowledged write must survive, the cluster must be serving again
/// within seconds, a live silo must refuse only with 503 and Retry-After, and reminders the lost silo owned must
/// still fire.
/// </summary>
public sealed class FailoverTests : IAsyncLifetime
{
    private const int Users = 12;
    private readonly List<SiloProcess> _silos = [];
    private string _database = "";
    private readonly List<(int Status, bool RetryAfter)> _refusals = [];
    private int _next;

    // What a Service's endpoints would hold: the silos whose readiness probe last passed.
    private bool[] _ready = [];

    // A balancer's upstream timeout: a request to a hung silo fails after this instead of hanging the loop.
    private static readonly TimeSpan UpstreamTimeout = TimeSpan.FromSeconds(5);

    public async ValueTask InitializeAsync()
    {
        _database = await PostgresServer.CreateDatabaseAsync();
        await new PostgresMigrator(_database, NullLogger.Instance).MigrateAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            // A silo left hung by a failed assertion: resumed, it hears SIGTERM again.
            await silo.SignalAsync("CONT");
            await silo.DisposeAsync();
        }

        await PostgresServer.DropDatabaseAsync(_database);
    }

    [Theory]
    [InlineData("KILL")]
    // A hung silo keeps its sockets open: declared dead only because the cluster caps the probe timeout (docs/cluster.md).
    [InlineData("STOP")]
    public async Task LosingOneOfThreeSilos_LosesNoAcknowledgedWrite_ServesAgainInSeconds_AndItsRemindersStillFire(string signal)
    {
        var ct = TestContext.Current.CancellationToken;
        // Timestamped logs, membership's included: a failure names the moment, the silo and what each live silo saw.
        var settings = ClusterSettings.For(_database, "failover", new Dictionary<string, string>
        {
            // Without a formatter named, the console logger reads only its own obsolete options, not FormatterOptions.
            ["Logging:Console:FormatterName"] = "simple",
            ["Logging:Console:FormatterOptions:TimestampFormat"] = "HH:mm:ss.fff ",
            ["Logging:Console:FormatterOptions:UseUtcTimestamp"] = "true",
            ["Logging:LogLevel:Orleans.Runtime.MembershipService"] = "Information",
        });
        // Each silo with a certificate of its own from the cluster's authority: silo-to-silo traffic is mutual TLS.
        using var certificates = new ClusterCertificates(Path.Combine(Path.GetTempPath(), "todo-grains-tests", Guid.NewGuid().ToString("N")));
        for (var i = 0; i < 3; i++)
        {
            var silo = new SiloProcess(settings: new Dictionary<string, string>(settings.Concat(certificates.SettingsFor($"silo-{i}"))));
            _silos.Add(silo);
            await silo.StartAsync();
        }

        var clients = _silos.Select(s => s.CreateClient()).ToArray();
        _ready = [true, true, true];
        using var probing = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var probes = Enumerable.Range(0, 3).Select(i => ProbeReadinessAsync(i, probing.Token)).ToArray();
        var users = new List<ApiClient>();
        for (var i = 0; i < Users; i++)
        {
            users.Add(await ApiClient.RegisterAsync(clients[i % 3], "UTC"));
        }

        // One reminder per person, due after the kill: wherever its owner lands on the ring, it must fire.
        var remindAt = DateTimeOffset.UtcNow.AddSeconds(30);
        foreach (var user in users)
        {
            await user.CreateAsync($$"""{"title":"Reminder of {{user.UserName}}","remind_at":"{{remindAt:yyyy-MM-dd'T'HH:mm:ss.fffffffzzz}}"}""");
        }

        var acknowledged = new Dictionary<(string User, int Id), string>();
        var completed = new HashSet<(string User, int Id)>();
        var failures = new List<(DateTime At, string What)>();
        var killedAt = DateTime.MinValue;
        var clock = Stopwatch.StartNew();
        for (var op = 0; op < 4000 && clock.Elapsed < TimeSpan.FromSeconds(30); op++)
        {
            if (killedAt == DateTime.MinValue && clock.Elapsed > TimeSpan.FromSeconds(3))
            {
                await _silos[1].SignalAsync(signal);
                killedAt = DateTime.UtcNow;
            }

            var user = users[op % Users];
            var completing = op % 3 == 2 && acknowledged.Keys.Any(k => k.User == user.UserId && !completed.Contains(k));
            var target = completing ? acknowledged.Keys.First(k => k.User == user.UserId && !completed.Contains(k)) : default;
            var title = $"op {op}";
            var (ok, body, what) = await SendToAnyAsync(clients, user, completing
                ? new HttpRequestMessage(HttpMethod.Patch, $"api/{user.UserId}/tasks/{target.Id}/complete")
                : new HttpRequestMessage(HttpMethod.Post, $"api/{user.UserId}/tasks") { Content = new StringContent($$"""{"title":"{{title}}"}""", Encoding.UTF8, "application/json") });
            if (!ok)
            {
                failures.Add((DateTime.UtcNow, what));
            }
            else if (completing)
            {
                completed.Add(target);
            }
            else
            {
                acknowledged[(user.UserId, body!["id"]!.GetValue<int>())] = title;
            }
        }

        await probing.CancelAsync();
        await Task.WhenAll(probes);
        var window = failures.Count == 0 ? TimeSpan.Zero : failures.Max(f => f.At) - killedAt;
        var failed = $"SIG{signal} at {killedAt:HH:mm:ss.fff}; failures: " + string.Join(", ", failures.Select(f => $"{(f.At - killedAt).TotalSeconds:0.0} s ({f.At:HH:mm:ss.fff}, {f.What})"));
        TestContext.Current.TestOutputHelper?.WriteLine(failed + "; refusals " + string.Join(", ", _refusals.Select(r => r.Status)));
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"SIG{signal}: {acknowledged.Count} writes and {completed.Count} completions acknowledged; {failures.Count} requests failed, the last {window.TotalSeconds:0.0} s after the signal.");
        Assert.NotEqual(DateTime.MinValue, killedAt);
        Assert.True(acknowledged.Count > 50, $"only {acknowledged.Count} writes went through");
        Assert.True(failures.All(f => f.At >= killedAt), "requests failed before any silo was lost: " + failed);
        // Seconds, not the minute Orleans' defaults took (a hung silo's grains came back after about 65 s).
        Assert.True(window < TimeSpan.FromSeconds(20), $"requests still failed {window.TotalSeconds:0.0} s after SIG{signal}. {failed}\n{LiveSilosLogs()}");
        // A live silo that cannot reach the dead one's grains says so: 503 with Retry-After, never a 500.
        Assert.All(_refusals, r => Assert.True(r.Status == 503 && r.RetryAfter, $"a live silo answered {r.Status} (Retry-After: {r.RetryAfter}); its logged errors:\n{UnexpectedErrors()}"));
        TestContext.Current.TestOutputHelper?.WriteLine($"{_refusals.Count} requests were answered 503 by a live silo.");

        // Every acknowledged write is there, as acknowledged, read through a surviving silo.
        var survivor = clients[0];
        foreach (var user in users)
        {
            var reader = new ApiClient(survivor, user.UserId, user.Token, user.UserName);
            var list = await reader.ListAsync("?limit=500");
            var tasks = list["items"]!.AsArray().ToDictionary(t => t!["id"]!.GetValue<int>(), t => t!.AsObject());
            foreach (var ((owner, id), title) in acknowledged.Where(a => a.Key.User == user.UserId))
            {
                Assert.True(tasks.ContainsKey(id), $"acknowledged task {id} of {owner} is missing");
                Assert.Equal(title, tasks[id]["title"]!.GetValue<string>());
                if (completed.Contains((owner, id)))
                {
                    Assert.Equal("completed", tasks[id]["status"]!.GetValue<string>());
                }
            }
        }

        // The reminders, including those the killed silo owned, fire.
        var deadline = DateTime.UtcNow.AddSeconds(120);
        var pending = users.ToList();
        while (pending.Count > 0 && DateTime.UtcNow < deadline)
        {
            foreach (var user in pending.ToList())
            {
                var reader = new ApiClient(survivor, user.UserId, user.Token, user.UserName);
                if ((await reader.GetTaskAsync(1))["reminded_at"] is not null)
                {
                    pending.Remove(user);
                }
            }

            await Task.Delay(500, ct);
        }

        Assert.True(pending.Count == 0, $"{pending.Count} of {Users} reminders did not fire:\n{_silos[0].Output[^Math.Min(_silos[0].Output.Length, 4000)..]}");

        // A hung silo is still there: SIGTERM would wait for it forever.
        await _silos[1].KillAsync();
    }

    // The end of what the live silos logged, timestamped in UTC like the failures.
    private string LiveSilosLogs() => string.Join("\n", new[] { 0, 2 }.Select(i =>
    {
        var output = _silos[i].Output;
        return $"silo {i}:\n{output[^Math.Min(output.Length, 6000)..]}";
    }));

    // What the live silos logged as unhandled (the API's 500s), to name the exception a refusal came from.
    private string UnexpectedErrors() => string.Join("\n", new[] { _silos[0], _silos[2] }.SelectMany(silo =>
    {
        var lines = silo.Output.Split('\n');
        return lines.Select((line, i) => (line, i)).Where(l => l.line.Contains("Unhandled exception", StringComparison.Ordinal))
            .Select(l => string.Join("\n", lines.Skip(l.i).Take(12)));
    }));

    // kubelet's readiness probe as the chart sets it: every 3 s, 2 s to answer, out after 2 failures, back after 1 pass.
    // The period runs from one probe's start to the next, as kubelet's does, so a hung silo is out within about 8 s.
    private async Task ProbeReadinessAsync(int silo, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = _silos[silo].BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var failed = 0;
        while (!ct.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var response = await http.GetAsync(new Uri("health/ready", UriKind.Relative), ct);
                failed = response.IsSuccessStatusCode ? 0 : failed + 1;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                failed++;
            }

            _ready[silo] = failed < 2;
            try
            {
                var rest = TimeSpan.FromSeconds(3) - Stopwatch.GetElapsedTime(started);
                await Task.Delay(rest > TimeSpan.Zero ? rest : TimeSpan.Zero, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    // Round-robin over the ready silos, moving on when one does not answer: what a Service behind a balancer does.
    private async Task<(bool Ok, JsonObject? Body, string What)> SendToAnyAsync(HttpClient[] clients, ApiClient user, HttpRequestMessage template)
    {
        var payload = template.Content is null ? null : await template.Content.ReadAsStringAsync();
        for (var attempt = 0; attempt < clients.Length; attempt++)
        {
            var index = _next++ % clients.Length;
            if (!_ready[index])
            {
                continue;
            }

            var client = clients[index];
            using var request = new HttpRequestMessage(template.Method, template.RequestUri);
            request.Headers.Authorization = new("Bearer", user.Token);
            if (payload is not null)
            {
                request.Content = new StringContent(payload, Encoding.UTF8, "application/json");
            }

            using var upstream = new CancellationTokenSource(UpstreamTimeout);
            try
            {
                using var response = await client.SendAsync(request, upstream.Token);
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created)
                {
                    return (true, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject(), "");
                }

                // A 5xx from a live silo (a grain call into the dead one) is a failed request, not a reason to retry elsewhere.
                _refusals.Add(((int)response.StatusCode, response.Headers.RetryAfter is not null));
                return (false, null, $"silo {index} answered {(int)response.StatusCode}");
            }
            catch (HttpRequestException)
            {
                // Connection refused: that silo is down, try the next.
            }
            catch (TaskCanceledException)
            {
                return (false, null, $"silo {index} did not answer {template.Method} {template.RequestUri} within {UpstreamTimeout.TotalSeconds:0} s");
            }
        }

        return (false, null, "no ready silo accepted the connection");
    }
}
