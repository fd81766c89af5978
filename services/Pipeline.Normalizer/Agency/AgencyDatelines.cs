using System.Text.RegularExpressions;
using Pipeline.Dispatches;
using Pipeline.Normalizer.Text;
using Pipeline.TextRules;

namespace Pipeline.Normalizer.Agency;

/// <summary>
/// Datelines in the common agency styles, whatever the layout around them:
/// <c>(ANSA) - ROMA, 3 MAR -</c>, <c>(DIRE) Roma, 13 ago. -</c>, <c>ROMA, 01 LUG (ANSA) -</c>,
/// <c>Milano, 24 mar. (askanews) –</c>, <c>PARIS, 3 mars (AFP) -</c>, <c>LONDON, Sept 28 (Reuters) -</c>,
/// <c>Hamburg (dpa) -</c>, <c>SPRINGFIELD, Ill. (AP) —</c>, <c>MELBOURNE, May 4 AAP -</c>,
/// <c>ROMA, 3 MAR -</c> and a bare upper-case city <c>ROMA -</c>. One pattern with the groups the
/// parser reads (<c>place</c>, <c>region</c>, <c>country</c>, <c>date</c>, <c>agency</c>, <c>rest</c>).
/// </summary>
internal static partial class AgencyDatelines
{
    /// <summary>Agencies as they brand themselves, by folded name; an agency not listed keeps the form it was written in.</summary>
    private static readonly Dictionary<string, string> KnownAgencies = new(StringComparer.Ordinal)
    {
        ["ansa"] = "ANSA", ["ansamed"] = "ANSAmed", ["agi"] = "AGI", ["adnkronos"] = "Adnkronos", ["lapresse"] = "LaPresse",
        ["askanews"] = "Askanews", ["dire"] = "Dire", ["agenzia dire"] = "Dire", ["italpress"] = "Italpress", ["agenzia nova"] = "Agenzia Nova",
        ["nova"] = "Nova", ["ap"] = "AP", ["reuters"] = "Reuters", ["afp"] = "AFP", ["dpa"] = "dpa", ["aap"] = "AAP", ["efe"] = "EFE",
        ["xinhua"] = "Xinhua", ["kyodo"] = "Kyodo", ["yonhap"] = "Yonhap", ["tass"] = "TASS", ["upi"] = "UPI", ["bloomberg"] = "Bloomberg",
        ["apa"] = "APA", ["kna"] = "KNA", ["epd"] = "epd", ["sda"] = "SDA", ["ats"] = "ATS", ["belga"] = "Belga", ["anp"] = "ANP",
        ["lusa"] = "Lusa", ["europa press"] = "Europa Press", ["anadolu"] = "Anadolu", ["pti"] = "PTI", ["ians"] = "IANS", ["cp"] = "CP",
        ["pa"] = "PA", ["ptk"] = "PTK", ["ria novosti"] = "RIA Novosti", ["interfax"] = "Interfax", ["sir"] = "SIR", ["askanews it"] = "Askanews",
    };

    /// <summary>Values a source writes when it has none; never emitted as a place, author or agency.</summary>
    private static readonly HashSet<string> Placeholders = new(StringComparer.Ordinal)
    {
        "no data available", "no data", "n a", "na", "n d", "nd", "null", "none", "nil", "unknown", "undefined", "sconosciuto",
        "non disponibile", "anonymous", "anonimo", "tbd", "xxx", "test",
    };

    /// <summary>Lower-case particles inside a place name (<c>San Donà di Piave</c>, <c>Frankfurt am Main</c>).</summary>
    private static readonly HashSet<string> Particles = new(StringComparer.Ordinal)
    {
        "di", "de", "del", "della", "delle", "dei", "degli", "da", "in", "sul", "sulla", "al", "alla", "e", "ed", "am", "an", "im",
        "der", "den", "la", "le", "les", "du", "des", "sur", "en", "y", "of", "upon", "on", "the", "van", "von", "do", "dos", "das",
    };

    /// <summary>The dateline in any of the styles above at the start of a paragraph.</summary>
    public static Regex Pattern => Any();

    /// <summary>A sign-off naming a known agency at the end of the text, e.g. <c>(ANSA).</c>, <c>(AGI)</c>, <c>(askanews)</c>.</summary>
    public static Regex TrailerPattern => Trailer();

    /// <summary>
    /// Whether what a dateline match took for an agency can be one: not a country or region
    /// (<c>Kiev (Ucraina)</c>), and, when no date precedes it, a known agency or an acronym
    /// (<c>Sesto (Milano) -</c> is a place and its province, not an agency).
    /// </summary>
    public static bool IsPlausibleAgency(Match match)
    {
        ArgumentNullException.ThrowIfNull(match);
        var agency = match.Groups["agency"].Value.Trim();
        if (Clean(agency) is null || CountryTable.Resolve(agency) is not null || Geo.Regions.Resolve(agency) is not null)
        {
            return false;
        }

        return IsKnownAgency(agency) || match.Groups["date"].Success || !agency.Any(char.IsLower);
    }

    /// <summary>The agency's brand name for a name written in a dateline (<c>ITALPRESS</c> → <c>Italpress</c>).</summary>
    public static string? CanonicalAgency(string? written)
    {
        if (Clean(written) is not { } name)
        {
            return null;
        }

        return KnownAgencies.TryGetValue(TextFolding.FoldWords(name), out var brand) ? brand : name;
    }

    /// <summary>
    /// <paramref name="pattern"/> matched against <paramref name="text"/>, or null when there is no pattern or no match.
    /// A match timeout is not swallowed here: it becomes the dispatch's <c>unsafe</c> rejection at the normalizer's door.
    /// </summary>
    public static Match? MatchOrNull(Regex? pattern, string text)
    {
        var match = pattern?.Match(text);
        return match is { Success: true } ? match : null;
    }

    /// <summary>Whether the name is a known news agency.</summary>
    public static bool IsKnownAgency(string? name) => !string.IsNullOrWhiteSpace(name) && KnownAgencies.ContainsKey(TextFolding.FoldWords(name));

    /// <summary>The value trimmed, or null when it is empty, only punctuation or a placeholder such as <c>No-Data-Available</c> or <c>N/A</c>.</summary>
    public static string? Clean(string? value)
    {
        var trimmed = value?.Trim(' ', ',', ';', ':', '-', '–', '—', '.', '(', ')', '"', '\'');
        if (string.IsNullOrWhiteSpace(trimmed) || !trimmed.Any(char.IsLetter))
        {
            return null;
        }

        return Placeholders.Contains(TextFolding.FoldWords(trimmed)) ? null : value!.Trim().TrimEnd(',', ';', ':');
    }

    /// <summary>A place name as a reader writes it: <c>SAN DONÀ DI PIAVE</c> → <c>San Donà di Piave</c>; mixed case kept.</summary>
    public static string PlaceName(string place)
    {
        var text = place.Trim();
        if (text.Any(char.IsLower))
        {
            return text;
        }

        var words = TextCleaner.TitleCaseIfUpper(text).Split(' ');
        for (var i = 1; i < words.Length; i++)
        {
            if (Particles.Contains(words[i].ToLowerInvariant()))
            {
                words[i] = words[i].ToLowerInvariant();
            }
        }

        return string.Join(' ', words);
    }

    // Building blocks. Each repeats a delimiter-separated unit a bounded number of times, so no
    // quantifier nests over an ambiguous one; a match timeout bounds the rest.
    private const string Dash = @"(?:[-–—]{1,2}|\.-)";

    /// <summary>A place: capitalised words, short lower-case particles between them (<c>Frankfurt am Main</c>, <c>Rio de Janeiro</c>).</summary>
    private const string Place = @"\p{Lu}[\p{L}'’.]{0,30}(?:[ \-/](?:\p{Lu}[\p{L}'’.]{0,30}|\p{Ll}{1,3})){0,4}";

    /// <summary>An upper-case place alone before a dash: <c>ROMA -</c>, <c>NEW YORK —</c>, <c>L'AQUILA -</c>.</summary>
    private const string CapsPlace = @"\p{Lu}[\p{Lu}'’.]{2,30}(?:[ \-](?:\p{Lu}[\p{Lu}'’.]{0,30}|\p{Ll}{1,3})){0,4}";

    /// <summary>A region or state after a comma: <c>Ill.</c>, <c>N.Y.</c>, <c>Ukraine</c>, <c>Bavaria</c>.</summary>
    private const string Region = @"\p{Lu}[\p{L}.'’]{0,20}(?:[ \-]\p{Lu}[\p{L}.'’]{0,20}){0,2}";

    private const string Month = @"\p{L}{3,10}\.?";

    /// <summary>Day and month either way round (<c>3 MAR</c>, <c>13 ago.</c>, <c>3. März</c>, <c>May 4</c>, <c>Sept. 28</c>), optional weekday and year.</summary>
    private const string Date = @"(?:" + ItalianPatterns.Weekday + @",?\s+)?(?:[0-9]{1,2}\.?\s?" + Month + @"|" + Month + @"\s?[0-9]{1,2}(?:st|nd|rd|th)?)(?:,?\s+[0-9]{4})?";

    /// <summary>An agency in parentheses: a name of up to four words (<c>ANSA</c>, <c>dpa</c>, <c>ANSA-AFP</c>, <c>Il Sole 24 Ore</c>).</summary>
    private const string AgencyName = @"[\p{L}0-9][\p{L}0-9.&'’]{0,20}(?:[ \-/][\p{L}0-9][\p{L}0-9.&'’]{0,20}){0,3}";

    /// <summary>A bare agency acronym after the date (<c>MELBOURNE, May 4 AAP -</c>).</summary>
    private const string BareAgency = @"[A-Z]{2,6}";

    private const string Rest = @"(?<rest>.*)$";

    /// <summary>
    /// The Italian layout's dateline: place, optional region or country in parentheses, a dash, the
    /// date (abbreviated or full, optional weekday and year), the agency or outlet in parentheses.
    /// </summary>
    private const string LayoutBody =
        @"(?<place>[^()\n]{2,60}?)\s*(?:\((?<country>[^()\n]{2,60})\)\s*)?" + Dash + @"\s*(?<date>" + LayoutDate + @")\s*\((?<agency>[^()\n]{2,60})\)\s*(?:[-–—:.]\s*)?" + Rest;

    /// <summary>Day, month name and optional year after an optional weekday, or a numeric date (<c>13/08/2025</c>).</summary>
    private const string LayoutDate = @"(?:" + ItalianPatterns.Weekday + @",?\s+)?[0-9]{1,2}\.?\s+\p{L}{3,}\.?(?:\s+[0-9]{4})?|[0-9]{1,2}[/.][0-9]{1,2}[/.][0-9]{2,4}";

    /// <summary>The Italian layout's dateline alone (see <see cref="LayoutBody"/>).</summary>
    public static Regex LayoutPattern => Layout();

    [GeneratedRegex(@"^\s*" + LayoutBody, RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.Singleline, RegexLimits.MatchTimeoutMilliseconds)]
    private static partial Regex Layout();

    [GeneratedRegex(@"\s*\((?i:ANSA(?:med)?|AGI|Adnkronos|LaPresse|askanews|DIRE|Italpress|Nova|AFP|AP|Reuters|dpa|EFE|Xinhua)(?:[-/ ][A-Za-z]{2,10})?\)\.?\s*$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.NonBacktracking)]
    private static partial Regex Trailer();

    [GeneratedRegex(
        @"^\s*(?:" +
        // Roma (Lazio) - 13 ago 2025 (ANSA) …   Pyongyang (Nord Corea) - Mercoledì 13 Agosto 2025 (Prima Notizia 24) …
        LayoutBody + @"|" +
        // (ANSA) - ROMA, 3 MAR - …   (DIRE) Roma, 13 ago. - …   (AGI) - Roma - …
        @"\((?<agency>" + AgencyName + @")\)\s*(?:" + Dash + @"\s*)?(?<place>" + Place + @")(?:\s*\((?<country>[^()]{2,40})\))?\s*(?:,\s*(?<date>" + Date + @"))?\s*" + Dash + @"\s*" + Rest +
        // ROMA, 01 LUG (ANSA) - …   LONDON, Sept 28 (Reuters) - …   KYIV, Ukraine, May 2 (AP) — …
        @"|(?<place>" + Place + @")\s*(?:,\s*(?<region>" + Region + @"))?\s*,\s*(?<date>" + Date + @")\s*\((?<agency>" + AgencyName + @")\)\s*(?:" + Dash + @"\s*)?" + Rest +
        // Hamburg (dpa) - …   SPRINGFIELD, Ill. (AP) — …   PALERMO (ITALPRESS) – …   Berlin (AFP) Im …
        @"|(?<place>" + Place + @")\s*(?:,\s*(?<region>" + Region + @"))?\s*\((?<agency>" + AgencyName + @")\)\s*(?:" + Dash + @"\s*)?" + Rest +
        // MELBOURNE, May 4 AAP - …
        @"|(?<place>" + Place + @")\s*,\s*(?<date>" + Date + @")\s+(?<agency>" + BareAgency + @")\s*" + Dash + @"\s*" + Rest +
        // ROMA, 3 MAR - …   (no agency: the date must read as a date)
        @"|(?<place>" + Place + @")\s*(?:\((?<country>[^()]{2,40})\))?\s*,\s*(?<date>" + Date + @")\s*" + Dash + @"\s*" + Rest +
        // ROMA - …   (a bare upper-case city)
        @"|(?<place>" + CapsPlace + @")\s+" + Dash + @"\s+" + Rest +
        // (Adnkronos) - …   (no place: only a known agency counts)
        @"|\((?<agency>" + AgencyName + @")\)\s*" + Dash + @"\s*" + Rest +
        @")",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.Singleline, RegexLimits.MatchTimeoutMilliseconds)]
    private static partial Regex Any();
}
