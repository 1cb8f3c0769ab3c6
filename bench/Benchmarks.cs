using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using TodoGrains.Bench.Calibration;
using TodoGrains.Contracts.Telemetry;
using TodoGrains.TestSupport;

namespace TodoGrains.Bench;

/// <summary>
/// The seven figures, each measured over several bounded runs against one running host, or a cluster of silos: then
/// the requests go to the silos in turn, as a Service's many connections spread them, and the silos' metrics, memory
/// and CPU are summed.
/// </summary>
public sealed class Benchmarks(IReadOnlyList<SiloProcess> silos, BenchOptions options, byte[] signingKey, Action<string> log) : IDisposable
{
    private readonly List<HttpClient> _https = silos.Select(s => NewClient(s.BaseAddress)).ToList();
    private int _next;

    private static HttpClient NewClient(Uri address) => new(new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
    {
        BaseAddress = address,
        Timeout = TimeSpan.FromSeconds(60),
    };

    /// <summary>The silos' /metrics, each series summed over the cluster.</summary>
    public Metrics Metrics => new(_https);

    // The next silo in turn.
    private HttpClient Next() => _https[(int)((uint)Interlocked.Increment(ref _next) % _https.Count)];

    // The event topics, as the event path reports them.
    private static readonly string[] Topics = ["task-events", "reminders", "task-updates"];

    // Measured with the API figures; the chat's throughput is judged against them when both run.
    private Ceilings? _ceilings;

    public void Dispose() => _https.ForEach(http => http.Dispose());

    /// <summary>With <c>--dapr</c>: the sidecar, the edge services and their telemetry; the event path is theirs.</summary>
    public DaprWorld? World { get; init; }

    // Where a browser's live updates come from: the sync service in the Dapr shape, the silo's own hub otherwise.
    private Uri Hub => World?.Apps["sync"].BaseAddress ?? silos[0].BaseAddress;

    public List<Figure> Figures { get; } = [];

    public Dictionary<string, object> Raw { get; } = [];

    private int Users => options.Smoke ? 10 : 100;

    private int Runs => options.Smoke ? 1 : 3;

    private TimeSpan RunLength => options.Smoke ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(8);

    public async Task ApiAsync()
    {
        log($"1. task API: {Users} users with 50 tasks each");
        var users = await RegisterManyAsync(Users);
        await Parallel.ForEachAsync(users, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (user, _) =>
        {
            for (var i = 0; i < 50; i++)
            {
                await PostAsync(user, "tasks", $$"""{"title":"Task {{i}}","priority":"{{(i % 3 == 0 ? "high" : "low")}}","due":"2030-01-{{(i % 28) + 1:00}}"}""");
            }
        });

        const string List = "tasks?limit=50&status=all";
        const string Create = """{"title":"Load","tags":["bench"]}""";
        // A client that holds its list already asks with the list's tag: 304 and no body while nothing changed.
        var tags = new ConcurrentDictionary<string, string>();
        foreach (var user in users)
        {
            using var first = await SendAsync(user, HttpMethod.Get, List);
            tags[user.UserId] = first.Headers.ETag!.Tag;
        }

        await using var rig = await CeilingRig.OpenAsync(this, users[0], signingKey, log, options.Postgres);
        log("0. calibration: every run of a figure right after a run of its ceiling with the same users and loops (what the product cannot beat), so a slow spell of the machine weighs on both");
        var ceilings = _ceilings = new Ceilings([], [], [], [], [], []);
        var ceilingFigures = Figures.Count;
        foreach (var (label, writeShare) in new[] { ("list 50", 0.0), ("list 50 unchanged, If-None-Match", 0.0), ("80/20", 0.2), ("writes", 1.0) })
        {
            var revalidate = label.Contains("If-None-Match", StringComparison.Ordinal);
            var creates = writeShare >= 1;
            var throughput = new List<double>();
            var p50 = new List<double>();
            var p99 = new List<double>();
            var p999 = new List<double>();
            var cpu = new List<CpuShare>();
            var ceiling = new List<double>();
            var ceilingP99 = new List<double>();
            var ceilingCpu = new List<double>();
            // Run 0 is not counted: the first seconds after the 5,000 set-up writes ran a third slower in every
            // full run (their events still draining, the new users' grains settling).
            for (var run = options.Smoke ? 1 : 0; run <= Runs; run++)
            {
                // The ceiling of this figure, then the figure: a minimal create for the creates, a minimal list for the
                // rest; the list also against the host's own /health/live, the creates against the storage alone.
                var hostCpuBefore = rig.Cpu();
                var (minimal, minimalLatencies) = await LoadAsync(users, run, (user, _) => creates
                    ? SendAsync(user, HttpMethod.Post, "tasks", Create, via: rig.Client)
                    : SendAsync(user, HttpMethod.Get, List, via: rig.Client));
                var hostCpu = (rig.Cpu() - hostCpuBefore) / minimalLatencies.Count;
                var health = label == "list 50" ? (await LoadAsync(users, run, (_, _) => Next().GetAsync(new Uri("health/live", UriKind.Relative)))).Rate : (double?)null;
                var writes = creates ? await RawWritesAsync(rig.Raw) : (double?)null;

                // The mix's writes change the user's tasks, so every list is of the 50 tasks the figure is about
                // (creates would grow the lists to hundreds within the runs); "writes" creates.
                var cpuBefore = ReadCpu();
                var (rate, all) = await LoadAsync(users, run, (user, random) => random.NextDouble() >= writeShare
                    ? SendAsync(user, HttpMethod.Get, List, ifNoneMatch: revalidate ? tags[user.UserId] : null)
                    : !creates
                        ? SendAsync(user, HttpMethod.Patch, $"tasks/{random.Next(1, 51)}", $$"""{"title":"Load {{random.Next(1000)}}"}""")
                        : SendAsync(user, HttpMethod.Post, "tasks", Create));
                var ceilingLine = string.Create(CultureInfo.InvariantCulture,
                    $"{(creates ? "minimal create" : "minimal list")} {minimal:0} req/s (p99 {Percentile.Of(minimalLatencies, 99):0.0} ms, CPU {hostCpu:0} µs per request){(health is { } h ? $", /health/live {h:0} req/s" : "")}{(writes is { } w ? $", raw storage writes {w:0}/s" : "")}");
                if (run == 0)
                {
                    log(string.Create(CultureInfo.InvariantCulture, $"   {label} settling run, not counted: {rate:0} req/s; ceiling: {ceilingLine}"));
                    continue;
                }

                throughput.Add(rate);
                cpu.Add((ReadCpu() - cpuBefore) / all.Count);
                (var a, var b, var c) = (Percentile.Of(all, 50), Percentile.Of(all, 99), Percentile.Of(all, 99.9));
                p50.Add(a);
                p99.Add(b);
                p999.Add(c);
                ceiling.Add(minimal);
                ceilingP99.Add(Percentile.Of(minimalLatencies, 99));
                ceilingCpu.Add(hostCpu);
                if (health is { } live)
                {
                    ceilings.Health.Add(live);
                }

                if (writes is { } raw)
                {
                    ceilings.Writes.Add(raw);
                }

                log(string.Create(CultureInfo.InvariantCulture, $"   {label} run {run}: {rate:0} req/s, p50 {a:0.0} ms, p99 {b:0.0} ms, p99.9 {c:0.0} ms; CPU per request: {cpu[^1]}; ceiling just before: {ceilingLine}"));
            }

            (creates ? ceilings.Create : ceilings.List).AddRange(ceiling);
            (creates ? ceilings.CreateP99 : ceilings.ListP99).AddRange(ceilingP99);
            Figures.Add(Figure.Of($"1. API {label} throughput", "req/s", throughput));
            Figures.Add(Figure.Of($"1. API {label} p50", "ms", p50));
            Figures.Add(Figure.Of($"1. API {label} p99", "ms", p99));
            Figures.Add(Figure.Of($"1. API {label} p99.9", "ms", p999));
            Figures.Add(Figure.Of($"1. API {label}, silo CPU per request", "µs", cpu.Select(c => c.Silos).ToList()));
            if (options.Postgres is not null)
            {
                Figures.Add(Figure.Of($"1. API {label}, PostgreSQL CPU per request", "µs", cpu.Select(c => c.Postgres).ToList()));
            }

            if (World is not null)
            {
                Figures.Add(Figure.Of($"1. API {label}, edge services' CPU per request (while the run lasted)", "µs", cpu.Select(c => c.Edge).ToList()));
            }
            switch (label)
            {
                case "list 50":
                    Figures.Add(Figure.Ratio("1. list 50 ÷ minimal list", throughput, ceiling, "≥ 60 %", 60));
                    Figures.Add(Figure.Times("1. list 50 p99 ÷ minimal list p99", p99, ceilingP99, 3));
                    Figures.Add(Figure.Ratio("1. list 50 ÷ the host's /health/live", throughput, ceilings.Health));
                    Figures.Add(Figure.Times("1. list 50, silo CPU per request ÷ minimal list's", cpu.Select(c => c.Silos).ToList(), ceilingCpu));
                    break;
                case "list 50 unchanged, If-None-Match":
                    Figures.Add(Figure.Ratio("1. list 50 unchanged (304) ÷ minimal list", throughput, ceiling));
                    break;
                case "80/20":
                    Figures.Add(Figure.Ratio("1. 80/20 mix ÷ minimal list", throughput, ceiling));
                    break;
                default:
                    Figures.Add(Figure.Ratio("1. creates ÷ minimal create", throughput, ceiling, "≥ 50 %", 50));
                    Figures.Add(Figure.Times("1. creates p99 ÷ minimal create p99", p99, ceilingP99, 3));
                    Figures.Add(Figure.Times("1. creates, silo CPU per request ÷ minimal create's", cpu.Select(c => c.Silos).ToList(), ceilingCpu));
                    Figures.Add(Figure.Ratio($"1. creates ÷ raw {(options.Postgres is null ? "group-commit writer" : "PostgreSQL inserts")}", throughput, ceilings.Writes));
                    break;
            }
        }

        // The ceilings over every run they were paired with, first in the table.
        Figures.InsertRange(ceilingFigures,
        [
            Figure.Of("0. ceiling: the host's /health/live", "req/s", ceilings.Health),
            Figure.Of("0. ceiling: minimal list, same 50-task JSON and token check", "req/s", ceilings.List),
            Figure.Of("0. ceiling: minimal list p99", "ms", ceilings.ListP99),
            Figure.Of("0. ceiling: minimal create, same token, one raw 1 KB write", "req/s", ceilings.Create),
            Figure.Of("0. ceiling: minimal create p99", "ms", ceilings.CreateP99),
            Figure.Of(options.Postgres is null ? "0. ceiling: raw group-commit writer, 1 KB upserts" : "0. ceiling: raw PostgreSQL inserts, 1 KB", "writes/s", ceilings.Writes),
        ]);
        Raw["api_users"] = users.Count;
    }

    // The calibration's parts, open while the API figures run: the minimal host in a process of its own answering the
    // very list the silo answered, the raw writer on the shape's storage, and a client for the host.
    private sealed class CeilingRig : IAsyncDisposable
    {
        private readonly System.Diagnostics.Process _host;
        private readonly string _body;

        private CeilingRig(System.Diagnostics.Process host, string body, RawWriter raw, HttpClient client) => (_host, _body, Raw, Client) = (host, body, raw, client);

        public RawWriter Raw { get; }

        public HttpClient Client { get; }

        /// <summary>The CPU the minimal host has used so far, in µs.</summary>
        public double Cpu() => CpuTime.Of([_host.Id]).TotalMicroseconds;

        public static async Task<CeilingRig> OpenAsync(Benchmarks bench, ApiClient user, byte[] signingKey, Action<string> log, string? postgres)
        {
            var body = Path.Combine(Path.GetTempPath(), $"todo-grains-bench-list-{Guid.NewGuid():N}.json");
            using (var sample = await bench.SendAsync(user, HttpMethod.Get, "tasks?limit=50&status=all"))
            {
                var bytes = await sample.Content.ReadAsByteArrayAsync();
                await File.WriteAllBytesAsync(body, bytes);
                log($"   the list the silo and the minimal host both answer: {bytes.Length:N0} bytes of JSON");
                bench.Raw["list_50_bytes"] = bytes.Length;
            }

            var port = CeilingHost.FreePort();
            var host = await CeilingHost.StartAsync(port, signingKey, body, postgres);
            return new CeilingRig(host, body, await RawWriter.OpenAsync(postgres), NewClient(new Uri($"http://127.0.0.1:{port}/")));
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await Raw.DisposeAsync();
            _host.Kill();
            await _host.WaitForExitAsync();
            _host.Dispose();
            File.Delete(_body);
        }
    }

    // CPU the silos, PostgreSQL and the edge services have used so far, in µs; divided by the requests of a run,
    // what one request costs each of them.
    private CpuShare ReadCpu() => new(
        CpuTime.Of(silos.Select(s => s.ProcessId)).TotalMicroseconds,
        options.Postgres is null ? 0 : CpuTime.Of(CpuTime.Postgres()).TotalMicroseconds,
        World is null ? 0 : CpuTime.Of(World.Apps.Values.Select(a => a.ProcessId)).TotalMicroseconds);

    private sealed record CpuShare(double Silos, double Postgres, double Edge)
    {
        public static CpuShare operator -(CpuShare after, CpuShare before) => new(after.Silos - before.Silos, after.Postgres - before.Postgres, after.Edge - before.Edge);

        public static CpuShare operator /(CpuShare total, int requests) => new(total.Silos / requests, total.Postgres / requests, total.Edge / requests);

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"silo {Silos:0} µs, PostgreSQL {Postgres:0} µs, edge {Edge:0} µs");
    }

    private sealed record Ceilings(List<double> Health, List<double> List, List<double> Create, List<double> Writes, List<double> ListP99, List<double> CreateP99);

    // The storage alone, with the load's concurrency: one closed loop of raw writes per user.
    private async Task<double> RawWritesAsync(RawWriter raw)
    {
        var count = 0L;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Users).Select(writer => Task.Run(async () =>
        {
            for (var n = 0L; clock.Elapsed < RunLength; n++)
            {
                await raw.WriteAsync($"raw/{writer}", n);
                Interlocked.Increment(ref count);
            }
        })));
        return count / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Every user a closed loop for the run's length: the rate over all of them, and every request's latency.</summary>
    private async Task<(double Rate, List<double> Latencies)> LoadAsync(List<ApiClient> users, int run, Func<ApiClient, Random, Task<HttpResponseMessage>> send)
    {
        var latencies = new ConcurrentBag<double>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(users.Select((user, index) => Task.Run(async () =>
        {
            var random = new Random((index * 7919) + run);
            while (clock.Elapsed < RunLength)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await send(user, random);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!response.IsSuccessStatusCode && response.StatusCode != System.Net.HttpStatusCode.NotModified)
                {
                    throw new InvalidOperationException($"{(int)response.StatusCode} under load");
                }
            }
        })));
        return (latencies.Count / clock.Elapsed.TotalSeconds, latencies.ToList());
    }

    public async Task LiveUpdatesAsync()
    {
        log($"3. live updates: {Users} users, each with an open hub connection, changing their tasks");
        var users = await RegisterManyAsync(Users);
        var clients = await Task.WhenAll(users.Select(u => SyncClient.ConnectAsync(Hub, u.Token)));
        foreach (var user in users)
        {
            await PostAsync(user, "tasks", """{"title":"Live"}""");
        }

        var p50 = new List<double>();
        var p95 = new List<double>();
        var p99 = new List<double>();
        for (var run = 0; run < Runs; run++)
        {
            var samples = new ConcurrentBag<double>();
            await Task.WhenAll(users.Select((user, i) => Task.Run(async () =>
            {
                for (var n = 0; n < (options.Smoke ? 3 : 10); n++)
                {
                    var title = $"Live {run}-{n}";
                    var before = clients[i].Received.Count;
                    var sent = DateTimeOffset.UtcNow;
                    using var response = await SendAsync(user, HttpMethod.Patch, "tasks/1", $$"""{"title":"{{title}}"}""");
                    var deadline = DateTime.UtcNow.AddSeconds(10);
                    while (DateTime.UtcNow < deadline)
                    {
                        var hit = clients[i].Received.Skip(before).FirstOrDefault(r => r.Method == "TaskChanged" && r.Payload.GetProperty("task").GetProperty("title").GetString() == title);
                        if (hit.Method is not null)
                        {
                            samples.Add((hit.At - sent).TotalMilliseconds);
                            break;
                        }

                        await Task.Delay(1);
                    }
                }
            })));
            var all = samples.ToList();
            p50.Add(Percentile.Of(all, 50));
            p95.Add(Percentile.Of(all, 95));
            p99.Add(Percentile.Of(all, 99));
            log(string.Create(CultureInfo.InvariantCulture, $"   run {run + 1}: {all.Count} updates, p50 {p50[^1]:0.0} ms, p95 {p95[^1]:0.0} ms, p99 {p99[^1]:0.0} ms"));
        }

        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }

        Figures.Add(Figure.Of("3. live update p50", "ms", p50));
        Figures.Add(Figure.Of("3. live update p95", "ms", p95, "≤ 1 s (promise)", v => v <= 1000));
        Figures.Add(Figure.Of("3. live update p99", "ms", p99));
    }

    public async Task RemindersAsync()
    {
        var count = options.Smoke ? 20 : 1000;
        var spread = options.Smoke ? TimeSpan.FromSeconds(3) : TimeSpan.FromSeconds(60);
        log($"4. reminders: {count} due over {spread.TotalSeconds:0} s");
        var users = await RegisterManyAsync(Users);
        var p50 = new List<double>();
        var p99 = new List<double>();
        var max = new List<double>();
        for (var run = 0; run < (options.Smoke ? 1 : Runs); run++)
        {
            var before = await Metrics.ReadAsync();
            var start = DateTimeOffset.UtcNow.AddSeconds(5);
            await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
            {
                var at = start + (spread * i / count);
                await PostAsync(users[i % users.Count], "tasks", $$"""{"title":"Remind {{run}}-{{i}}","remind_at":"{{at:yyyy-MM-dd'T'HH:mm:ss.fffzzz}}"}""");
            });
            var deadline = start + spread + TimeSpan.FromSeconds(60);
            Dictionary<string, double> after;
            do
            {
                await Task.Delay(1000);
                after = await Metrics.ReadAsync();
            }
            while (Metrics.Sum(after, "todo_reminders_fired_total") - Metrics.Sum(before, "todo_reminders_fired_total") < count && DateTimeOffset.UtcNow < deadline);

            var buckets = Metrics.Buckets(before, after, "todo_reminders_lateness_seconds");
            p50.Add(Percentile.FromBuckets(buckets, 50) * 1000);
            p99.Add(Percentile.FromBuckets(buckets, 99) * 1000);
            max.Add(Percentile.FromBuckets(buckets, 100) * 1000);
            log(string.Create(CultureInfo.InvariantCulture, $"   run {run + 1}: {buckets.LastOrDefault().Count:0} fired, lateness p50 {p50[^1]:0} ms, p99 {p99[^1]:0} ms, max ≤ {max[^1]:0} ms"));
        }

        Figures.Add(Figure.Of("4. reminder lateness p50", "ms", p50));
        Figures.Add(Figure.Of("4. reminder lateness p99", "ms", p99, "≤ 1 s (promise)", v => v <= 1000));
        Figures.Add(Figure.Of("4. reminder lateness max (bucket bound)", "ms", max));
    }

    /// <summary>
    /// Where the event path's figure starts: once the warm-up's events are handled, so what the warm-up caused (first
    /// activations, JIT) is left out.
    /// </summary>
    public Task<EventPathReading> EventPathStartAsync() => EventPathReadingAsync();

    public async Task EventPathAsync(EventPathReading start)
    {
        ArgumentNullException.ThrowIfNull(start);
        log(World is null
            ? "2. event path: commit to handled, from the silo's todo.events.delivery histogram over everything above"
            : "2. event path: commit to handled through Dapr, from the edge services' todo.events.delivery histograms (OTLP) over everything above");
        var now = await EventPathReadingAsync();
        foreach (var topic in Topics)
        {
            var buckets = World is null
                ? Metrics.Buckets(start.Silos, now.Silos, "todo_events_delivery_seconds", $"topic=\"{topic}\"")
                : Since(start.Otlp.GetValueOrDefault(topic) ?? [], now.Otlp.GetValueOrDefault(topic) ?? []);
            Raw[$"event_path_{topic}_buckets"] = buckets.Select(b => new { le = b.Le, count = b.Count }).ToList();
            if (buckets.Count == 0 || buckets[^1].Count == 0)
            {
                // A run with --only that caused none (no reminders fire in the API figures): no figure rather than NaN.
                log($"   {topic}: no events in what ran");
                continue;
            }

            var (p50, p99, p999) = (Percentile.FromBuckets(buckets, 50) * 1000, Percentile.FromBuckets(buckets, 99) * 1000, Percentile.FromBuckets(buckets, 99.9) * 1000);
            log(string.Create(CultureInfo.InvariantCulture, $"   {topic}: {buckets[^1].Count:0} events, p50 {p50:0.0} ms, p99 {p99:0.0} ms, p99.9 {p999:0.0} ms"));
            Figures.Add(Figure.Of($"2. event path {topic} p50", "ms", [p50]));
            Figures.Add(Figure.Of($"2. event path {topic} p99", "ms", [p99]));
            Figures.Add(Figure.Of($"2. event path {topic} p99.9", "ms", [p999], "≤ 500 ms (promise)", v => v <= 500));
        }
    }

    public async Task GrowthAsync()
    {
        var sizes = options.Smoke ? new[] { 10, 100 } : new[] { 10, 100, 1000, 5000 };
        var writes = options.Smoke ? 20 : 500;
        log($"5. growth: write latency at {string.Join(", ", sizes)} tasks, one user each, {writes} writes each taken in turns");
        var ratios = sizes.ToDictionary(s => s, _ => new List<double>());
        var medians = sizes.ToDictionary(s => s, _ => new List<double>());
        for (var run = 0; run < Runs; run++)
        {
            var users = await RegisterManyAsync(sizes.Length);
            for (var u = 0; u < sizes.Length; u++)
            {
                for (var have = 0; have < sizes[u]; have++)
                {
                    await PostAsync(users[u], "tasks", $$"""{"title":"Grow {{have}}","tags":["grow"],"description":"A task among many, to see what a write costs"}""");
                }
            }

            // The sizes take turns, each round starting with the next one: a slow spell of the machine or the JIT's
            // later tiers weigh on every size alike, which measuring the sizes one after another did not (the first,
            // the baseline, was always the coldest). The first rounds warm every activation and are not counted.
            var warmUp = writes / 10;
            var latencies = sizes.ToDictionary(s => s, _ => new List<double>());
            for (var i = 0; i < warmUp + writes; i++)
            {
                for (var k = 0; k < sizes.Length; k++)
                {
                    var u = (i + k) % sizes.Length;
                    var started = Stopwatch.GetTimestamp();
                    using var response = await SendAsync(users[u], HttpMethod.Patch, $"tasks/{(i % 5) + 1}", $$"""{"priority":"{{(i % 2 == 0 ? "high" : "low")}}"}""");
                    if (i >= warmUp)
                    {
                        latencies[sizes[u]].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }
                }
            }

            var baseline = Percentile.Of(latencies[sizes[0]], 50);
            foreach (var size in sizes)
            {
                var median = Percentile.Of(latencies[size], 50);
                medians[size].Add(median);
                ratios[size].Add(median / baseline);
                log(string.Create(CultureInfo.InvariantCulture, $"   run {run + 1}: {size} tasks, write median {median:0.00} ms, ratio {median / baseline:0.00}"));
            }
        }

        foreach (var size in sizes)
        {
            Figures.Add(Figure.Of($"5. write at {size} tasks (median)", "ms", medians[size]));
            Figures.Add(Figure.Of($"5. write at {size} tasks / at 10", "×", ratios[size], size == sizes[^1] ? "≤ 3×" : "", size == sizes[^1] ? v => v <= 3 : null));
        }
    }

    public async Task MemoryAsync()
    {
        var grains = options.Smoke ? 20 : 300;
        log($"5. memory: {grains} more users per run, each with 100 tasks; live heap after an induced full collection, before and after");
        var heap = new List<double>();
        var rss = new List<double>();
        var stored = new List<double>();
        var payload = new List<double>();
        for (var run = 0; run < Runs; run++)
        {
            // From before the users exist, so the figure holds their grains' activations as well as their tasks.
            var (heapBefore, rssBefore) = await SettledMemoryAsync();
            var storedBefore = await GrainStateBytesAsync();
            var users = await RegisterManyAsync(grains);
            await Parallel.ForEachAsync(users, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (user, _) =>
            {
                for (var i = 0; i < 100; i++)
                {
                    await PostAsync(user, "tasks", $$"""{"title":"Memory {{i}}","tags":["mem"],"due":"2030-02-{{(i % 28) + 1:00}}"}""");
                }
            });
            var (heapAfter, rssAfter) = await SettledMemoryAsync();
            var storedAfter = await GrainStateBytesAsync();
            stored.Add((storedAfter.Stored - storedBefore.Stored) / 1024.0 / grains);
            payload.Add((storedAfter.Payload - storedBefore.Payload) / 1024.0 / grains);
            heap.Add((heapAfter - heapBefore) / 1024.0 / grains);
            rss.Add((rssAfter - rssBefore) / 1024.0 / grains);
            log(string.Create(CultureInfo.InvariantCulture, $"   run {run + 1}: live heap +{(heapAfter - heapBefore) / 1048576.0:0.0} MB ({heap[^1]:0.0} KB per user), RSS +{(rssAfter - rssBefore) / 1048576.0:0.0} MB ({rss[^1]:0.0} KB per user){(options.Postgres is null ? "" : $", grain state +{payload[^1]:0.0} KB per user ({stored[^1]:0.0} KB as stored)")}"));
        }

        Figures.Add(Figure.Of("5. memory per active user, 100 tasks (live heap)", "KB", heap, "≤ 35 KB", v => v <= 35));
        Figures.Add(Figure.Of("5. memory per active user, 100 tasks (RSS, noisy)", "KB", rss));
        if (options.Postgres is not null)
        {
            Figures.Add(Figure.Of("5. PostgreSQL per user, 100 tasks (grain-state payload)", "KB", payload));
            Figures.Add(Figure.Of("5. PostgreSQL per user, 100 tasks (grain-state rows as stored, compressed)", "KB", stored));
        }
    }

    // The grain state in PostgreSQL: the serialised payloads, and the rows as stored (pg_column_size: header, keys and
    // the payload after PostgreSQL's own compression, which the benchmark's repetitive titles flatter). Both leave out
    // indexes, page fill and dead rows: the file's size before and after mixes those with free space that earlier churn
    // left for reuse, and moved by anything from 0.5 to 16 KB per user. Zero in the embedded shape.
    private async Task<(long Payload, long Stored)> GrainStateBytesAsync()
    {
        if (options.Postgres is null)
        {
            return (0, 0);
        }

        await using var connection = new Npgsql.NpgsqlConnection(options.Postgres);
        await connection.OpenAsync();
        await using var size = new Npgsql.NpgsqlCommand(
            "SELECT coalesce(sum(octet_length(s.payload)), 0)::bigint, coalesce(sum(pg_column_size(s.*)), 0)::bigint FROM orleans_storage s", connection);
        await using var reader = await size.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    // The silo's live heap once the events the writes caused are handled: waits until the delivered-event count
    // stops moving, then induces a full blocking collection and takes the bytes that survived it.
    private async Task<(double Heap, double Rss)> SettledMemoryAsync()
    {
        await EventsHandledAsync();
        var live = 0L;
        foreach (var silo in silos)
        {
            live += await FullCollection.LiveBytesAsync(silo.ProcessId);
        }

        return (live, silos.Sum(Rss));
    }

    // Until the events the requests so far caused are handled: the silos' delivered count stops moving and, through
    // Dapr (where the silos deliver nothing themselves), the sidecar is idle.
    private async Task EventsHandledAsync()
    {
        var delivered = -1.0;
        for (var i = 0; i < 60; i++)
        {
            var now = Metrics.Sum(await Metrics.ReadAsync(), "todo_events_delivery_seconds_count");
            if (now == delivered)
            {
                break;
            }

            delivered = now;
            await Task.Delay(500);
        }

        if (World is { } world)
        {
            // Through Dapr the silos deliver nothing themselves: the events are handled once the sidecar is idle.
            await world.Sidecar.WaitForIdleAsync(TimeSpan.FromSeconds(120));
        }
    }

    // The delivery histograms once the events so far are handled: the silos' series and, through Dapr, each topic's
    // buckets from the edge services' latest exports (one more export from each, every 500 ms, after the last delivery).
    private async Task<EventPathReading> EventPathReadingAsync()
    {
        await EventsHandledAsync();
        if (World is not { } world)
        {
            return new EventPathReading(await Metrics.ReadAsync(), []);
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
        return new EventPathReading(await Metrics.ReadAsync(), Topics.ToDictionary(t => t, t => OtlpHistograms.Latest(world.Otlp.Exports, EventTelemetry.DeliveryHistogram, "topic", t)));
    }

    // Cumulative buckets since an earlier reading of the same series (empty: since the start).
    private static List<(double Le, double Count)> Since(IReadOnlyList<(double Le, double Count)> before, IReadOnlyList<(double Le, double Count)> after) =>
        after.Select((b, i) => (b.Le, b.Count - (i < before.Count ? before[i].Count : 0))).ToList();

    /// <summary>A few seconds of every kind of request, discarded: JIT tiering and first activations out of the figures.</summary>
    public async Task WarmUpAsync()
    {
        var length = options.Smoke ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(5);
        log($"warm-up: {length.TotalSeconds:0} s of lists, creates, updates and chat turns, not counted");
        var users = await RegisterManyAsync(20);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(users.Select(user => Task.Run(async () =>
        {
            for (var n = 0; clock.Elapsed < length; n++)
            {
                await PostAsync(user, "tasks", """{"title":"Warm","tags":["warm"]}""");
                using var list = await SendAsync(user, HttpMethod.Get, "tasks?limit=50&status=all");
                using var patch = await SendAsync(user, HttpMethod.Patch, "tasks/1", $$"""{"title":"Warm {{n}}"}""");
                using var chat = await SendAsync(user, HttpMethod.Post, "chat", """{"message":"add buy milk tomorrow at 5pm"}""");
            }
        })));
    }

    public async Task ChatAsync()
    {
        string[] commands =
        [
            "add buy milk tomorrow at 5pm #home", "what's due this week", "add pay rent on the 1st of every month at 9am, high priority",
            "complete the milk one", "anything about rent", "show my high priority stuff sorted by due date",
            "every monday at 9 we have standup, remind me 15 minutes before", "push everything due today to tomorrow",
        ];
        log($"6. chat: offline interpreter, {Users} users, {commands.Length} commands each; at a person's pace (0.5–1.5 s between turns), then back to back");
        foreach (var paced in new[] { true, false })
        {
            var p50 = new List<double>();
            var p95 = new List<double>();
            var rate = new List<double>();
            for (var run = 0; run < Runs; run++)
            {
                var users = await RegisterManyAsync(Users);
                var samples = new ConcurrentBag<double>();
                var clock = Stopwatch.StartNew();
                await Task.WhenAll(users.Select((user, index) => Task.Run(async () =>
                {
                    var random = new Random((index * 7919) + run);
                    // At a person's pace one conversation of the commands; back to back, new conversations of them
                    // for the run's length.
                    for (var round = 0; round == 0 || (!paced && clock.Elapsed < RunLength); round++)
                    {
                        string? conversation = null;
                        foreach (var command in commands)
                        {
                            if (paced)
                            {
                                await Task.Delay(TimeSpan.FromMilliseconds(500 + random.Next(1000)));
                            }

                            var body = conversation is null ? $$"""{"message":"{{command}}"}""" : $$"""{"message":"{{command}}","conversation_id":"{{conversation}}"}""";
                            var started = Stopwatch.GetTimestamp();
                            using var response = await SendAsync(user, HttpMethod.Post, "chat", body);
                            samples.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                            if (!response.IsSuccessStatusCode)
                            {
                                throw new InvalidOperationException($"chat: {(int)response.StatusCode} under load");
                            }

                            conversation ??= (await response.Content.ReadFromJsonAsync<JsonObject>())!["conversation_id"]!.GetValue<string>();
                        }
                    }
                })));
                var all = samples.ToList();
                p50.Add(Percentile.Of(all, 50));
                p95.Add(Percentile.Of(all, 95));
                rate.Add(all.Count / clock.Elapsed.TotalSeconds);
                log(string.Create(CultureInfo.InvariantCulture, $"   {(paced ? "paced" : "back to back")} run {run + 1}: {all.Count} turns, {rate[^1]:0} turns/s, p50 {p50[^1]:0.0} ms, p95 {p95[^1]:0.0} ms"));
            }

            if (paced)
            {
                Figures.Add(Figure.Of("6. chat turn p50, 100 people chatting", "ms", p50));
                Figures.Add(Figure.Of("6. chat turn p95, 100 people chatting", "ms", p95, "≤ 100 ms (promise)", v => v <= 100));
            }
            else
            {
                Figures.Add(Figure.Of("6. chat turns back to back, throughput", "turns/s", rate));
                if (_ceilings is { } ceilings)
                {
                    Figures.Add(Figure.Ratio("6. chat turns back to back ÷ minimal create", rate, ceilings.Create));
                }

                Figures.Add(Figure.Of("6. chat turns back to back, p95", "ms", p95));
            }
        }
    }

    public static async Task<Figure> StartupAsync(BenchOptions options, Action<string> log)
    {
        var times = new List<double>();
        for (var run = 0; run < (options.Smoke ? 1 : 3); run++)
        {
            await using var fresh = new SiloProcess();
            await fresh.StartAsync();
            times.Add(fresh.StartupTime.TotalSeconds);
            log(string.Create(CultureInfo.InvariantCulture, $"7. start-up run {run + 1}: {times[^1]:0.00} s to ready"));
        }

        return Figure.Of("7. embedded start-up to ready", "s", times, "≤ 3 s", v => v <= 3);
    }

    private static long Rss(SiloProcess silo)
    {
        foreach (var line in File.ReadLines($"/proc/{silo.ProcessId}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }

    private async Task<List<ApiClient>> RegisterManyAsync(int count)
    {
        var users = new ConcurrentBag<ApiClient>();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, _) =>
            users.Add(await ApiClient.RegisterAsync(Next(), "UTC")));
        return users.ToList();
    }

    private async Task PostAsync(ApiClient user, string path, string json)
    {
        using var response = await SendAsync(user, HttpMethod.Post, path, json);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private Task<HttpResponseMessage> SendAsync(ApiClient user, HttpMethod method, string path, string? json = null, HttpClient? via = null, string? ifNoneMatch = null)
    {
        var request = new HttpRequestMessage(method, $"api/{user.UserId}/{path}");
        request.Headers.Authorization = new("Bearer", user.Token);
        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return (via ?? Next()).SendAsync(request);
    }

}
