using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using TodoGrains.GrainInterfaces.Tasks;
using TodoGrains.Grains.Time;

namespace TodoGrains.Grains.Tasks;

/// <summary>
/// The entity tag of one page of a person's tasks: it changes whenever the page could. Made of the owner, the list's version
/// (the sequence number of the next event: every committed change of a task takes one), the person's zone (a task's
/// wall-clock fields read in it), the query as normalised (relative dates resolved, so "today" changes at midnight) and,
/// for an overdue filter, the minute of the person's clock (a task becomes overdue as time passes, with no change).
/// Stable across activations and silos: a hash of the inputs, not of any object's identity.
/// </summary>
public static class TaskPageTag
{
    internal static string Of(string owner, long version, string zone, TaskQuery normalized, string minute)
    {
        var inputs = JsonSerializer.SerializeToUtf8Bytes(new { owner, version, zone, query = normalized, minute });
        return $"\"{version.ToString(CultureInfo.InvariantCulture)}-{Convert.ToHexStringLower(SHA256.HashData(inputs), 0, 8)}\"";
    }

    /// <summary>The minute of the person's clock for an overdue filter, empty for any other query.</summary>
    internal static string MinuteOf(TaskQuery normalized, ZoneClock clock) =>
        normalized.Overdue ? clock.LocalNow.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture) : "";

    /// <summary>Whether an <c>If-None-Match</c> value names <paramref name="tag"/> (or is <c>*</c>); weak tags compare by their value.</summary>
    public static bool Matches(string? ifNoneMatch, string tag) =>
        ifNoneMatch is not null && ifNoneMatch.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Any(candidate => candidate == "*" || (candidate.StartsWith("W/", StringComparison.Ordinal) ? candidate[2..] : candidate) == tag);
}
