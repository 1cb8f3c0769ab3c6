using System.Globalization;
using System.Text.RegularExpressions;

namespace TodoGrains.Grains.Agent.Offline;

/// <summary>A moment as understood from words: a date, and maybe a time of day, in the person's zone.</summary>
internal sealed record When(DateOnly Date, TimeOnly? Time)
{
    public string Format() => Time is { } t
        ? $"{Date:yyyy-MM-dd}T{t.ToString("HH:mm", CultureInfo.InvariantCulture)}"
        : Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public DateTime Local => Date.ToDateTime(Time ?? TimeOnly.MinValue);
}

/// <summary>
/// Everyday English for dates, times, durations and repetition, read against the person's wall clock
/// (<paramref name="now"/>). Each Take* method cuts what it understood out of the phrase.
/// </summary>
internal sealed partial class WhenParser(DateTime now)
{
    private static readonly string[] DayNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
    private static readonly string[] RuleDays = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"];

    private static readonly Dictionary<string, int> Months = new()
    {
        ["jan"] = 1, ["feb"] = 2, ["mar"] = 3, ["apr"] = 4, ["may"] = 5, ["jun"] = 6,
        ["jul"] = 7, ["aug"] = 8, ["sep"] = 9, ["oct"] = 10, ["nov"] = 11, ["dec"] = 12,
    };

    private static readonly Dictionary<string, int> Numbers = new()
    {
        ["a"] = 1, ["an"] = 1, ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6,
        ["seven"] = 7, ["eight"] = 8, ["nine"] = 9, ["ten"] = 10, ["fifteen"] = 15, ["twenty"] = 20, ["thirty"] = 30,
        ["other"] = 2, ["second"] = 2, ["third"] = 3,
    };

    public DateOnly Today { get; } = DateOnly.FromDateTime(now);

    public DateTime Now => now;

    /// <summary>True when the phrase named a moment that has already passed (never scheduled silently).</summary>
    public bool SawPast { get; private set; }

    /// <summary>A recurrence rule, with the date words it used cut out ("every monday", "monthly on the 1st", "until the end of March").</summary>
    public string? TakeRecurrence(Phrase phrase)
    {
        string? rule = null;
        if (phrase.Take(EveryNthWeekday()) is { } nth)
        {
            var n = nth.Groups["nth"].Value.ToLowerInvariant() switch { "last" => -1, "first" => 1, "second" => 2, "third" => 3, _ => 4 };
            rule = $"FREQ=MONTHLY;BYDAY={n}{RuleDay(nth.Groups["day"].Value)}";
        }
        else if (phrase.Take(EveryWeekday()) is not null)
        {
            rule = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR";
        }
        else if (phrase.Take(EveryWeekend()) is not null)
        {
            rule = "FREQ=WEEKLY;BYDAY=SA,SU";
        }
        else if (phrase.Take(EveryDays()) is { } days)
        {
            var interval = days.Groups["n"].Success ? Number(days.Groups["n"].Value) : 1;
            var list = DayList().Matches(days.Groups["days"].Value).Select(m => RuleDay(m.Value)).Distinct();
            rule = "FREQ=WEEKLY" + (interval > 1 ? $";INTERVAL={interval}" : "") + $";BYDAY={string.Join(',', list)}";
        }
        else if (phrase.Take(MonthlyOnDay()) is { } monthly)
        {
            rule = monthly.Groups["last"].Success ? "FREQ=MONTHLY;BYMONTHDAY=-1" : $"FREQ=MONTHLY;BYMONTHDAY={int.Parse(monthly.Groups["d"].Value, CultureInfo.InvariantCulture)}";
        }
        else if (phrase.Take(EveryInterval()) is { } every)
        {
            var interval = every.Groups["n"].Success ? Number(every.Groups["n"].Value) : 1;
            var unit = every.Groups["unit"].Value.ToLowerInvariant();
            var freq = unit.StartsWith("day", StringComparison.Ordinal) ? "DAILY" : unit.StartsWith("week", StringComparison.Ordinal) ? "WEEKLY"
                : unit.StartsWith("month", StringComparison.Ordinal) ? "MONTHLY" : "YEARLY";
            rule = $"FREQ={freq}" + (interval > 1 ? $";INTERVAL={interval}" : "");
        }
        else if (phrase.Take(Adverbial()) is { } adverb)
        {
            rule = adverb.Groups[1].Value.ToLowerInvariant() switch
            {
                "daily" => "FREQ=DAILY",
                "weekly" => "FREQ=WEEKLY",
                "monthly" => "FREQ=MONTHLY",
                _ => "FREQ=YEARLY",
            };
        }

        if (rule is null)
        {
            return null;
        }

        if (phrase.Take(UntilEndOf()) is { } endOf)
        {
            var end = endOf.Groups["month"].Success ? LastDayOf(MonthNumber(endOf.Groups["month"].Value)) : LastDayOf(Today.Month);
            rule += $";UNTIL={end:yyyyMMdd}";
        }
        else if (phrase.Take(UntilDate()) is { } until && DateFrom(until, allowPast: false) is { } last)
        {
            rule += $";UNTIL={last:yyyyMMdd}";
        }
        else if (phrase.Take(Times()) is { } times)
        {
            rule += $";COUNT={Number(times.Groups["n"].Value)}";
        }

        return rule;
    }

    /// <summary>A date and/or a time of day ("tomorrow 5pm", "friday", "in 2 hours", "on the 1st", "March 15", "at 7").</summary>
    public When? TakeWhen(Phrase phrase)
    {
        DateOnly? date = null;
        TimeOnly? time = null;
        var exactInstant = false;

        if (phrase.Take(InDuration()) is { } inDuration)
        {
            var n = Number(inDuration.Groups["n"].Value);
            var unit = inDuration.Groups["unit"].Value.ToLowerInvariant();
            if (unit.StartsWith("min", StringComparison.Ordinal) || unit.StartsWith('h'))
            {
                var at = now + (unit.StartsWith('h') ? TimeSpan.FromHours(n) : TimeSpan.FromMinutes(n));
                date = DateOnly.FromDateTime(at);
                time = new TimeOnly(at.Hour, at.Minute);
                exactInstant = true;
            }
            else
            {
                date = unit.StartsWith("day", StringComparison.Ordinal) ? Today.AddDays(n)
                    : unit.StartsWith("week", StringComparison.Ordinal) ? Today.AddDays(7 * n) : Today.AddMonths(n);
            }
        }

        if (date is null && phrase.Take(IsoDate()) is { } iso)
        {
            if (DateOnly.TryParseExact(iso.Groups["d"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                date = d;
                SawPast |= d < Today;
            }
        }

        if (date is null && phrase.Take(RelativeDay()) is { } relative)
        {
            var word = relative.Groups["w"].Value.ToLowerInvariant();
            date = word switch
            {
                "day after tomorrow" => Today.AddDays(2),
                "tomorrow" or "tmrw" or "tmr" => Today.AddDays(1),
                "yesterday" => Today.AddDays(-1),
                _ => Today,
            };
            SawPast |= word == "yesterday";
            if (relative.Groups["part"].Success)
            {
                time = PartOfDay(relative.Groups["part"].Value);
            }
            else if (word == "tonight")
            {
                time = new TimeOnly(20, 0);
            }
        }

        if (date is null && phrase.Take(NamedDay()) is { } named)
        {
            var target = Array.IndexOf(DayNames, DayName(named.Groups["day"].Value));
            var ahead = ((target - (int)Today.DayOfWeek) + 7) % 7;
            date = Today.AddDays(ahead == 0 ? 7 : ahead);
        }

        if (date is null && phrase.Take(MonthDay()) is { } monthDay)
        {
            date = DateFrom(monthDay, allowPast: false);
        }

        if (date is null && phrase.Take(DayOfMonth()) is { } dayOfMonth)
        {
            var day = int.Parse(dayOfMonth.Groups["d"].Value, CultureInfo.InvariantCulture);
            if (day is >= 1 and <= 31)
            {
                var candidate = Today.Day <= day && day <= DateTime.DaysInMonth(Today.Year, Today.Month)
                    ? new DateOnly(Today.Year, Today.Month, day)
                    : NextMonthWith(day);
                date = candidate;
            }
        }

        if (date is null && phrase.Take(NextWeek()) is not null)
        {
            date = Today.AddDays(((int)DayOfWeek.Monday - (int)Today.DayOfWeek + 7) % 7 is 0 ? 7 : ((int)DayOfWeek.Monday - (int)Today.DayOfWeek + 7) % 7);
        }

        // "next month": its first day; "this weekend": the coming Saturday (today, on a Saturday).
        if (date is null && phrase.Take(NextMonth()) is not null)
        {
            date = new DateOnly(Today.Year, Today.Month, 1).AddMonths(1);
        }

        if (date is null && phrase.Take(Weekend()) is not null)
        {
            date = Today.AddDays(((int)DayOfWeek.Saturday - (int)Today.DayOfWeek + 7) % 7);
        }

        if (date is null && phrase.Take(EndOf()) is { } endOf)
        {
            date = endOf.Groups["what"].Value.Equals("week", StringComparison.OrdinalIgnoreCase)
                ? Today.AddDays(((int)DayOfWeek.Friday - (int)Today.DayOfWeek + 7) % 7)
                : LastDayOf(Today.Month);
        }

        if (time is null && !exactInstant)
        {
            time = TakeTime(phrase, out var bareHour);
            if (time is { } t && date is null)
            {
                // A time without a date means the next time the clock shows it.
                var today = Today.ToDateTime(t);
                if (bareHour && t.Hour < 12 && today <= now && Today.ToDateTime(t.AddHours(12)) > now)
                {
                    time = t.AddHours(12);
                    date = Today;
                }
                else
                {
                    date = today > now ? Today : Today.AddDays(1);
                }
            }
        }

        if (date is null)
        {
            return null;
        }

        if (time is { } chosen && date.Value.ToDateTime(chosen) < now)
        {
            SawPast = true;
        }
        else if (time is null && date < Today)
        {
            SawPast = true;
        }

        return new When(date.Value, time);
    }

    /// <summary>A time of day: "at 5pm", "17:30", "at 7", "noon", "in the morning".</summary>
    public static TimeOnly? TakeTime(Phrase phrase, out bool bareHour)
    {
        bareHour = false;
        if (phrase.Take(ClockTime()) is { } clock)
        {
            var hour = int.Parse(clock.Groups["h"].Value, CultureInfo.InvariantCulture);
            var minute = clock.Groups["m"].Success ? int.Parse(clock.Groups["m"].Value, CultureInfo.InvariantCulture) : 0;
            var meridiem = clock.Groups["ampm"].Value.ToLowerInvariant().Replace(".", "", StringComparison.Ordinal);
            if (meridiem == "pm" && hour < 12)
            {
                hour += 12;
            }
            else if (meridiem == "am" && hour == 12)
            {
                hour = 0;
            }

            bareHour = meridiem.Length == 0 && !clock.Groups["m"].Success && hour <= 12;
            return hour is >= 0 and <= 23 && minute is >= 0 and <= 59 ? new TimeOnly(hour, minute) : null;
        }

        if (phrase.Take(NamedTime()) is { } named)
        {
            return named.Groups[1].Value.ToLowerInvariant() switch
            {
                "noon" or "midday" or "lunchtime" => new TimeOnly(12, 0),
                "midnight" => new TimeOnly(23, 59),
                var part => PartOfDay(part),
            };
        }

        return null;
    }

    /// <summary>"remind me 15 minutes before", "with a reminder an hour before": an ISO duration.</summary>
    public static string? TakeReminderBefore(Phrase phrase)
    {
        if (phrase.Take(ReminderBefore()) is not { } before)
        {
            return null;
        }

        var n = before.Groups["half"].Success ? 30 : Number(before.Groups["n"].Value);
        var unit = before.Groups["half"].Success ? "min" : before.Groups["unit"].Value.ToLowerInvariant();
        return unit.StartsWith("min", StringComparison.Ordinal) ? $"PT{n}M" : unit.StartsWith('h') ? $"PT{n}H" : $"P{n}D";
    }

    /// <summary>"remind me at 5am", "remind me tomorrow at 9": the words of the moment, cut out to be read once the due is known.</summary>
    public static string? TakeReminderAt(Phrase phrase) => phrase.Take(ReminderAt())?.Groups["when"].Value;

    /// <summary>
    /// The reminder moment: "at 5am" on a task due another day means 05:00 on the due date (if still ahead);
    /// anything with its own date ("tomorrow at 9") stands as said.
    /// </summary>
    public When? ResolveReminderAt(string words, When? due)
    {
        var when = new WhenParser(now).TakeWhen(new Phrase(words));
        if (when is null || due is null || when.Time is not { } time || HasOwnDate().IsMatch(words))
        {
            return when;
        }

        var onDueDay = new When(due.Date, time);
        return onDueDay.Local > now ? onDueDay : when;
    }

    /// <summary>"by a week", "by 2 days", "by an hour": an ISO duration.</summary>
    public static string? TakeShift(Phrase phrase)
    {
        if (phrase.Take(ShiftBy()) is not { } shift)
        {
            return null;
        }

        var n = Number(shift.Groups["n"].Value);
        var unit = shift.Groups["unit"].Value.ToLowerInvariant();
        return unit.StartsWith("min", StringComparison.Ordinal) ? $"PT{n}M" : unit.StartsWith('h') ? $"PT{n}H" : unit.StartsWith("week", StringComparison.Ordinal) ? $"P{7 * n}D" : $"P{n}D";
    }

    /// <summary>A window for listing: "today", "tomorrow", "this week", "next week", "overdue".</summary>
    public (When? From, When? To, bool Overdue) TakeWindow(Phrase phrase)
    {
        if (phrase.Take(OverdueWord()) is not null)
        {
            return (null, null, true);
        }

        if (phrase.Take(WindowWord()) is not { } window)
        {
            // "what's due on friday": that day only (the next one, never today).
            if (phrase.Take(WindowDay()) is { } named)
            {
                var wanted = Array.IndexOf(DayNames, DayName(named.Groups["d"].Value));
                var ahead = (wanted - (int)Today.DayOfWeek + 7) % 7;
                var day = Today.AddDays(ahead == 0 ? 7 : ahead);
                return (new When(day, null), new When(day, null), false);
            }

            return (null, null, false);
        }

        var word = window.Groups["w"].Value.ToLowerInvariant();
        var daysToSunday = (7 - (int)Today.DayOfWeek) % 7;
        return word switch
        {
            "today" or "tonight" => (new When(Today, null), new When(Today, null), false),
            "tomorrow" => (new When(Today.AddDays(1), null), new When(Today.AddDays(1), null), false),
            "this week" => (new When(Today, null), new When(Today.AddDays(daysToSunday), null), false),
            "next week" => (new When(Today.AddDays(daysToSunday + 1), null), new When(Today.AddDays(daysToSunday + 7), null), false),
            "this month" => (new When(Today, null), new When(LastDayOf(Today.Month), null), false),
            _ => (new When(Today, null), new When(Today.AddDays(daysToSunday), null), false),
        };
    }

    private static TimeOnly PartOfDay(string part) => part.ToLowerInvariant().Trim() switch
    {
        "morning" => new TimeOnly(9, 0),
        "afternoon" => new TimeOnly(15, 0),
        "evening" => new TimeOnly(19, 0),
        _ => new TimeOnly(20, 0),
    };

    private DateOnly? DateFrom(Match match, bool allowPast)
    {
        var monthText = match.Groups["month"].Value;
        var day = int.Parse(match.Groups["d"].Value, CultureInfo.InvariantCulture);
        var month = MonthNumber(monthText);
        var year = match.Groups["y"].Success ? int.Parse(match.Groups["y"].Value, CultureInfo.InvariantCulture) : Today.Year;
        if (day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return null;
        }

        var date = new DateOnly(year, month, day);
        if (date < Today)
        {
            if (match.Groups["y"].Success || allowPast)
            {
                SawPast = true;
            }
            else
            {
                // "March 1" said in April means next year's.
                date = date.AddYears(1);
            }
        }

        return date;
    }

    private DateOnly NextMonthWith(int day)
    {
        var month = new DateOnly(Today.Year, Today.Month, 1).AddMonths(1);
        while (DateTime.DaysInMonth(month.Year, month.Month) < day)
        {
            month = month.AddMonths(1);
        }

        return new DateOnly(month.Year, month.Month, day);
    }

    /// <summary>
    /// The last day a series should still run on, said as "June" (its last day), "next month", "the end of the
    /// week", or a date ("June 15", "the 15th"); null when the words are none of these or already past.
    /// </summary>
    public DateOnly? LastDayOfSpan(string words)
    {
        var text = words.Trim(' ', '.', '!', '?').ToLowerInvariant();
        text = text.StartsWith("the end of ", StringComparison.Ordinal) ? text["the end of ".Length..] : text.StartsWith("end of ", StringComparison.Ordinal) ? text["end of ".Length..] : text;
        var daysToSunday = (7 - (int)Today.DayOfWeek) % 7;
        if (text is "this month" or "the month")
        {
            return LastDayOf(Today.Month);
        }

        if (text == "next month")
        {
            var next = Today.AddMonths(1);
            return new DateOnly(next.Year, next.Month, DateTime.DaysInMonth(next.Year, next.Month));
        }

        if (text is "this week" or "the week")
        {
            return Today.AddDays(daysToSunday);
        }

        if (text == "next week")
        {
            return Today.AddDays(daysToSunday + 7);
        }

        if (text.Length >= 3 && Months.ContainsKey(text[..3]) && text.All(char.IsLetter))
        {
            return LastDayOf(MonthNumber(text));
        }

        var date = TakeWhen(new Phrase(words));
        return date is not null && !SawPast ? date.Date : null;
    }

    /// <summary>"5", "five", "a couple of" as a number; null when it is not one.</summary>
    public static int? CountOf(string word) =>
        int.TryParse(word, CultureInfo.InvariantCulture, out var n) ? n : Numbers.TryGetValue(word.ToLowerInvariant().Trim(), out var named) ? named : null;

    private DateOnly LastDayOf(int month)
    {
        var year = month < Today.Month ? Today.Year + 1 : Today.Year;
        return new DateOnly(year, month, DateTime.DaysInMonth(year, month));
    }

    private static int MonthNumber(string text) => Months[text.ToLowerInvariant()[..3]];

    private static int Number(string text) =>
        int.TryParse(text, CultureInfo.InvariantCulture, out var n) ? n : Numbers.GetValueOrDefault(text.ToLowerInvariant().Trim(), 1);

    private static string DayName(string text) => DayNames.First(d => d.StartsWith(text.ToLowerInvariant()[..3], StringComparison.Ordinal));

    private static string RuleDay(string text) => RuleDays[Array.IndexOf(DayNames, DayName(text))];

    private const string Day = @"(?:mon|tue|wed|thu|fri|sat|sun)(?:day|sday|nesday|rsday|urday|s|\.)?";
    private const string Month = @"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?";
    private const string Num = @"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty|thirty)";

    [GeneratedRegex(@"\b(?:every|each)\s+(?<nth>last|first|second|third|fourth)\s+(?<day>" + Day + @")(?:\s+of\s+(?:the|every|each)\s+month)?\b|\b(?:on\s+)?the\s+(?<nth>last|first|second|third|fourth)\s+(?<day>" + Day + @")\s+of\s+(?:every|each)\s+month\b", RegexOptions.IgnoreCase)]
    private static partial Regex EveryNthWeekday();

    [GeneratedRegex(@"\b(?:every|each)\s+(?:week\s*day|weekday|working\s+day|work\s+day)s?\b|\bon\s+weekdays\b", RegexOptions.IgnoreCase)]
    private static partial Regex EveryWeekday();

    [GeneratedRegex(@"\b(?:every|each)\s+weekend\b|\bon\s+weekends\b", RegexOptions.IgnoreCase)]
    private static partial Regex EveryWeekend();

    [GeneratedRegex(@"\b(?:every|each)\s+(?:(?<n>other|second|\d+)\s+)?(?:weeks?\s+on\s+)?(?<days>" + Day + @"(?:\s*(?:,|and|&|,\s*and)\s*" + Day + @")*)\b", RegexOptions.IgnoreCase)]
    private static partial Regex EveryDays();

    [GeneratedRegex(Day, RegexOptions.IgnoreCase)]
    private static partial Regex DayList();

    [GeneratedRegex(@"\b(?:(?:monthly|every\s+month|each\s+month)\s+on\s+the\s+(?:(?<last>last)(?:\s+day)?|(?<d>\d{1,2})(?:st|nd|rd|th)?)|(?:on\s+)?the\s+(?:(?<last>last\s+day)|(?<d>\d{1,2})(?:st|nd|rd|th)?)\s+of\s+(?:every|each)\s+month|(?:every|each)\s+(?<d>\d{1,2})(?:st|nd|rd|th)(?:\s+of\s+(?:the|every|each)\s+month)?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex MonthlyOnDay();

    [GeneratedRegex(@"\b(?:every|each)\s+(?:(?<n>" + Num + @"|other|second)\s+)?(?<unit>days?|weeks?|months?|years?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex EveryInterval();

    [GeneratedRegex(@"\b(daily|weekly|monthly|yearly|annually)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Adverbial();

    [GeneratedRegex(@"\buntil\s+(?:the\s+)?end\s+of\s+(?:the\s+month|this\s+month|(?<month>" + Month + @"))", RegexOptions.IgnoreCase)]
    private static partial Regex UntilEndOf();

    [GeneratedRegex(@"\buntil\s+(?:(?<month>" + Month + @")\s+(?<d>\d{1,2})(?:st|nd|rd|th)?|(?<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?<month>" + Month + @"))(?:,?\s+(?<y>\d{4}))?", RegexOptions.IgnoreCase)]
    private static partial Regex UntilDate();

    [GeneratedRegex(@"\b(?:for\s+)?(?<n>\d+|two|three|four|five|six|seven|eight|nine|ten)\s+times\b", RegexOptions.IgnoreCase)]
    private static partial Regex Times();

    [GeneratedRegex(@"\bin\s+(?<n>" + Num + @")\s+(?<unit>minutes?|mins?|hours?|hrs?|days?|weeks?|months?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex InDuration();

    [GeneratedRegex(@"\b(?:on\s+|by\s+)?(?<d>\d{4}-\d{2}-\d{2})\b", RegexOptions.IgnoreCase)]
    private static partial Regex IsoDate();

    private static Regex RelativeDay() => RelativeDayGuarded();

    [GeneratedRegex(@"\b(?:by\s+|on\s+|for\s+)?(?<w>day\s+after\s+tomorrow|tomorrow|tmrw|tmr|today|tonight|yesterday|this(?=\s+(?:morning|afternoon|evening)))(?:\s+(?<part>morning|afternoon|evening|night))?\b", RegexOptions.IgnoreCase)]
    private static partial Regex RelativeDayGuarded();

    [GeneratedRegex(@"\b(?:(?:on|by|this|next|coming)\s+)+(?<day>" + Day + @")\b|\b(?<day>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", RegexOptions.IgnoreCase)]
    private static partial Regex NamedDay();

    [GeneratedRegex(@"\b(?:on\s+|by\s+)?(?:(?<month>" + Month + @")\s+(?<d>\d{1,2})(?:st|nd|rd|th)?|(?:the\s+)?(?<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?<month>" + Month + @"))(?:,?\s+(?<y>\d{4}))?\b", RegexOptions.IgnoreCase)]
    private static partial Regex MonthDay();

    [GeneratedRegex(@"\b(?:on|by)\s+the\s+(?<d>\d{1,2})(?:st|nd|rd|th)\b|\bthe\s+(?<d>\d{1,2})(?:st|nd|rd|th)\b", RegexOptions.IgnoreCase)]
    private static partial Regex DayOfMonth();

    [GeneratedRegex(@"\bnext\s+week\b", RegexOptions.IgnoreCase)]
    private static partial Regex NextWeek();

    [GeneratedRegex(@"\b(?:next|in\s+a)\s+month\b", RegexOptions.IgnoreCase)]
    private static partial Regex NextMonth();

    [GeneratedRegex(@"\b(?:this|the|at\s+the|on\s+the)\s+weekend\b", RegexOptions.IgnoreCase)]
    private static partial Regex Weekend();

    [GeneratedRegex(@"\b(?:by\s+)?(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?(?<what>week|month)\b", RegexOptions.IgnoreCase)]
    private static partial Regex EndOf();

    [GeneratedRegex(@"(?:\b(?:at|@|by|from)\s*)?\b(?<h>\d{1,2})(?::(?<m>\d{2}))?\s*(?<ampm>a\.?m\.?|p\.?m\.?)(?=\W|$)|\b(?:at|@|by)\s*(?<h>\d{1,2})(?::(?<m>\d{2}))?\b(?!\s*(?:minutes?|mins?|hours?|hrs?|days?|weeks?|times|st|nd|rd|th))|\b(?<h>\d{1,2}):(?<m>\d{2})\b", RegexOptions.IgnoreCase)]
    private static partial Regex ClockTime();

    [GeneratedRegex(@"\b(?:at\s+|in\s+the\s+|this\s+)?(noon|midday|lunchtime|midnight|morning|afternoon|evening)\b", RegexOptions.IgnoreCase)]
    private static partial Regex NamedTime();

    [GeneratedRegex(@"\b(?:and\s+|,\s*)?(?:remind\s+me|with\s+a\s+reminder|set\s+a\s+reminder|reminder)\s+(?:(?<half>half\s+an\s+hour)|(?<n>" + Num + @")\s+(?<unit>minutes?|mins?|hours?|hrs?|days?))\s+(?:before|ahead|earlier|in\s+advance)(?:\s+(?:it|that|the\s+start))?", RegexOptions.IgnoreCase)]
    private static partial Regex ReminderBefore();

    [GeneratedRegex(@"\b(?:and\s+|,\s*)?(?:remind\s+me|with\s+a\s+reminder|set\s+a\s+reminder|reminder)\s+(?<when>(?:(?:on|at|tomorrow|today|tonight|in|next|this)\b[^,;.]*))", RegexOptions.IgnoreCase)]
    private static partial Regex ReminderAt();

    [GeneratedRegex(@"\b(?:today|tomorrow|tonight|tmrw|on|next|this|in)\b|\d{4}-\d{2}-\d{2}|\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", RegexOptions.IgnoreCase)]
    private static partial Regex HasOwnDate();

    [GeneratedRegex(@"\bby\s+(?<n>" + Num + @")\s+(?<unit>minutes?|mins?|hours?|hrs?|days?|weeks?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ShiftBy();

    [GeneratedRegex(@"\b(?:that\s+(?:are|is)\s+)?overdue\b|\bpast\s+due\b|\blate\b", RegexOptions.IgnoreCase)]
    private static partial Regex OverdueWord();

    [GeneratedRegex(@"\b(?:(?:due\s+|for\s+)?on|for|due)\s+(?<d>mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\b", RegexOptions.IgnoreCase)]
    private static partial Regex WindowDay();

    [GeneratedRegex(@"\b(?:due\s+|for\s+|on\s+)?(?<w>today|tonight|tomorrow|this\s+week|next\s+week|this\s+month)\b", RegexOptions.IgnoreCase)]
    private static partial Regex WindowWord();
}
