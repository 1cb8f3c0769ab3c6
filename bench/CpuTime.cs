using System.Globalization;

namespace TodoGrains.Bench;

/// <summary>
/// The CPU time processes have used, user and system, from <c>/proc/&lt;pid&gt;/stat</c>: the benchmark divides it by
/// the requests served to get what one request costs, the figure a capacity model needs (throughput on two shared
/// cores says little about a cluster of larger nodes; CPU per request carries over).
/// </summary>
internal static class CpuTime
{
    // The unit of utime and stime: USER_HZ, 100 on Linux for every architecture .NET runs on.
    private const double TicksPerSecond = 100;

    /// <summary>The total CPU time of these processes; a process that has gone counts nothing.</summary>
    public static TimeSpan Of(IEnumerable<int> processIds) => TimeSpan.FromSeconds(processIds.Sum(Ticks) / TicksPerSecond);

    /// <summary>Every PostgreSQL server process on this machine (the postmaster, its backends and workers).</summary>
    public static IEnumerable<int> Postgres() =>
        Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(name => name!.All(char.IsAsciiDigit))
            .Select(name => int.Parse(name!, CultureInfo.InvariantCulture))
            .Where(pid => Command(pid) == "postgres")
            .ToList();

    private static string? Command(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static long Ticks(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return 0;
        }

        // The command name (field 2) is in parentheses and may hold spaces: the fields are counted after its end.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // Fields 14 to 17 of the whole line (utime, stime, and cutime, cstime: children that exited and were
        // waited for, such as PostgreSQL backends whose connection closed) are 11 to 14 after the name.
        return fields[11..15].Sum(field => long.Parse(field, CultureInfo.InvariantCulture));
    }
}
