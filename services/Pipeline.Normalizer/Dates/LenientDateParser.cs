using System.Globalization;
using System.Text.RegularExpressions;
using Pipeline.Dispatches;

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

        // RFC 822 comments such as "(PST)" repeat the offset; drop them.
        var cleaned = CommentPattern().Replace(text, " ").Replace(',', ' ').Replace(';', ' ');
        var fields = new TokenFields();
        if (!fields.ReadNumericDate(ref cleaned))
        {
            return false;
        }

        foreach (var token in cleaned.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!fields.Read(token))
            {
                return false;
            }
        }

        return fields.TryComplete(defaultYear, out parts);
    }

    /// <summary>What reading one token found: not this kind of token, a field taken, or a token no date can hold.</summary>
    private enum Reading
    {
        NotThis,
        Taken,
        Invalid,
    }

    /// <summary>The fields of a human-written date, filled token by token (<c>Mercoledì 13 Agosto 2025, 3:05 pm CET</c>).</summary>
    private sealed class TokenFields
    {
        /// <summary>Each kind of token, in the order a token is tried against them.</summary>
        private static readonly Func<TokenFields, string, Reading>[] Readers =
        [
            static (fields, token) => fields.ReadDashedDate(token),
            static (fields, token) => fields.ReadTime(token),
            static (fields, token) => fields.ReadMeridiem(token),
            static (fields, token) => fields.ReadZone(token),
            static (fields, token) => fields.ReadNumber(token),
            static (fields, token) => fields.ReadName(token),
        ];

        private int? _year, _month, _day, _hour, _minute, _second;
        private long _ticks;

        /// <summary>A name that is both a month and a weekday in some language (Italian "mar"): the month only when no other is written.</summary>
        private int? _ambiguousMonth;

        private TimeSpan? _offset;
        private bool? _pm;

        /// <summary>
        /// A numeric date at the start (<c>2016/6/29</c>, <c>29/06/2016</c>, <c>29.06.2016</c>, <c>29-06-16</c>) is read
        /// and cut off <paramref name="text"/>; false when it has no year of two or four digits.
        /// </summary>
        public bool ReadNumericDate(ref string text)
        {
            var numeric = NumericDatePattern().Match(text);
            if (!numeric.Success)
            {
                return true;
            }

            var a = numeric.Groups["a"].Value;
            var b = Int(numeric.Groups["b"]);
            var c = numeric.Groups["c"].Value;
            if (a.Length == 4)
            {
                (_year, _month, _day) = (Int(a), b, Int(c));
            }
            else if (c.Length is 4 or 2)
            {
                var first = Int(a);
                (_day, _month) = first <= 12 && b > 12 ? (b, first) : (first, b);
                _year = c.Length == 4 ? Int(c) : ExpandYear(Int(c));
            }
            else
            {
                return false;
            }

            text = text[numeric.Length..];
            return true;
        }

        /// <summary>Reads one token into its field; false when no date can hold it.</summary>
        public bool Read(string token)
        {
            foreach (var read in Readers)
            {
                var reading = read(this, token);
                if (reading != Reading.NotThis)
                {
                    return reading == Reading.Taken;
                }
            }

            return false;
        }

        /// <summary>The date the fields make, the year defaulted; false when the day, month or year is missing or a field is out of range.</summary>
        public bool TryComplete(int? defaultYear, out Parts parts)
        {
            parts = default;
            var month = _month ?? _ambiguousMonth;
            var year = _year ?? defaultYear;
            if (year is null || month is null || _day is null)
            {
                return false;
            }

            var hour = _hour;
            if (_pm is not null && hour is not null)
            {
                if (hour is < 1 or > 12)
                {
                    return false;
                }

                hour = _pm.Value ? (hour % 12) + 12 : hour % 12;
            }

            return Build(year.Value, month.Value, _day.Value, hour ?? 0, _minute ?? 0, _second ?? 0, _ticks, _offset, out parts);
        }

        /// <summary><c>13-ago-2025</c>, <c>13/Aug/25</c>: a whole date in one token, when no day is known yet.</summary>
        private Reading ReadDashedDate(string token)
        {
            var dashed = DashedDatePattern().Match(token);
            if (!dashed.Success || !DateNames.TryMonth(dashed.Groups["m"].Value, out var month) || _day is not null)
            {
                return Reading.NotThis;
            }

            _day = Int(dashed.Groups["d"]);
            _month = month;
            _year = ExpandYear(Int(dashed.Groups["y"]), dashed.Groups["y"].Value.Length);
            return Reading.Taken;
        }

        /// <summary><c>15:07</c>, <c>3.05pm</c>, <c>15:07:41.5+02:00</c>: the first time written.</summary>
        private Reading ReadTime(string token)
        {
            var time = TimePattern().Match(token);
            if (!time.Success || _hour is not null)
            {
                return Reading.NotThis;
            }

            _hour = Int(time.Groups["h"]);
            _minute = Int(time.Groups["mi"]);
            _second = time.Groups["s"].Success ? Int(time.Groups["s"]) : 0;
            _ticks = time.Groups["f"].Success ? FractionTicks(time.Groups["f"].Value) : 0;
            if (time.Groups["ampm"].Success)
            {
                _pm = time.Groups["ampm"].Value.StartsWith('p') || time.Groups["ampm"].Value.StartsWith('P');
            }

            if (time.Groups["z"].Success)
            {
                _offset = ParseOffset(time.Groups["z"].Value);
                if (_offset is null)
                {
                    return Reading.Invalid;
                }
            }

            return Reading.Taken;
        }

        /// <summary><c>AM</c>, <c>p.m.</c> on their own.</summary>
        private Reading ReadMeridiem(string token)
        {
            var upper = token.ToUpperInvariant();
            if (upper is not ("AM" or "A.M." or "PM" or "P.M."))
            {
                return Reading.NotThis;
            }

            _pm = upper.StartsWith('P');
            return Reading.Taken;
        }

        /// <summary>A zone (<c>GMT</c>, <c>+0200</c>, <c>CEST</c>) when none is known yet.</summary>
        private Reading ReadZone(string token)
        {
            if (_offset is not null || ParseOffset(token) is not { } zone)
            {
                return Reading.NotThis;
            }

            _offset = zone;
            return Reading.Taken;
        }

        /// <summary>A number, ordinal or not (<c>13</c>, <c>13th</c>, <c>1er</c>, <c>13.</c>): four digits the year, else the day, then a two-digit year.</summary>
        private Reading ReadNumber(string token)
        {
            var ordinal = OrdinalPattern().Match(token);
            if (!ordinal.Success)
            {
                return Reading.NotThis;
            }

            var number = ordinal.Groups["n"].Value;
            var value = Int(ordinal.Groups["n"]);
            if (number.Length == 4 && _year is null)
            {
                _year = value;
            }
            else if (number.Length <= 2 && _day is null)
            {
                _day = value;
            }
            else if (number.Length <= 2 && _year is null)
            {
                _year = ExpandYear(value);
            }
            else
            {
                return Reading.Invalid;
            }

            return Reading.Taken;
        }

        /// <summary>A month or weekday name in any supported language, or a filler word (<c>de</c>, <c>del</c>, <c>at</c>); anything else is invalid.</summary>
        private Reading ReadName(string token)
        {
            var isMonth = DateNames.TryMonth(token, out var month);
            var isWeekday = DateNames.IsWeekday(token);
            if (isMonth && isWeekday)
            {
                _ambiguousMonth ??= month;
                return Reading.Taken;
            }

            if (isMonth)
            {
                if (_month is not null && _month != month)
                {
                    return Reading.Invalid;
                }

                _month = month;
                return Reading.Taken;
            }

            return isWeekday || DateNames.IsFiller(token) ? Reading.Taken : Reading.Invalid;
        }
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

    [GeneratedRegex(@"^(?<y>[0-9]{4})(?:-(?<mo>[0-9]{2})(?:-(?<d>[0-9]{2})(?:(?:T|\s+)(?<h>[0-9]{2}):(?<mi>[0-9]{2})(?::(?<s>[0-9]{2})(?:[.,](?<f>[0-9]{1,9}))?)?\s*(?<z>Z|UTC|GMT|[+-][0-9]{2}(?::?[0-9]{2})?)?)?)?)?$|^(?<y>[0-9]{4})(?<mo>[0-9]{2})(?<d>[0-9]{2})(?:T(?<h>[0-9]{2})(?<mi>[0-9]{2})(?<s>[0-9]{2})?(?<z>Z|[+-][0-9]{2}(?:[0-9]{2})?)?)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.NonBacktracking)]
    private static partial Regex IsoPattern();

    [GeneratedRegex(@"^\s*(?<a>[0-9]{1,4})[/.\-](?<b>[0-9]{1,2})[/.\-](?<c>[0-9]{1,4})(?=\s|T|$)T?", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, RegexLimits.MatchTimeoutMilliseconds)]
    private static partial Regex NumericDatePattern();

    [GeneratedRegex(@"^(?<d>[0-9]{1,2})[-/ ](?<m>\p{L}+\.?)[-/ ](?<y>[0-9]{2}|[0-9]{4})$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.NonBacktracking)]
    private static partial Regex DashedDatePattern();

    [GeneratedRegex(@"^(?<h>[0-9]{1,2})[:.h](?<mi>[0-9]{2})(?::(?<s>[0-9]{2})(?:[.,](?<f>[0-9]{1,9}))?)?(?<ampm>[ap]\.?m\.?)?(?<z>Z|[+-][0-9]{2}:?[0-9]{2})?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.NonBacktracking)]
    private static partial Regex TimePattern();

    [GeneratedRegex(@"^(?:GMT|UTC|UT)?(?<sign>[+-])(?<h>[0-9]{1,2})(?::?(?<m>[0-9]{2}))?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.NonBacktracking)]
    private static partial Regex OffsetPattern();

    [GeneratedRegex(@"^(?<n>[0-9]{1,4})(?<suffix>st|nd|rd|th|er|e|º|ª|°|\.)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.NonBacktracking)]
    private static partial Regex OrdinalPattern();

    [GeneratedRegex(@"\(([^)]*)\)", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex CommentPattern();
}
