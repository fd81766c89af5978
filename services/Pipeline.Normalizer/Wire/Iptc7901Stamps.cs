using System.Globalization;
using System.Text.RegularExpressions;
using Pipeline.Dispatches;
using Pipeline.Normalizer.Dates;

namespace Pipeline.Normalizer.Wire;

/// <summary>
/// Transmission stamps that close agency wire messages:
/// <list type="bullet">
/// <item>ANPA: <c>AP-NY-08-13-25 0512EDT</c>, <c>APNY 05-04-93 1530EDT</c> (month-day-year, time and zone);</item>
/// <item>IPTC 7901 trailer: <c>041530 GMT May 93</c>, <c>121545 MAR 24</c> (day, hour, minute, optional zone, month, year);</item>
/// <item>Canadian Press: <c>16:35ET 31-10-14</c> (time and zone, day-month-year);</item>
/// <item><c>13-AGO-25 10:15</c>, <c>13-AUG-2025 1015 GMT</c> (day-month-year and time).</item>
/// </list>
/// Two-digit years 70–99 are 19xx, the others 20xx. A stamp without a zone is UTC; ET, CT, MT and PT follow
/// US daylight-saving rules.
/// </summary>
internal static partial class Iptc7901Stamps
{
    public static DateTimeOffset? Parse(string line)
    {
        var text = Iptc7901.Bounded(line).Trim().TrimStart('^').TrimEnd('<', '=', ' ');
        if (text.Length is 0 or > 60)
        {
            return null;
        }

        var anpa = AnpaStamp().Match(text);
        if (anpa.Success)
        {
            return At(Year(anpa.Groups["year"].Value), Int(anpa.Groups["month"].Value), Int(anpa.Groups["day"].Value),
                Int(anpa.Groups["time"].Value[..2]), Int(anpa.Groups["time"].Value[2..]), anpa.Groups["zone"].Value);
        }

        var trailer = DayTimeMonthYear().Match(text);
        if (trailer.Success && DateNames.TryMonth(trailer.Groups["month"].Value, out var trailerMonth))
        {
            return At(Year(trailer.Groups["year"].Value), trailerMonth, Int(trailer.Groups["day"].Value),
                Int(trailer.Groups["hour"].Value), Int(trailer.Groups["minute"].Value), trailer.Groups["zone"].Value);
        }

        var canadian = TimeThenDate().Match(text);
        if (canadian.Success)
        {
            return At(Year(canadian.Groups["year"].Value), Int(canadian.Groups["month"].Value), Int(canadian.Groups["day"].Value),
                Int(canadian.Groups["hour"].Value), Int(canadian.Groups["minute"].Value), canadian.Groups["zone"].Value);
        }

        var named = NamedMonthStamp().Match(text);
        if (named.Success && DateNames.TryMonth(named.Groups["month"].Value, out var month))
        {
            return At(Year(named.Groups["year"].Value), month, Int(named.Groups["day"].Value),
                Int(named.Groups["hour"].Value), Int(named.Groups["minute"].Value), named.Groups["zone"].Value);
        }

        return null;
    }

    private static int Int(string value) => int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);

    private static int Year(string value) => value.Length == 2 ? (Int(value) >= 70 ? 1900 : 2000) + Int(value) : Int(value);

    private static DateTimeOffset? At(int year, int month, int day, int hour, int minute, string zone)
    {
        if (year is < 1970 or > 2200 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59)
        {
            return null;
        }

        var local = new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, Offset(zone, local));
    }

    private static TimeSpan Offset(string zone, DateTime local)
    {
        if (zone.Length == 0)
        {
            return TimeSpan.Zero;
        }

        if (DateNames.TryZone(zone, out var named))
        {
            return named;
        }

        var standard = zone.ToUpperInvariant() switch
        {
            "ET" => -5,
            "CT" => -6,
            "MT" => -7,
            "PT" => -8,
            _ => (int?)null,
        };
        return standard is { } hours ? TimeSpan.FromHours(hours + (IsUsDaylightTime(local) ? 1 : 0)) : TimeSpan.Zero;
    }

    /// <summary>US daylight time: from the second Sunday of March to the first Sunday of November (since 2007).</summary>
    private static bool IsUsDaylightTime(DateTime local)
    {
        var start = NthSunday(local.Year, 3, 2).AddHours(2);
        var end = NthSunday(local.Year, 11, 1).AddHours(2);
        return local >= start && local < end;

        static DateTime NthSunday(int year, int month, int n)
        {
            var first = new DateTime(year, month, 1, 0, 0, 0, DateTimeKind.Unspecified);
            var offset = ((int)DayOfWeek.Sunday - (int)first.DayOfWeek + 7) % 7;
            return first.AddDays(offset + (7 * (n - 1)));
        }
    }

    [GeneratedRegex(@"^[A-Z]{2,6}(?:-[A-Z]{2,5})?[- ](?<month>[0-9]{2})-(?<day>[0-9]{2})-(?<year>[0-9]{2}|[0-9]{4})\s+(?<time>[0-9]{4})\s?(?<zone>[A-Z]{2,4})?$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, RegexLimits.MatchTimeoutMilliseconds)]
    private static partial Regex AnpaStamp();

    [GeneratedRegex(@"^(?<day>[0-9]{2})(?<hour>[0-9]{2})(?<minute>[0-9]{2})\s+(?:(?<zone>[A-Z]{2,4})\s+)?(?<month>\p{L}{3,9})\.?\s+(?<year>[0-9]{2}|[0-9]{4})$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, RegexLimits.MatchTimeoutMilliseconds)]
    private static partial Regex DayTimeMonthYear();

    [GeneratedRegex(@"^(?<hour>[0-9]{1,2}):(?<minute>[0-9]{2})\s?(?<zone>[A-Z]{1,4})\s+(?<day>[0-9]{2})-(?<month>[0-9]{2})-(?<year>[0-9]{2}|[0-9]{4})$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, RegexLimits.MatchTimeoutMilliseconds)]
    private static partial Regex TimeThenDate();

    [GeneratedRegex(@"^(?:[A-Z]{2,5}[- ][A-Z]{2,5}\s+)?(?<day>[0-9]{1,2})-(?<month>\p{L}{3,4})-(?<year>[0-9]{2}|[0-9]{4})\s+(?<hour>[0-9]{2}):?(?<minute>[0-9]{2})(?:\s*(?<zone>[A-Z]{2,4}))?(?:\s+NNNN)?$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, RegexLimits.MatchTimeoutMilliseconds)]
    private static partial Regex NamedMonthStamp();
}
