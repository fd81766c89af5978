using System.Text.RegularExpressions;
using Pipeline.Dispatches;

namespace Pipeline.Normalizer.Wire;

/// <summary>
/// Datelines at the start of a wire paragraph, in the agencies' styles:
/// <c>WASHINGTON (AP) _</c>, <c>SPRINGFIELD, Ill. (AP) —</c>, <c>PERUGIA, Italy, Aug 13 (AP) -</c>, <c>LONDON, May 4 (Reuters) -</c>,
/// <c>MELBOURNE, May 4 AAP -</c>, <c>PYONGYANG (COREA DEL NORD), 13 AGO (ANSA) -</c>, <c>TORONTO _</c> (no agency),
/// <c>Berlin (dpa) -</c>, <c>Berlin (KNA) Die …</c> (no dash), and agency first: <c>(ANSA) - ROMA, 13 AGO -</c>.
/// A place in capitals may stand without an agency only before <c>_</c>, <c>--</c> or a dash; a place in mixed case
/// needs the agency in parentheses, so an ordinary sentence never passes for a dateline. Only the first
/// <see cref="Window"/> characters of a paragraph are looked at.
/// </summary>
internal static partial class Datelines
{
    private const int Window = 200;

    public static Match? Match(string paragraph)
    {
        var head = paragraph.Length <= Window ? paragraph : paragraph[..Window];
        var caps = CapsDateline().Match(head);
        if (caps.Success && Acceptable(caps, head))
        {
            return caps;
        }

        var mixed = MixedDateline().Match(head);
        if (mixed.Success && Acceptable(mixed, head))
        {
            return mixed;
        }

        var agencyFirst = AgencyFirstDateline().Match(head);
        if (agencyFirst.Success && agencyFirst.Length < head.Length)
        {
            return agencyFirst;
        }

        var agencyOnly = AgencyOnlyDateline().Match(head);
        return agencyOnly.Success && agencyOnly.Length < head.Length ? agencyOnly : null;
    }

    /// <summary>A place word that means "no place" (<c>UNDATED</c>).</summary>
    public static bool IsNoPlace(string place) => place.Equals("UNDATED", StringComparison.OrdinalIgnoreCase);

    private static bool Acceptable(Match match, string head)
    {
        if (match.Length >= head.Length)
        {
            // A dateline on a line of its own (the text follows in the next paragraph) needs its agency.
            return match.Groups["agency"].Success && match.Groups["sep"].Value.Trim().Length > 0;
        }

        var next = head[match.Length];
        if (!char.IsUpper(next) && !char.IsDigit(next) && next is not ('"' or '“' or '„' or '«' or '‘' or '\'' or '('))
        {
            return false;
        }

        var hasAgency = match.Groups["agency"].Success;
        var separator = match.Groups["sep"].Value.Trim();
        if (separator.Length == 0 && !hasAgency)
        {
            return false; // "Berlin (KNA) Die …" needs the agency
        }

        if (!hasAgency && !match.Groups["date"].Success)
        {
            // A bare place: TORONTO _, WASHINGTON -- ; at least three capitals, not a shouted word of a headline.
            // The separator stands apart (a slug such as BC-BBA-Standings or REFILE-U.S. is not a dateline).
            var place = match.Groups["place"].Value.Trim();
            var raw = match.Groups["sep"].Value;
            return place.Count(char.IsLetter) >= 3 && raw.Length > separator.Length + 1 && char.IsWhiteSpace(raw[0]) && char.IsWhiteSpace(raw[^1])
                && separator is "_" or "--" or "—" or "–" or "-";
        }

        return true;
    }

    private const string Country = @"(?:\s?\((?<country>[^()]{2,40})\)(?=\s?[,(]))?";
    private const string Region = @"(?:,\s?(?<region>\p{Lu}[\p{L}\p{M}.'’\-]*(?:\s\p{Lu}[\p{L}\p{M}.'’\-]*){0,3}))?";
    private const string Date = @"(?:,\s?(?<date>\p{L}{3,9}\.?\s[0-9]{1,2}(?:,\s?[0-9]{4})?|[0-9]{1,2}\.?\s\p{L}{3,9}\.?(?:\s[0-9]{4})?)(?:\s(?<agency>\p{Lu}{2,6}))?)?";
    private const string Separator = @"(?<sep>\s?(?:[-–—_]{1,2}|:)\s?|\s(?=[\p{Lu}""“„«]))";

    [GeneratedRegex(@"^(?<place>\p{Lu}[\p{Lu}\p{M}.'’\-]*(?:[ /]\p{Lu}[\p{Lu}\p{M}.'’\-]*){0,4})" + Country + Region + Date + @"(?:\s?\((?<agency>[^()]{2,30})\))?" + Separator, RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, RegexLimits.MatchTimeoutMilliseconds)]
    private static partial Regex CapsDateline();

    [GeneratedRegex(@"^(?<place>\p{Lu}[\p{L}\p{M}.'’\-]*(?:[ /]\p{Lu}[\p{L}\p{M}.'’\-]*){0,3})" + Country + Region + Date + @"\s?\((?<agency>[^()]{2,30})\)" + Separator, RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, RegexLimits.MatchTimeoutMilliseconds)]
    private static partial Regex MixedDateline();

    /// <summary>Agency without a place: <c>(Reuters) - The …</c>.</summary>
    [GeneratedRegex(@"^\((?<agency>\p{Lu}[\p{L}. ]{1,20})\)\s?[-–—_]{1,2}\s(?=[\p{Lu}""“„«])", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, RegexLimits.MatchTimeoutMilliseconds)]
    private static partial Regex AgencyOnlyDateline();

    [GeneratedRegex(@"^\((?<agency>[^()]{2,30})\)\s?[-–—_]{1,2}\s?(?<place>\p{Lu}[\p{Lu}\p{M}.'’\-]*(?:[ /]\p{Lu}[\p{Lu}\p{M}.'’\-]*){0,4})(?:\s?\((?<country>[^()]{2,40})\))?(?:,\s?(?<date>\p{L}{3,9}\.?\s[0-9]{1,2}|[0-9]{1,2}\.?\s\p{L}{3,9}\.?))?\s?[-–—_]{1,2}\s?", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, RegexLimits.MatchTimeoutMilliseconds)]
    private static partial Regex AgencyFirstDateline();
}
