using System.Net;

namespace TodoGrains.Api.Tests;

/// <summary>The host reads its own settings wherever it is started from (the README starts it from the repository root).</summary>
public sealed class WorkingDirectoryTests
{
    [Fact]
    public async Task StartedFromAnotherFolder_TheHostReadsItsSettings_AndLogsNoAccessToken()
    {
        await using var silo = new SiloProcess { WorkingDirectory = Path.GetTempPath() };
        await silo.StartAsync();
        using var http = silo.CreateClient();

        var probe = await http.GetAsync(new Uri("health/live?access_token=never-in-a-log", UriKind.Relative), TestContext.Current.CancellationToken);
        await silo.StopAsync();

        Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
        Assert.DoesNotContain("never-in-a-log", silo.Output, StringComparison.Ordinal);
    }
}
