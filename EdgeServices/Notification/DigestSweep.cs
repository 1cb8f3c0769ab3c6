using System.Globalization;
using Microsoft.Extensions.Options;
using TodoGrains.Contracts.Edge;

namespace TodoGrains.EdgeServices.Notification;

/// <summary>Where the sweep learns what is due today and overdue for a person (the silo).</summary>
public interface IDigestSource
{
    /// <summary>Null when the person is unknown.</summary>
    Task<DailyDigest?> GetAsync(string userId, CancellationToken cancellationToken);
}

public sealed class NotificationOptions
{
    public const string SectionName = "Notification";

    /// <summary>The local hour (0-23) in which a person gets the morning digest; -1: whenever the sweep runs.</summary>
    public int DigestHour { get; set; } = 7;

    /// <summary>A Dapr output binding to send every notification through as well (e.g. an HTTP webhook); empty: none.</summary>
    public string? OutputBinding { get; set; }

    /// <summary>The name of the Dapr cron input binding that triggers the sweep (its route is <c>/{name}</c>).</summary>
    public string DigestBinding { get; set; } = "digest-cron";
}

/// <summary>
/// The periodic sweep (driven by a Dapr cron input binding, or a timer in the embedded shape): in each person's
/// digest hour, one notification of what is due today and overdue. Idempotent per person and local date.
/// </summary>
public sealed class DigestSweep(Inbox inbox, IDigestSource source, Delivery delivery, TimeProvider time, IOptions<NotificationOptions> options)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var sent = 0;
        foreach (var userId in await inbox.KnownUsersAsync(cancellationToken))
        {
            var digest = await source.GetAsync(userId, cancellationToken);
            if (digest is null || (options.Value.DigestHour >= 0 && digest.LocalHour != options.Value.DigestHour) ||
                digest.DueToday + digest.Overdue == 0)
            {
                continue;
            }

            var message = $"Today: {digest.DueToday} due, {digest.Overdue} overdue" +
                          (digest.Titles.Count > 0 ? $" ({string.Join(", ", digest.Titles.Take(5))})" : "");
            var id = $"digest-{digest.LocalDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}";
            await delivery.DeliverOnceAsync(
                new NotificationMessage(id, userId, NotificationKinds.Digest, null, "Your day", message, null, time.GetUtcNow(), Read: false),
                cancellationToken);
            sent++;
        }

        return sent;
    }
}
