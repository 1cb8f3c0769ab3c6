using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TodoGrains.TestSupport;

/// <summary>
/// The real embedded host (<c>TodoGrains.Silo.dll</c>) as a child process on loopback ports of its own,
/// with its own data folder: the same program the README's run command starts.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly string? _project;
    private readonly string? _program;
    private Process? _process;

    /// <param name="dataDirectory">The embedded shape's data folder; a fresh temporary one by default.</param>
    /// <param name="settings">Configuration given on the command line (<c>--Key=Value</c>), e.g. the cluster shape.</param>
    /// <param name="environment">Environment variables for the process (e.g. DAPR_GRPC_ENDPOINT).</param>
    /// <param name="project">Another of our hosts to run instead of the silo: its folder under the repository, e.g. <c>EdgeServices/Audit</c>.</param>
    /// <param name="program">A host's DLL somewhere else (a published silo) to run instead of the build output.</param>
    public SiloProcess(
        string? dataDirectory = null,
        IReadOnlyDictionary<string, string>? settings = null,
        IReadOnlyDictionary<string, string>? environment = null,
        string? project = null,
        string? program = null)
    {
        _environment = environment ?? new Dictionary<string, string>();
        _project = project;
        _program = program;
        DataDirectory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "todo-grains-tests", Guid.NewGuid().ToString("N"));
        Settings = settings ?? new Dictionary<string, string>();
        Port = FreePort();
        SiloPort = FreePort();
        GatewayPort = FreePort();
    }

    public IReadOnlyDictionary<string, string> Settings { get; }

    public string DataDirectory { get; }

    public int Port { get; }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The folder the process starts in; the program's own by default.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>How long the last start took, from process start to the first ready answer.</summary>
    public TimeSpan StartupTime { get; private set; }

    public async Task StartAsync()
    {
        var started = Stopwatch.StartNew();
        var silo = _program ?? (_project is null ? LocateSilo() : Locate(_project));
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = WorkingDirectory ?? Path.GetDirectoryName(silo)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     silo, "--urls", BaseAddress.ToString().TrimEnd('/'), $"--Storage:DataDirectory={DataDirectory}",
                     $"--Orleans:SiloPort={SiloPort}", $"--Orleans:GatewayPort={GatewayPort}",
                 })
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in Settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        foreach (var (key, value) in _environment)
        {
            start.Environment[key] = value;
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The silo exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                if ((await http.GetAsync(new Uri("health/ready", UriKind.Relative))).StatusCode == HttpStatusCode.OK)
                {
                    StartupTime = started.Elapsed;
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"The silo did not become ready:\n{Output}");
    }

    /// <summary>SIGTERM, as Kubernetes or Ctrl+C would stop it, then wait for a clean exit.</summary>
    public async Task StopAsync()
    {
        if (_process is null || _process.HasExited)
        {
            return;
        }

        await SignalAsync("TERM");

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The silo did not stop within 30 s:\n{Output}");
        }
    }

    /// <summary>SIGKILL: the process dies at once, as in a node failure; nothing is flushed.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>SIGSTOP: the process hangs where it is (its sockets stay open, nothing answers); SIGCONT resumes it.</summary>
    public async Task SignalAsync(string signal)
    {
        if (_process is { HasExited: false })
        {
            using var kill = Process.Start("kill", [$"-{signal}", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
        }
    }

    public bool HasExited => _process?.HasExited ?? true;

    public int ProcessId => _process?.Id ?? 0;

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            if (_process is { HasExited: false })
            {
                _process.Kill(entireProcessTree: true);
            }

            _process?.Dispose();
        }
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The silo built alongside these tests, in the same configuration.</summary>
    public static string LocateSilo() => Locate("Silo");

    /// <summary>The build output of one of our hosts, e.g. <c>EdgeServices/Audit</c> → <c>TodoGrains.EdgeServices.Audit.dll</c>.</summary>
    public static string Locate(string project)
    {
        // .../tests/Api.Tests/bin/<Configuration>/net10.0/
        var dir = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
        var configuration = dir.Parent?.Name ?? "Debug";
        var folder = Path.Combine(RepositoryFolder.Root, project);
        var csproj = Directory.GetFiles(folder, "*.csproj").Single();
        var path = Path.Combine(folder, "bin", configuration, "net10.0", $"TodoGrains.{Path.GetFileNameWithoutExtension(csproj)}.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the solution first.", path);
    }
}
