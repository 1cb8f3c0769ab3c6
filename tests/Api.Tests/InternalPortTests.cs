using System.Net;
using System.Net.Sockets;

namespace TodoGrains.Api.Tests;

/// <summary>
/// With an internal port (the cluster shape), the listener a request arrives on decides what it reaches: metrics
/// and the dashboard only there, the API only on the public port, whatever Host header the caller sends.
/// </summary>
public sealed class InternalPortTests : IAsyncLifetime
{
    private readonly int _internalPort = FreeLoopbackPort();
    private SiloProcess _silo = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _silo = new SiloProcess(settings: new Dictionary<string, string> { ["Observability:InternalPort"] = _internalPort.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await _silo.StartAsync();
    }

    public async ValueTask DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task InternalPaths_AreServedOnlyOnTheInternalPort_WhateverTheHostHeaderSays()
    {
        using var http = new HttpClient();
        var publicPort = _silo.BaseAddress;
        var internalPort = new Uri($"http://127.0.0.1:{_internalPort}/");

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(internalPort, "metrics"), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(publicPort, "metrics"), Ct)).StatusCode);
        using (var spoofed = new HttpRequestMessage(HttpMethod.Get, new Uri(publicPort, "metrics")))
        {
            spoofed.Headers.Host = $"x:{_internalPort}";
            Assert.Equal(HttpStatusCode.NotFound, (await http.SendAsync(spoofed, Ct)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(publicPort, "dashboard/"), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(internalPort, "api/auth/login"), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsync(new Uri(internalPort, "api/auth/register"), new StringContent("{}"), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(publicPort, "health/ready"), Ct)).StatusCode);
    }

    [Fact]
    public void TheInternalPort_ListensWhereThePublicPortDoes_LoopbackOnlyHere()
    {
        // The kernel's own table of listening sockets (state 0A), IPv4 and IPv6.
        var listening = new[] { "/proc/net/tcp", "/proc/net/tcp6" }.Where(File.Exists).SelectMany(File.ReadLines).Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length > 3 && f[3] == "0A" && int.Parse(f[1].Split(':')[1], System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture) == _internalPort)
            .Select(f => f[1].Split(':')[0])
            .ToList();

        Assert.NotEmpty(listening);
        // 0100007F is 127.0.0.1 as the kernel writes it; an IPv6 socket would be ::1.
        Assert.All(listening, address => Assert.True(address is "0100007F" or "00000000000000000000000001000000", $"the internal port listens on {address}, not loopback"));
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
