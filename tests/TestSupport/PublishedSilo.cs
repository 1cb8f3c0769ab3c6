using System.Diagnostics;

namespace TodoGrains.TestSupport;

/// <summary>
/// The silo published the way README.md's run command publishes it (Release: the browser client trimmed and
/// precompressed), into a folder of the caller's: what a new user's first load is served from.
/// </summary>
public static class PublishedSilo
{
    /// <summary>Publishes into <paramref name="output"/> and returns the host's DLL there.</summary>
    public static async Task<string> PublishAsync(string output, CancellationToken cancellationToken = default)
    {
        var publish = new ProcessStartInfo("dotnet", ["publish", Path.Combine(RepositoryFolder.Root, "Silo"), "-c", "Release", "-o", output, "-nologo", "-v", "q"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(publish)!;
        var said = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish failed:\n{await said.ConfigureAwait(false)}\n{await errors.ConfigureAwait(false)}");
        }

        return Path.Combine(output, "TodoGrains.Silo.dll");
    }
}
