using System.Globalization;
using System.Text.RegularExpressions;

namespace Pipeline.Normalizer.Dates;

/// <summary>
/// The one date parser every format uses. Accepts RFC 822/1123/850 (with English, Italian, French,
/// German, Spanish, Portuguese and Dutch day and month names, named zones and numeric offsets),
/// ISO 8601 / RFC 3339 / W3C-DTF including partial forms (<c>2025</c>, <c>2025-08</c>), and human
/// forms such as <c>Mercoledì 13 Agosto 2025</c>, <c>13 ago 2025</c>, <c>13. August 2025</c>,
/// <c>August 13th, 2025 3:05 pm</c> and <c>2016/6/29 15:07:41</c>. Culture-independent.
/// A value without a zone is read in the given default zone (UTC unless told otherwise); a value
/// without a year takes the default year when one is given.
/// </summary>
public static partial class LenientDateParser
{
    private static readonly TimeSpan MaxOffset = TimeSpan.FromHours(14);

    /// <summary>Parses <paramref name="text"/>; null when it is not a recognisable date or lies outside what a date can hold.</summary>
    /// <param name="text">The date as written.</param>
    /// <param name="defaultZone">Zone for values without an offset; UTC when null.</param>
    /// <param name="defaultYear">Year for values without one (e.g. a dateline's <c>01 LUG</c>); such values fail when null.</param>
    public static DateTimeOffset? Parse(string? text, TimeZoneInfo? defaultZone = null, int? defaultYear = null)
    {
        if (!TryParseParts(text, defaultYear, out var parts))
        {
            return null;
        }

        var local = new DateTime(parts.Year, parts.Month, parts.Day, parts.Hour, parts.Minute, parts.Second, DateTimeKind.Unspecified).AddTicks(parts.Ticks);
        var offset = parts.Offset ?? (defaultZone ?? TimeZoneInfo.Utc).GetUtcOffset(local);

        // Out of range is "no date", never an exception: 9999-12-31T23:59:59-14:00 is after DateTime.MaxValue in UTC,
        // and an offset over 14 hours cannot be represented (issue 11: one such date lost every item of its feed).
        var utcTicks = local.Ticks - offset.Ticks;
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks || offset.Duration() > MaxOffset || offset.Ticks % TimeSpan.TicksPerMinute != 0)
        {
            return null;
        }

        return new DateTimeOffset(local, offset);
    }

    /// <summary>Parses <paramref name="text"/> as a date-time, reading zone-less values as UTC.</summary>
    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        var parsed = Parse(text);
        value = parsed ?? default;
        return parsed is not null;
    }

    /// <summary>The calendar date written in <paramref name="text"/>, ignoring any time and zone; null when unrecognisable.</summary>
    public static DateOnly? ParseDate(string? text, int? defaultYear = null) =>
        TryParseParts(text, defaultYear, out var parts) ? new DateOnly(parts.Year, parts.Month, parts.Day) : null;

    private static bool TryParseParts(string? text, int? defaultYear, out Parts parts)
    {
        parts = default;
        if (string.IsNullOrWhiteSpace(text) || text.Length > 200)
        {
            return false;
        }

        var trimmed = text.Trim();
        return TryIso(trimmed, out parts) || TryTokens(trimmed, defaultYear, out parts);
    }

    private static bool TryIso(string text, out Parts parts)
    {
        parts = default;
        var match = IsoPattern().Match(text);
        if (!match.Success)
        {
            return false;
        }

        var year = Int(match.Groups["y"]);
        var month = match.Groups["mo"].Success ? Int(match.Groups["mo"]) : 1;
        var day = match.Groups["d"].Success ? Int(match.Groups["d"]) : 1;
        var hour = match.Groups["h"].Success ? Int(match.Groups["h"]) : 0;
        var minute = match.Groups["mi"].Success ? Int(match.Groups["mi"]) : 0;
        var second = match.Groups["s"].Success ? Int(match.Groups["s"]) : 0;
        var ticks = match.Groups["f"].Success ? FractionTicks(match.Groups["f"].Value) : 0;
        TimeSpan? offset = match.Groups["z"].Success ? ParseOffset(match.Groups["z"].Value) : null;
        if (match.Groups["z"].Success && offset is null)
        {
            return false;
        }

        return Build(year, month, day, hour, minute, second, ticks, offset, out parts);
    }

    private static bool TryTokens(string text, int? defaultYear, out Parts parts)
    {
        parts = default;
        int? year = null, month = null, day = null, hour = null, minute = null, second = null;
        long ticks = 0;
        int? ambiguousMonth = null;
        TimeSpan? offset = null;
        var pm = (bool?)null;

        // RFC 822 comments such as "(PST)" repeat the offset; drop them.
        var cleaned = CommentPattern().Replace(text, " ");
        cleaned = cleaned.Replace(',', ' ').Replace(';', ' ');

        // A numeric date (2016/6/29, 29/06/2016, 29.06.2016, 29-06-2016) at the start.
        var numeric = NumericDatePattern().Match(cleaned);
        if (numeric.Success)
        {
            var a = numeric.Groups["a"].Value;
            var b = Int(numeric.Groups["b"]);
            var c = numeric.Groups["c"].Value;
            if (a.Length == 4)
            {
                (year, month, day) = (Int(a), b, Int(c));
            }
            else if (c.Length is 4 or 2)
            {
                var first = Int(a);
                (day, month) = first <= 12 && b > 12 ? (b, first) : (first, b);
                year = c.Length == 4 ? Int(c) : ExpandYear(Int(c));
            }
            else
            {
                return false;
            }

            cleaned = cleaned[numeric.Length..];
        }

        foreach (var raw in cleaned.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var token = raw;
            var dashed = DashedDatePattern().Match(token);
            if (dashed.Success && DateNames.TryMonth(dashed.Groups["m"].Value, out var dashedMonth) && day is null)
            {
                day = Int(dashed.Groups["d"]);
                month = dashedMonth;
                year = ExpandYear(Int(dashed.Groups["y"]), dashed.Groups["y"].Value.Length);
                continue;
            }

            var time = TimePattern().Match(token);
            if (time.Success && hour is null)
            {
                hour = Int(time.Groups["h"]);
                minute = Int(time.Groups["mi"]);
                second = time.Groups["s"].Success ? Int(time.Groups["s"]) : 0;
                ticks = time.Groups["f"].Success ? FractionTicks(time.Groups["f"].Value) : 0;
                if (time.Groups["ampm"].Success)
                {
                    pm = time.Groups["ampm"].Value.StartsWith('p') || time.Groups["ampm"].Value.StartsWith('P');
                }

                if (time.Groups["z"].Success)
                {
                    offset = ParseOffset(time.Groups["z"].Value);
                    if (offset is null)
                    {
                        return false;
                    }
                }

                continue;
            }

            var upper = token.ToUpperInvariant();
            if (upper is "AM" or "A.M." or "PM" or "P.M.")
            {
                pm = upper.StartsWith('P');
                continue;
            }

            if (offset is null && ParseOffset(token) is { } zone)
            {
                offset = zone;
                continue;
            }

            var ordinal = OrdinalPattern().Match(token);
            if (ordinal.Success)
            {
                var number = ordinal.Groups["n"].Value;
                var value = Int(ordinal.Groups["n"]);
                if (number.Length == 4 && year is null)
                {
                    year = value;
                }
                else if (number.Length <= 2 && day is null)
                {
                    day = value;
                }
                else if (number.Length <= 2 && year is null)
                {
                    year = ExpandYear(value);
                }
                else
                {
                    return false;
                }

                continue;
            }

            var isMonth = DateNames.TryMonth(token, out var monthNumber);
            var isWeekday = DateNames.IsWeekday(token);
            if (isMonth && isWeekday)
            {
                ambiguousMonth ??= monthNumber;
                continue;
            }

            if (isMonth)
            {
                if (month is not null && month != monthNumber)
                {
                    return false;
                }

                month = monthNumber;
                continue;
            }

            if (isWeekday || DateNames.IsFiller(token))
            {
                continue;
            }

            return false;
        }

        month ??= ambiguousMonth;
        year ??= defaultYear;
        if (year is null || month is null || day is null)
        {
            return false;
        }

        if (pm is not null && hour is not null)
        {
            if (hour is < 1 or > 12)
            {
                return false;
            }

            hour = pm.Value ? (hour % 12) + 12 : hour % 12;
        }

        return Build(year.Value, month.Value, day.Value, hour ?? 0, minute ?? 0, second ?? 0, ticks, offset, out parts);
    }

    private static bool Build(int year, int month, int day, int hour, int minute, int second, long ticks, TimeSpan? offset, out Parts parts)
    {
        parts = default;
        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour is < 0 or > 23 || minute is < 0 or > 59 || second is < 0 or > 60)
        {
            return false;
        }

        // A leap second is read as the last second of the minute.
        parts = new Parts(year, month, day, hour, minute, Math.Min(second, 59), ticks, offset);
        return true;
    }

    /// <summary><c>Z</c>, <c>+0200</c>, <c>+02:00</c>, <c>+02</c>, <c>GMT+2</c>, <c>UTC-05:30</c> or a named zone.</summary>
    private static TimeSpan? ParseOffset(string token)
    {
        if (DateNames.TryZone(token, out var named))
        {
            return named;
        }

        var match = OffsetPattern().Match(token);
        if (!match.Success)
        {
            return null;
        }

        var hours = Int(match.Groups["h"]);
        var minutes = match.Groups["m"].Success ? Int(match.Groups["m"]) : 0;
        if (hours > 14 || minutes > 59)
        {
            return null;
        }

        var offset = new TimeSpan(hours, minutes, 0);
        return match.Groups["sign"].Value == "-" ? -offset : offset;
    }

    private static int ExpandYear(int year, int digits = 2) => digits > 2 ? year : year < 50 ? 2000 + year : 1900 + year;

    private static long FractionTicks(string digits)
    {
        var padded = digits.Length >= 7 ? digits[..7] : digits.PadRight(7, '0');
        return long.Parse(padded, NumberStyles.None, CultureInfo.InvariantCulture);
    }

    private static int Int(Group group) => Int(group.Value);

    private static int Int(string digits) => int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);

    private readonly record struct Parts(int Year, int Month, int Day, int Hour, int Minute, int Second, long Ticks, TimeSpan? Offset);

    [GeneratedRegex(@"^(?<y>[0-9]{4})(?:-(?<mo>[0-9]{2})(?:-(?<d>[0-9]{2})(?:(?:T|\s+)(?<h>[0-9]{2}):(?<mi>[0-9]{2})(?::(?<s>[0-9]{2})(?:[.,](?<f>[0-9]{1,9}))?)?\s*(?<z>Z|UTC|GMT|[+-][0-9]{2}(?::?[0-9]{2})?)?)?)?)?$|^(?<y>[0-9]{4})(?<mo>[0-9]{2})(?<d>[0-9]{2})(?:T(?<h>[0-9]{2})(?<mi>[0-9]{2})(?<s>[0-9]{2})?(?<z>Z|[+-][0-9]{2}(?:[0-9]{2})?)?)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex IsoPattern();

    [GeneratedRegex(@"^\s*(?<a>[0-9]{1,4})[/.\-](?<b>[0-9]{1,2})[/.\-](?<c>[0-9]{1,4})(?=\s|T|$)T?", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex NumericDatePattern();

    [GeneratedRegex(@"^(?<d>[0-9]{1,2})[-/ ](?<m>\p{L}+\.?)[-/ ](?<y>[0-9]{2}|[0-9]{4})$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex DashedDatePattern();

    [GeneratedRegex(@"^(?<h>[0-9]{1,2})[:.h](?<mi>[0-9]{2})(?::(?<s>[0-9]{2})(?:[.,](?<f>[0-9]{1,9}))?)?(?<ampm>[ap]\.?m\.?)?(?<z>Z|[+-][0-9]{2}:?[0-9]{2})?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex TimePattern();

    [GeneratedRegex(@"^(?:GMT|UTC|UT)?(?<sign>[+-])(?<h>[0-9]{1,2})(?::?(?<m>[0-9]{2}))?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex OffsetPattern();

    [GeneratedRegex(@"^(?<n>[0-9]{1,4})(?<suffix>st|nd|rd|th|er|e|º|ª|°|\.)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex OrdinalPattern();

    [GeneratedRegex(@"\(([^)]*)\)", RegexOptions.CultureInvariant)]
    private static partial Regex CommentPattern();
}
