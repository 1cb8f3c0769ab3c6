using System.Threading.RateLimiting;

namespace TodoGrains.Silo.Auth;

/// <summary>
/// Failed sign-ins per account, on ASP.NET Core's rate limiter: after <see cref="FailuresPerWindow"/> wrong
/// passwords for one user name within <see cref="Window"/>, every sign-in for that name is refused until the window
/// turns, before any password is hashed, so a flood costs the server almost nothing and slows no one else.
/// Successful sign-ins do not count. Unknown names are throttled alike, so a refusal tells nothing about which exist.
/// </summary>
public sealed class SignInThrottle : IDisposable
{
    public const int FailuresPerWindow = 10;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    private readonly PartitionedRateLimiter<string> _failures = PartitionedRateLimiter.Create<string, string>(name =>
        RateLimitPartition.GetFixedWindowLimiter(name, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = FailuresPerWindow,
            Window = Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <summary>Null while the account may try; otherwise how long until it may try again.</summary>
    public TimeSpan? Refusal(string userName)
    {
        // Asking for no permit answers whether any is left, and when the window turns if none is.
        using var lease = _failures.AttemptAcquire(userName, 0);
        return lease.IsAcquired ? null : lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : Window;
    }

    /// <summary>Counts a wrong password (or an unknown name) against the account.</summary>
    public void Failed(string userName)
    {
        using var lease = _failures.AttemptAcquire(userName, 1);
    }

    public void Dispose() => _failures.Dispose();
}
