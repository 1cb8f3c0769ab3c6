using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using TodoGrains.Silo.Options;
using SiloOptions = TodoGrains.Silo.Options.SiloOptions;

namespace TodoGrains.Silo.Startup;

/// <summary>
/// What one host must have to itself, claimed before the silo starts, so that a second host refuses to start
/// instead of running beside the first: the embedded shape's data folder (one SQLite file, one signing key, one
/// set of reminders), and the Orleans silo and gateway ports. Orleans listens with <c>SO_REUSEPORT</c>, so a second
/// silo on the same ports starts without an error and the kernel deals connections out between the two.
/// </summary>
public sealed partial class HostClaims(
    IOptions<SiloOptions> silo, IOptions<EmbeddedStorageOptions> storage, IOptions<EndpointOptions> endpoints, ILogger<HostClaims> logger)
    : IHostedService, IDisposable
{
    public const string LockFileName = "host.lock";

    private FileStream? _lock;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var options = endpoints.Value;
        Probe(options.SiloListeningEndpoint ?? new IPEndPoint(options.AdvertisedIPAddress ?? IPAddress.Loopback, options.SiloPort), "Orleans:SiloPort");
        if (options.GatewayPort != 0)
        {
            Probe(options.GatewayListeningEndpoint ?? new IPEndPoint(options.AdvertisedIPAddress ?? IPAddress.Loopback, options.GatewayPort), "Orleans:GatewayPort");
        }

        if (silo.Value.Shape == HostingShape.Embedded)
        {
            ClaimDataFolder(storage.Value.EnsureDataDirectory());
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _lock?.Dispose();

    private void ClaimDataFolder(string folder)
    {
        var path = Path.Combine(folder, LockFileName);
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            // Held open until the process ends: the lock goes with it, even on a kill.
            _lock = new FileStream(path, options);
        }
        catch (IOException ex)
        {
            throw new InvalidOperationException(
                $"Another TodoGrains host is using the data folder {folder} (it holds {LockFileName}). Stop it, or give this host its own folder with --Storage:DataDirectory.", ex);
        }

        _lock.SetLength(0);
        var pid = System.Text.Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _lock.Write(pid);
        _lock.Flush();
        LogClaimed(folder);
    }

    private static void Probe(IPEndPoint endpoint, string setting)
    {
        // A plain bind, without SO_REUSEPORT, fails while anything listens there, reuse or not.
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(endpoint);
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            throw new InvalidOperationException(
                $"{endpoint} ({setting}) is already in use, perhaps by another silo. Stop it, or give this host other ports with --{setting}.", ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "This host has the data folder {Folder} to itself")]
    private partial void LogClaimed(string folder);
}
