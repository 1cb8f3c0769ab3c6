using System.Globalization;

namespace TodoGrains.Grains.Agent;

/// <summary>An RRULE in words a person reads back ("every Monday", "monthly on the 1st", "every last Friday").</summary>
public static class RecurrenceText
{
    private static readonly Dictionary<string, string> Days = new()
    {
        ["MO"] = "Monday", ["TU"] = "Tuesday", ["WE"] = "Wednesday", ["TH"] = "Thursday", ["FR"] = "Friday", ["SA"] = "Saturday", ["SU"] = "Sunday",
    };

    public static string Describe(string rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var parts = rule.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0].ToUpperInvariant(), p => p[1].ToUpperInvariant());
        var freq = parts.GetValueOrDefault("FREQ", "");
        var interval = parts.TryGetValue("INTERVAL", out var i) && int.TryParse(i, CultureInfo.InvariantCulture, out var n) ? n : 1;
        var byDay = parts.GetValueOrDefault("BYDAY");
        var byMonthDay = parts.GetValueOrDefault("BYMONTHDAY");
        var text = freq switch
        {
            "DAILY" => interval == 1 ? "every day" : $"every {interval} days",
            "WEEKLY" when byDay == "MO,TU,WE,TH,FR" => interval == 1 ? "every weekday" : $"every {interval} weeks on weekdays",
            "WEEKLY" when byDay is not null => (interval == 1 ? "every " : interval == 2 ? "every other " : $"every {interval} weeks on ") + DayList(byDay),
            "WEEKLY" => interval == 1 ? "weekly" : interval == 2 ? "every other week" : $"every {interval} weeks",
            "MONTHLY" when byMonthDay == "-1" => "monthly on the last day",
            "MONTHLY" when byMonthDay is not null => $"monthly on the {string.Join(" and ", byMonthDay.Split(',').Select(Ordinal))}",
            "MONTHLY" when byDay is not null => "every " + string.Join(" and ", byDay.Split(',').Select(NthWeekday)) + " of the month",
            "MONTHLY" => interval == 1 ? "monthly" : $"every {interval} months",
            "YEARLY" => interval == 1 ? "yearly" : $"every {interval} years",
            _ => rule,
        };
        if (parts.TryGetValue("COUNT", out var count))
        {
            text += $", {count} times";
        }

        if (parts.TryGetValue("UNTIL", out var until) &&
            DateOnly.TryParseExact(until[..8], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end))
        {
            text += $" until {end.ToString("d MMM yyyy", CultureInfo.InvariantCulture)}";
        }

        return text;
    }

    private static string DayList(string byDay) => string.Join(" and ", byDay.Split(',').Select(d => Days.GetValueOrDefault(d[^2..], d)));

    private static string NthWeekday(string day)
    {
        var name = Days.GetValueOrDefault(day[^2..], day);
        var nth = day[..^2] switch
        {
            "-1" => "last",
            "1" or "+1" => "first",
            "2" or "+2" => "second",
            "3" or "+3" => "third",
            "4" or "+4" => "fourth",
            var other => other,
        };
        return $"{nth} {name}";
    }

    public static string Ordinal(string number)
    {
        ArgumentNullException.ThrowIfNull(number);
        if (!int.TryParse(number, CultureInfo.InvariantCulture, out var n))
        {
            return number;
        }

        var suffix = (n % 100) is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" };
        return $"{n}{suffix}";
    }
}
