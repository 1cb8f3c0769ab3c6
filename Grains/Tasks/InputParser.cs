using System.Globalization;
using System.Text.RegularExpressions;
using TodoGrains.GrainInterfaces.Tasks;

namespace TodoGrains.Grains.Tasks;

/// <summary>
/// Turns the text forms of the API and the agent's tools (dates, date-times, ISO 8601 durations, enum words) into the task model,
/// recording a field error for anything it cannot read. Semantic checks (lengths, rules) are the grain's.
/// </summary>
public sealed partial class InputParser
{
    private static readonly string[] LocalDateTimeFormats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF"];
    private static readonly string[] OffsetDateTimeFormats =
        ["yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];

    private readonly ValidationErrors _errors = new();

    /// <summary>The messages by field, as problem details write them.</summary>
    public Dictionary<string, string[]> Errors => _errors.ToDictionary();

    public bool Ok => !_errors.Any;

    public void Error(string field, string message) => _errors.Add(field, message);

    /// <summary><c>2026-03-05</c>, <c>2026-03-05T17:00</c> (the user's zone) or with an offset/Z.</summary>
    public DueInput? Due(string? text, string field)
    {
        if (text is null)
        {
            return null;
        }

        text = text.Trim();
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return DueInput.OnDate(date);
        }

        if (HasOffset(text))
        {
            if (DateTimeOffset.TryParseExact(text, OffsetDateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
            {
                return DueInput.AtInstant(instant);
            }
        }
        else if (DateTime.TryParseExact(text, LocalDateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return DueInput.OnDate(DateOnly.FromDateTime(local), TimeOnly.FromDateTime(local));
        }

        Error(field, $"'{Clip(text)}' is not a valid date or date-time; use 2026-03-05, 2026-03-05T17:00 or 2026-03-05T17:00+01:00.");
        return null;
    }

    /// <summary>A date-time in the user's zone, or with an explicit offset.</summary>
    public ReminderInput? RemindAt(string? text)
    {
        if (text is null)
        {
            return null;
        }

        text = text.Trim();
        if (HasOffset(text) &&
            DateTimeOffset.TryParseExact(text, OffsetDateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
        {
            return ReminderInput.AtInstant(instant);
        }

        if (!HasOffset(text) &&
            DateTime.TryParseExact(text, LocalDateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return ReminderInput.AtLocal(local);
        }

        Error("remind_at", $"'{Clip(text)}' is not a valid date-time; use 2026-03-05T16:45 or 2026-03-05T16:45+01:00.");
        return null;
    }

    /// <summary>
    /// A reminder as <c>remind_at</c> (a date-time in the user's zone, or with an offset) or <c>remind_before</c> (an
    /// ISO 8601 duration before the due), never both; null when neither is given.
    /// </summary>
    public ReminderInput? Reminder(string? remindAt, string? remindBefore)
    {
        if (remindAt is not null && remindBefore is not null)
        {
            Error("remind_at", "Give either 'remind_at' or 'remind_before', not both.");
            return null;
        }

        return remindBefore is not null
            ? Duration(remindBefore, "remind_before", allowNegative: false) is { } before ? ReminderInput.BeforeDue(before) : null
            : RemindAt(remindAt);
    }

    /// <summary>An ISO 8601 duration of weeks, days, hours, minutes and seconds, e.g. <c>PT15M</c>, <c>P1D</c>, <c>-P1W</c>.</summary>
    public TimeSpan? Duration(string? text, string field, bool allowNegative)
    {
        if (text is null)
        {
            return null;
        }

        var match = DurationPattern().Match(text.Trim());
        if (!match.Success || text.Trim() is "P" or "-P" || text.Trim().EndsWith('T'))
        {
            Error(field, $"'{Clip(text)}' is not an ISO 8601 duration such as PT15M, PT1H30M or P1D.");
            return null;
        }

        try
        {
            var value = TimeSpan.FromDays(7 * Num(match, "w") + Num(match, "d")) + TimeSpan.FromHours(Num(match, "h")) +
                        TimeSpan.FromMinutes(Num(match, "m")) + TimeSpan.FromSeconds(Num(match, "s"));
            if (match.Groups["neg"].Success)
            {
                if (!allowNegative)
                {
                    Error(field, "The duration must not be negative.");
                    return null;
                }

                value = -value;
            }

            return value;
        }
        catch (OverflowException)
        {
            Error(field, "The duration is too long.");
            return null;
        }
    }

    /// <summary><c>HH:mm</c>.</summary>
    public TimeOnly? TimeOfDay(string? text, string field)
    {
        if (text is null)
        {
            return null;
        }

        if (TimeOnly.TryParseExact(text.Trim(), ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return time;
        }

        Error(field, $"'{Clip(text)}' is not a time of day; use 09:00.");
        return null;
    }

    /// <summary>An enum by its snake_case word (case-insensitive); numbers are refused.</summary>
    public TEnum? Enum<TEnum>(string? text, string field) where TEnum : struct, System.Enum
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var word = text.Trim();
        var name = System.Enum.GetNames<TEnum>()
            .FirstOrDefault(n => string.Equals(n, word.Replace("_", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase));
        if (name is not null && !word.Contains(',', StringComparison.Ordinal))
        {
            return System.Enum.Parse<TEnum>(name);
        }

        var names = string.Join(", ", System.Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant()));
        Error(field, $"'{Clip(word)}' is not one of: {names}.");
        return null;
    }

    public int? WholeNumber(string? text, string field, int min, int max)
    {
        if (text is null)
        {
            return null;
        }

        if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        Error(field, $"'{Clip(text)}' is not a whole number between {min} and {max}.");
        return null;
    }

    public bool? Boolean(string? text, string field)
    {
        if (text is null)
        {
            return null;
        }

        if (bool.TryParse(text.Trim(), out var value))
        {
            return value;
        }

        Error(field, $"'{Clip(text)}' is not true or false.");
        return null;
    }

    private static double Num(Match match, string group) =>
        match.Groups[group].Success ? double.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture) : 0;

    private static bool HasOffset(string text) => OffsetSuffix().IsMatch(text);

    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "…";

    [GeneratedRegex(@"^(?<neg>-)?P(?:(?<w>\d{1,4})W)?(?:(?<d>\d{1,5})D)?(?:T(?:(?<h>\d{1,6})H)?(?:(?<m>\d{1,7})M)?(?:(?<s>\d{1,9})S)?)?$")]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"T.*(Z|[+-]\d{2}:?\d{2})$", RegexOptions.IgnoreCase)]
    private static partial Regex OffsetSuffix();
}
