using System.Globalization;
using System.Text.Json;
using TodoGrains.Bench;
using TodoGrains.Bench.Calibration;
using TodoGrains.TestSupport;

// One command, every figure: dotnet run -c Release --project bench [-- --smoke] [--postgres "<connection string>"] [--dapr]
// [--silos N (with --postgres and --dapr)] [--out file.json]
// [--only api,live,reminders,growth,memory,chat,startup,firstload] (the event-path figure covers whatever ran;
// the first load publishes the silo, so a smoke run measures it only when --only names it)
if (args.Contains(CeilingHost.Flag))
{
    await CeilingHost.RunAsync(args);
    return;
}

var options = BenchOptions.Parse(args);
var log = (string line) => Console.WriteLine(line);
// Checked before the quarter of an hour the other figures take, which a missing browser at the end would throw away.
var firstLoad = options.Postgres is null && !options.Dapr && options.Runs("firstload") && (!options.Smoke || options.Only is not null);
if (firstLoad && !File.Exists(Chromium.ExecutablePath))
{
    await Console.Error.WriteLineAsync($"8. first load needs Chromium at {Chromium.ExecutablePath} (apt-get install chromium), or leave it out with --only.");
    Environment.Exit(2);
}

log($"TodoGrains benchmark on {Environment.ProcessorCount} core{(Environment.ProcessorCount == 1 ? "" : "s")}, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1073741824.0:0.0} GiB, {(options.Postgres is null ? "embedded shape (SQLite)" : $"cluster shape (PostgreSQL), {options.Silos} silo{(options.Silos == 1 ? "" : "s")}")}{(options.Dapr ? ", events through Dapr (the stand-in sidecar) to the four edge services" : "")}{(options.Smoke ? ", smoke run" : "")}");

// The silo's signing key is the benchmark's, so the calibration's minimal host checks the very same tokens.
var signingKey = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
var settings = new Dictionary<string, string>
{
    ["Logging:LogLevel:Default"] = "Warning",
    ["Events:DigestInterval"] = "01:00:00",
    ["Auth:SigningKey"] = Convert.ToBase64String(signingKey),
};
if (options.Postgres is { } postgres)
{
    settings["Orleans:Shape"] = "Cluster";
    // One silo process: its own bus is the only bus, unless the events go through Dapr (required for more silos).
    settings["Events:Transport"] = options.Dapr ? "Dapr" : "InProcess";
    settings["ConnectionStrings:Orleans"] = postgres;
    settings["Observability:JsonLogs"] = "false";
}

// The cluster shape's silo ports speak mutual TLS only; each of the benchmark's silos gets a certificate of its own.
using var certificates = options.Postgres is null ? null : new ClusterCertificates(Path.Combine(Path.GetTempPath(), "todo-grains-bench", Guid.NewGuid().ToString("N")));
var siloSettings = Enumerable.Range(0, options.Silos)
    .Select(i => (IReadOnlyDictionary<string, string>)new Dictionary<string, string>(settings.Concat(certificates?.SettingsFor($"silo-{i}") ?? [])))
    .ToList();

var figures = new List<Figure>();
var raw = new Dictionary<string, object>();
var clock = System.Diagnostics.Stopwatch.StartNew();
// With --dapr the silos publish through the stand-in sidecar to the four edge services, each a process of its own.
await using (var world = options.Dapr ? new DaprWorld(signingKey, siloSettings) : null)
await using (var embedded = options.Dapr ? null : new SiloProcess(settings: siloSettings[0]))
{
    if (options.Postgres is not null)
    {
        await SiloCommand.MigrateAsync(options.Postgres);
    }

    if (world is not null)
    {
        await world.StartAsync();
    }
    else
    {
        await embedded!.StartAsync();
    }

    List<SiloProcess> silos = world?.Silos ?? [embedded!];
    using var bench = new Benchmarks(silos, options, signingKey, log) { World = world };
    await bench.WarmUpAsync();
    var start = await bench.EventPathStartAsync();
    // In this order; the event path covers whatever ran before it, so it always runs.
    (string Name, Func<Task> Run)[] groups =
    [
        ("api", bench.ApiAsync), ("live", bench.LiveUpdatesAsync), ("reminders", bench.RemindersAsync),
        ("events", () => bench.EventPathAsync(start)), ("growth", bench.GrowthAsync), ("memory", bench.MemoryAsync),
        ("chat", bench.ChatAsync),
    ];
    foreach (var (_, run) in groups.Where(g => g.Name == "events" || options.Runs(g.Name)))
    {
        await run();
    }

    figures.AddRange(bench.Figures);
    foreach (var (key, value) in bench.Raw)
    {
        raw[key] = value;
    }
}

if (options.Postgres is null && !options.Dapr && options.Runs("startup"))
{
    figures.Add(await Benchmarks.StartupAsync(options, log));
}

if (firstLoad)
{
    figures.AddRange(await FirstLoad.MeasureAsync(options, log));
}

log("");
log($"| figure | median | min – max | target | |");
log("|---|---|---|---|---|");
foreach (var figure in figures)
{
    log(figure.Row());
}

log("");
log(string.Create(CultureInfo.InvariantCulture, $"{figures.Count(f => f.Met == true)} targets met, {figures.Count(f => f.Met == false)} missed; {clock.Elapsed.TotalMinutes:0.0} minutes."));
var report = new
{
    machine = new { cores = Environment.ProcessorCount, memory_gib = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1073741824.0, os = Environment.OSVersion.ToString() },
    shape = (options.Postgres is null ? "embedded" : "cluster") + (options.Dapr ? "+dapr" : ""),
    silos = options.Silos,
    smoke = options.Smoke,
    at = DateTimeOffset.UtcNow,
    figures,
    raw,
};
await File.WriteAllTextAsync(options.Out, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }));
log($"Raw numbers: {Path.GetFullPath(options.Out)}");

namespace TodoGrains.Bench
{
    public sealed record BenchOptions(bool Smoke, string? Postgres, string Out, IReadOnlySet<string>? Only, bool Dapr = false, int Silos = 1)
    {
        public static BenchOptions Parse(string[] args)
        {
            string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
            var only = Value("--only")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var silos = Value("--silos") is { } count ? int.Parse(count, CultureInfo.InvariantCulture) : 1;
            var options = new BenchOptions(args.Contains("--smoke"), Value("--postgres"), Value("--out") ?? "bench-results.json", only, args.Contains("--dapr"), silos);
            // More silos share one database and, as the product requires, one broker: each silo's own bus would
            // split a person's live updates by the silo their grain happens to live on.
            return silos == 1 || (silos > 1 && options.Postgres is not null && options.Dapr)
                ? options
                : throw new ArgumentException("--silos N: N ≥ 1, and more than one silo needs --postgres and --dapr (the cluster shape with its broker).");
        }

        /// <summary>Whether the figure group <paramref name="name"/> is part of this run (all are, without <c>--only</c>).</summary>
        public bool Runs(string name) => Only is null || Only.Contains(name);
    }

    internal static class SiloCommand
    {
        public static async Task MigrateAsync(string connectionString)
        {
            var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add(SiloProcess.LocateSilo());
            start.ArgumentList.Add("migrate");
            start.ArgumentList.Add($"--ConnectionStrings:Orleans={connectionString}");
            using var process = System.Diagnostics.Process.Start(start)!;
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException("migrate failed: " + await process.StandardError.ReadToEndAsync());
            }
        }
    }
}
