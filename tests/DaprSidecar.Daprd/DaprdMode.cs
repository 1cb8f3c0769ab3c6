using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace TodoGrains.DaprSidecar.Daprd;

/// <summary>
/// daprd in a pod: takes the ports real daprd takes (HTTP and gRPC APIs, internal gRPC, public health, metrics)
/// so that a collision with the app shows as it would in a cluster, and forwards the HTTP and gRPC APIs to the
/// shared broker. Calls for the app (deliveries, invocations) reach it as they do through real daprd: the broker
/// sends them to this sidecar's internal port, where other sidecars reach real daprd, and the sidecar relays them to
/// the app on loopback, so the app sees its own sidecar as the caller. Once the app's port accepts connections, the
/// sidecar registers it with the broker under its app id.
/// </summary>
internal static class DaprdMode
{
    public static async Task<int> RunAsync(string[] args)
    {
        var flags = new Flags(args);
        var appId = flags["app-id"] ?? throw new ArgumentException("--app-id is required");
        var appPort = flags.Port("app-port", 0);
        var broker = Environment.GetEnvironmentVariable("STANDIN_BROKER") ?? throw new ArgumentException("STANDIN_BROKER (the broker's address) is required");
        var httpPort = flags.Port("dapr-http-port", 3500);
        var grpcPort = flags.Port("dapr-grpc-port", 50001);
        var internalPort = flags.Port("dapr-internal-grpc-port", 50002);
        var publicPort = flags.Port("dapr-public-port", 3501);
        var metricsPort = flags.Port("metrics-port", 9090);

        using var stopping = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stopping.Cancel(); };
        AppDomain.CurrentDomain.ProcessExit += (_, _) => stopping.Cancel();

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Any, publicPort);
            k.Listen(IPAddress.Any, metricsPort);
        });
        var web = builder.Build();
        web.MapGet("/v1.0/healthz", () => Results.NoContent());
        web.MapGet("/metrics", () => Results.Text("# stand-in daprd: no metrics\n", "text/plain; version=0.0.4"));
        await web.StartAsync(stopping.Token);

        var forwards = new[]
        {
            Forward(httpPort, broker, BrokerMode.HttpPort, stopping.Token),
            Forward(grpcPort, broker, BrokerMode.GrpcPort, stopping.Token),
        };
        if (appPort > 0)
        {
            forwards = [.. forwards, Forward(internalPort, "127.0.0.1", appPort, stopping.Token)];
        }

        web.Logger.LogInformation("stand-in daprd for {AppId}: forwarding {Http} and {Grpc} to {Broker}", appId, httpPort, grpcPort, broker);
        if (appPort > 0)
        {
            await RegisterWhenAppListensAsync(web.Logger, appId, appPort, internalPort, broker, stopping.Token);
        }

        await Task.WhenAll(forwards);
        await web.StopAsync(CancellationToken.None);
        return 0;
    }

    private static async Task Forward(int localPort, string remoteHost, int remotePort, CancellationToken cancellationToken)
    {
        using var listener = new TcpListener(IPAddress.Any, localPort);
        listener.Start();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var client = await listener.AcceptTcpClientAsync(cancellationToken);
                _ = PipeAsync(client, remoteHost, remotePort, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task PipeAsync(TcpClient client, string remoteHost, int remotePort, CancellationToken cancellationToken)
    {
        using (client)
        using (var remote = new TcpClient { NoDelay = true })
        {
            try
            {
                client.NoDelay = true;
                await remote.ConnectAsync(remoteHost, remotePort, cancellationToken);
                var local = client.GetStream();
                var upstream = remote.GetStream();
                var up = CopyThenShutdownAsync(local, remote.Client, upstream, cancellationToken);
                var down = CopyThenShutdownAsync(upstream, client.Client, local, cancellationToken);
                await Task.WhenAll(up, down);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
            {
            }
        }
    }

    private static async Task CopyThenShutdownAsync(Stream from, Socket toSocket, Stream to, CancellationToken cancellationToken)
    {
        try
        {
            await from.CopyToAsync(to, cancellationToken);
        }
        finally
        {
            try
            {
                toSocket.Shutdown(SocketShutdown.Send);
            }
            catch (SocketException)
            {
            }
        }
    }

    private static async Task RegisterWhenAppListensAsync(ILogger logger, string appId, int appPort, int relayPort, string broker, CancellationToken cancellationToken)
    {
        while (!await AcceptsAsync(IPAddress.Loopback, appPort, cancellationToken))
        {
            await Task.Delay(500, cancellationToken);
        }

        var address = $"http://{PodAddress()}:{relayPort}";
        using var http = new HttpClient { BaseAddress = new Uri($"http://{broker}:{BrokerMode.RegistrationPort}") };
        while (true)
        {
            try
            {
                using var response = await http.PostAsJsonAsync($"/apps/{Uri.EscapeDataString(appId)}", new { address }, cancellationToken);
                response.EnsureSuccessStatusCode();
                logger.LogInformation("registered {AppId} at {Address} with the broker", appId, address);
                return;
            }
            catch (HttpRequestException e)
            {
                logger.LogWarning("registration with the broker failed ({Message}); retrying", e.Message);
                await Task.Delay(1000, cancellationToken);
            }
        }
    }

    private static async Task<bool> AcceptsAsync(IPAddress address, int port, CancellationToken cancellationToken)
    {
        using var probe = new TcpClient();
        try
        {
            await probe.ConnectAsync(address, port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    // The pod's own address, as daprd reports it to the placement and name resolution: the first non-loopback IPv4.
    private static string PodAddress() =>
        Environment.GetEnvironmentVariable("STANDIN_POD_IP") is { Length: > 0 } configured
            ? configured
            : NetworkInterface.GetAllNetworkInterfaces()
                .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
                .SelectMany(n => n.GetIPProperties().UnicastAddresses)
                .Select(a => a.Address)
                .First(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
                .ToString();
}
