using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;

namespace TodoGrains.Silo.Auth;

/// <summary>
/// Failed sign-ins, counted per account and per client address on ASP.NET Core's rate limiter: after
/// <see cref="FailuresPerAccount"/> wrong passwords for one user name, or <see cref="FailuresPerAddress"/> from one
/// address (any names: a password-spraying run rotates them), within <see cref="Window"/>, every sign-in for that name
/// or from that address is refused until the window turns, before any password is hashed, so a flood costs the
/// server almost nothing and slows no one else. Successful sign-ins do not count. Unknown names are throttled alike,
/// so a refusal tells nothing about which exist. An IPv6 address counts by its /64, which one subscriber holds; a
/// request whose client address is unknown (only a proxy's is) counts per account only.
/// </summary>
public sealed class SignInThrottle : IDisposable
{
    public const int FailuresPerAccount = 10;
    public const int FailuresPerAddress = 50;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    private readonly PartitionedRateLimiter<string> _accounts = Limiter(FailuresPerAccount);
    private readonly PartitionedRateLimiter<string> _addresses = Limiter(FailuresPerAddress);

    /// <summary>Null while the account may try from this address; otherwise why not and how long until it may.</summary>
    public SignInRefusal? Refusal(string userName, IPAddress? address)
    {
        if (Wait(_accounts, userName) is { } account)
        {
            return new SignInRefusal("Too many wrong passwords for this account.", account);
        }

        return address is not null && Wait(_addresses, AddressKey(address)) is { } wait ? new SignInRefusal("Too many failed sign-ins from this address.", wait) : null;
    }

    /// <summary>Counts a wrong password (or an unknown name) against the account and the address.</summary>
    public void Failed(string userName, IPAddress? address)
    {
        using var account = _accounts.AttemptAcquire(userName, 1);
        if (address is not null)
        {
            using var from = _addresses.AttemptAcquire(AddressKey(address), 1);
        }
    }

    public void Dispose()
    {
        _accounts.Dispose();
        _addresses.Dispose();
    }

    private static PartitionedRateLimiter<string> Limiter(int failures) => PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = failures,
            Window = Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    private static TimeSpan? Wait(PartitionedRateLimiter<string> limiter, string key)
    {
        // Asking for no permit answers whether any is left, and when the window turns if none is.
        using var lease = limiter.AttemptAcquire(key, 0);
        return lease.IsAcquired ? null : lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : Window;
    }

    private static string AddressKey(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}

/// <summary>Why a sign-in is refused, and how long until one may be tried again.</summary>
public sealed record SignInRefusal(string Reason, TimeSpan Wait);
