using TodoGrains.GrainInterfaces.Tasks;

namespace TodoGrains.Grains.Time;

/// <summary>
/// Reads wall-clock times in one person's IANA zone. A local time that falls in a daylight-saving gap moves
/// forward by the gap; an ambiguous one (the repeated hour) takes the earlier, daylight offset.
/// </summary>
public sealed class ZoneClock(TimeZoneInfo zone, TimeProvider time)
{
    public TimeZoneInfo Zone { get; } = zone;

    public DateTimeOffset Now => TimeZoneInfo.ConvertTime(time.GetUtcNow(), Zone);

    public DateTime LocalNow => Now.DateTime;

    public DateOnly Today => DateOnly.FromDateTime(LocalNow);

    public static bool TryFindZone(string? id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrWhiteSpace(id) || id.Length > 64)
        {
            return false;
        }

        // Try* never throws, also not for ids naming a folder of the zone database ("America").
        if (TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out var found))
        {
            zone = found;
            return true;
        }

        return false;
    }

    public static ZoneClock For(UserProfile profile, TimeProvider time) =>
        new(TryFindZone(profile.TimeZone, out var zone) ? zone : TimeZoneInfo.Utc, time);

    /// <summary>The instant a wall-clock time in this zone stands for.</summary>
    public DateTimeOffset ToInstant(DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (Zone.IsInvalidTime(local))
        {
            // Spring forward: 02:30 does not exist; the clock reads 03:30 at that moment.
            var before = Zone.GetUtcOffset(local.AddHours(-3));
            var after = Zone.GetUtcOffset(local.AddHours(3));
            var shifted = local + (after - before);
            return new DateTimeOffset(shifted, Zone.GetUtcOffset(shifted));
        }

        if (Zone.IsAmbiguousTime(local))
        {
            var offsets = Zone.GetAmbiguousTimeOffsets(local);
            return new DateTimeOffset(local, offsets.Max());
        }

        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }

    /// <summary>An instant as this zone's wall clock shows it, with the zone's offset at that instant.</summary>
    public DateTimeOffset InZone(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);
}
