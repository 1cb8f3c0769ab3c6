using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace TodoGrains.Api.Tests;

/// <summary>The live-update hub over SignalR's HTTP transports, spoken by hand as a browser's client library would.</summary>
[Collection(SiloCollection.Name)]
public sealed class SyncHubTests(SiloFixture fixture)
{
    private const char RecordSeparator = '\u001e';

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AConnectionToken_ServesOnlyThePersonWhoNegotiatedIt()
    {
        var owner = await fixture.NewUserAsync();
        var other = await fixture.NewUserAsync();

        using var negotiate = await SendAsync(HttpMethod.Post, "hubs/sync/negotiate?negotiateVersion=1", owner.Token);
        Assert.Equal(HttpStatusCode.OK, negotiate.StatusCode);
        var token = (await negotiate.Content.ReadFromJsonAsync<JsonObject>(Ct))!["connectionToken"]!.GetValue<string>();

        // The owner's long-polling connection: the first poll opens it, then the handshake.
        using (var open = await SendAsync(HttpMethod.Get, $"hubs/sync?id={token}", owner.Token))
        {
            Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        }

        using (var handshake = await SendAsync(HttpMethod.Post, $"hubs/sync?id={token}", owner.Token, $$"""{"protocol":"json","version":1}{{RecordSeparator}}"""))
        {
            Assert.Equal(HttpStatusCode.OK, handshake.StatusCode);
        }

        // Someone else holding the token can neither poll nor send on it, nor end it.
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Post, HttpMethod.Delete })
        {
            using var stolen = await SendAsync(method, $"hubs/sync?id={token}", other.Token, method == HttpMethod.Post ? $$"""{"type":6}{{RecordSeparator}}""" : null);
            Assert.Equal(HttpStatusCode.NotFound, stolen.StatusCode);
        }

        // The owner's connection is untouched: its next poll brings the handshake's answer.
        using var poll = await SendAsync(HttpMethod.Get, $"hubs/sync?id={token}", owner.Token);
        Assert.Equal(HttpStatusCode.OK, poll.StatusCode);
        Assert.StartsWith("{}" + RecordSeparator, await poll.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token, string? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "text/plain");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        return await fixture.Http.SendAsync(request, timeout.Token);
    }
}
