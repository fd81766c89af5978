using System.Globalization;
using System.Text.RegularExpressions;
using Pipeline.Dispatches;

namespace Pipeline.Normalizer.Wire;

/// <summary>
/// Keyword (slug) lines of agency text wires: <c>BC-Italy-Quake</c>, <c>^BC-Britain-Politics,1st Ld-Writethru,0512&lt;</c>,
/// <c>AM-Shooting, 2nd Writethru</c>, <c>Bundestag/Kinder</c>, <c>UPDATE 2-BRITAIN-POLITICS/</c>, and hint lines of
/// their own (<c>1ST LEAD</c>, <c>REFILE</c>, <c>URGENT</c>, <c>BULLETIN</c>, <c>EXTRA</c>, <c>CORRECTED</c>). The keyword
/// loses its cycle prefix (<c>BC-</c>, <c>AM-</c>, <c>PM-</c>), word count and end marks; a lead or write-through
/// ordinal <c>n</c> gives version <c>n + 1</c>, an unnumbered write-through, refile or correction version 2; FLASH,
/// BULLETIN and URGENT give urgency 1, 2 and 3.
/// </summary>
internal static partial class Slugs
{
    /// <summary>What one slug line says.</summary>
    internal readonly record struct Slug(string? Keyword, int Version, int? Urgency);

    public static Slug Read(string line)
    {
        var text = Strip(Iptc7901.Bounded(line));
        var version = 1;
        int? urgency = null;
        var prefix = PrefixHint().Match(text);
        if (prefix.Success)
        {
            text = text[prefix.Length..];
        }

        var hints = prefix.Success ? Hints().Matches(prefix.Value.TrimEnd('-', ' ') + " ").Cast<Match>().Concat(Hints().Matches(text)) : Hints().Matches(text);
        foreach (var hint in hints)
        {
            if (hint.Groups["ordinal"].Success)
            {
                version = Math.Max(version, Math.Min(99, int.Parse(hint.Groups["ordinal"].Value, CultureInfo.InvariantCulture)) + 1);
            }
            else if (hint.Groups["update"].Success)
            {
                version = Math.Max(version, Math.Min(99, int.Parse(hint.Groups["update"].Value, CultureInfo.InvariantCulture)) + 1);
            }
            else if (hint.Groups["revision"].Success)
            {
                version = Math.Max(version, 2);
            }
            else if (hint.Groups["priority"].Success)
            {
                var word = hint.Groups["priority"].Value.ToUpperInvariant();
                var value = word.StartsWith("FLASH", StringComparison.Ordinal) ? 1 : word.StartsWith("BULLETIN", StringComparison.Ordinal) ? 2 : 3;
                urgency = urgency is null ? value : Math.Min(urgency.Value, value);
            }
        }

        var keyword = Hints().Replace(Takes().Replace(text, " "), " ");
        keyword = string.Join(' ', keyword.Split(',').Select(p => p.Trim()).Where(p => p.Length > 0 && !p.All(c => char.IsAsciiDigit(c) || c == ' ')).Take(1));
        keyword = WordCountTail().Replace(keyword, string.Empty);
        keyword = CyclePrefix().Replace(keyword, string.Empty).Trim(' ', '-', '/', ':', ';', '.');
        return new Slug(keyword.Length > 0 ? keyword : null, version, urgency);
    }

    /// <summary>
    /// True when a line of text is a slug or hint line rather than a headline: a cycle prefix, a trailing word count,
    /// a version or priority hint, or one token joined by hyphens or slashes.
    /// </summary>
    public static bool IsSlugLine(string line)
    {
        var text = Strip(Iptc7901.Bounded(line));
        if (text.Length == 0 || text.Length > 120)
        {
            return false;
        }

        if (PrefixHint().Match(text) is { Success: true } prefix && !text[prefix.Length..].Contains(' ', StringComparison.Ordinal))
        {
            return true;
        }

        if (CyclePrefix().IsMatch(text) || WordCountAfterComma().IsMatch(text))
        {
            return true;
        }

        var withoutHints = Hints().Replace(text, " ").Trim(' ', ',', '-', '/', ':');
        if (withoutHints.Length == 0)
        {
            return true;
        }

        if (Hints().IsMatch(text) && Ordinal().IsMatch(text))
        {
            return true;
        }

        // One token such as Italy-Quake/, Bundestag/Kinder or ITALIA-GOVERNO.
        return !text.Contains(' ', StringComparison.Ordinal) && text.Length <= 60
            && (text.Contains('/', StringComparison.Ordinal) || (text.Contains('-', StringComparison.Ordinal) && text.Any(char.IsLetter)));
    }

    /// <summary>A headline without a leading hint such as <c>UPDATE 1-</c> or <c>REFILE-</c>; the hint is returned apart.</summary>
    public static (string Headline, string? Hint) StripHeadlinePrefix(string headline)
    {
        var prefix = PrefixHint().Match(headline);
        return prefix.Success && prefix.Length < headline.Length ? (headline[prefix.Length..].Trim(), prefix.Value) : (headline, null);
    }

    private static string Strip(string line) => line.Trim().TrimStart('^').TrimEnd('<', '@', '=', ' ').Trim();

    /// <summary>A Reuters-style leading hint: <c>UPDATE 2-</c>, <c>REFILE-</c>, <c>CORRECTED-</c>, <c>RPT-</c>, <c>URGENT-</c>.</summary>
    [GeneratedRegex(@"^(?:UPDATE\s?[0-9]{1,2}|REFILE|CORRECTED|CORRECTED\s?\(OFFICIAL\)|RPT|REPEAT|URGENT|BULLETIN|FLASH|EXCLUSIVE|WRAPUP\s?[0-9]{0,2})\s?-\s?", RegexOptions.CultureInvariant, RegexLimits.MatchTimeoutMilliseconds)]
    private static partial Regex PrefixHint();

    /// <summary>Take designations (<c>1st Add</c>, <c>Take 2</c>): not part of the keyword.</summary>
    [GeneratedRegex(@"(?<![\w-])(?:[0-9]{1,2}\s?(?:st|nd|rd|th|ST|ND|RD|TH)\s?(?:Add|ADD|Take|TAKE)|(?:Add|ADD|Take|TAKE)\s[0-9]{1,2})(?![\w-])", RegexOptions.CultureInvariant, RegexLimits.MatchTimeoutMilliseconds)]
    private static partial Regex Takes();

    [GeneratedRegex(@"(?<![\w-])(?:\b(?<ordinal>[0-9]{1,2})\s?(?:st|nd|rd|th|ST|ND|RD|TH)\s?-?\s?(?:Ld|LD|Lead|LEAD|Writethru|WRITETHRU|WriteThru|Update|UPDATE|Writethrough)(?:\s?-\s?(?:Writethru|WRITETHRU|WriteThru))?\b|\bUPDATE\s(?<update>[0-9]{1,2})\b\s?-?|\b(?<revision>Writethru|WRITETHRU|WriteThru|REFILE|Refile|CORRECTED|Corrected|CORRECTION|Correction|CORRECTS|Corrects|Ld-Writethru)\b|\b(?<priority>FLASH|BULLETIN|URGENT|Urgent|Bulletin|Flash)\b|\b(?:EXTRA|REPEAT|RPT|ADVISORY|Advisory|Adv[0-9]{1,2}|ADV[0-9]{1,2}|EILT|Eilt)\b)(?![\w-])", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, RegexLimits.MatchTimeoutMilliseconds)]
    private static partial Regex Hints();

    [GeneratedRegex(@"\b[0-9]{1,2}\s?(?:st|nd|rd|th|ST|ND|RD|TH)\b", RegexOptions.CultureInvariant, RegexLimits.MatchTimeoutMilliseconds)]
    private static partial Regex Ordinal();

    [GeneratedRegex(@"(?:[,\s][0-9]{3,5})?[<\s/]*$", RegexOptions.CultureInvariant, RegexLimits.MatchTimeoutMilliseconds)]
    private static partial Regex WordCountTail();

    [GeneratedRegex(@",\s?[0-9]{3,5}\s*$", RegexOptions.CultureInvariant, RegexLimits.MatchTimeoutMilliseconds)]
    private static partial Regex WordCountAfterComma();

    [GeneratedRegex(@"^(?:BC|AM|PM|AP|bc|am|pm)-(?=\S)", RegexOptions.CultureInvariant, RegexLimits.MatchTimeoutMilliseconds)]
    private static partial Regex CyclePrefix();
}
