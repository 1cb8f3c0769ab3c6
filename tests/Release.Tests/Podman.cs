using System.Diagnostics;
using System.Text;

namespace TodoGrains.Release.Tests;

/// <summary>
/// podman as these machines need it: the runc runtime (crun refuses the host's hybrid cgroups) and the harness's
/// containers.conf (the default ulimits cannot be raised here).
/// </summary>
internal static class Podman
{
    private static readonly string ContainersConf = Path.Combine(Repository.Root, "tests", "Release.Tests", "StandIns", "containers.conf");

    /// <summary>Runs podman and returns its exit code and output (standard output, then standard error).</summary>
    public static async Task<(int ExitCode, string Output, string Error)> TryAsync(IEnumerable<string> args, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo("podman") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment["CONTAINERS_CONF"] = ContainersConf;
        start.ArgumentList.Add("--runtime");
        start.ArgumentList.Add("/usr/sbin/runc");
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("podman did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"podman {string.Join(' ', args)} did not finish in time");
        }

        return (process.ExitCode, await output, await error);
    }

    /// <summary>Runs podman and returns its standard output; a non-zero exit throws with what podman said.</summary>
    public static async Task<string> RunAsync(params string[] args)
    {
        var (exit, output, error) = await TryAsync(args);
        return exit == 0 ? output : throw new InvalidOperationException($"podman {string.Join(' ', args)} exited with {exit}:\n{error}{output}");
    }

    /// <summary>A command's exit code inside a running container, as an exec probe sees it.</summary>
    public static async Task<int> ExecAsync(string container, params string[] command) =>
        (await TryAsync(new[] { "exec", container }.Concat(command), TimeSpan.FromSeconds(30))).ExitCode;

    public static async Task<string> LogsAsync(string container)
    {
        var (_, output, error) = await TryAsync(["logs", "--tail", "200", container]);
        return new StringBuilder(output).Append(error).ToString();
    }
}
