using System.Diagnostics;

namespace TodoGrains.Cluster.Tests;

/// <summary>Runs the silo program with a command-line verb (such as <c>migrate</c>) and returns its exit code.</summary>
internal static class SiloCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var silo = SiloProcess.LocateSilo();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(silo)! };
        start.ArgumentList.Add(silo);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        TestContext.Current.TestOutputHelper?.WriteLine(await output + await error);
        return process.ExitCode;
    }
}
