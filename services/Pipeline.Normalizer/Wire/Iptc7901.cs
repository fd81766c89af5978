using System.Globalization;
using System.Text.RegularExpressions;
using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;
using Pipeline.Messaging;
using Pipeline.Normalizer.Articles;
using Pipeline.Normalizer.Dates;
using Pipeline.Normalizer.Geo;
using Pipeline.Normalizer.Text;

namespace Pipeline.Normalizer.Wire;

/// <summary>
/// IPTC 7901 (ANPA/IPTC recommended message format for agency text wires): <c>SOH</c>, heading
/// line(s), <c>STX</c>, the text, <c>ETX</c>, optional <c>EOT</c>; a payload may carry several
/// messages back to back. The first heading line holds the service and message number
/// (<c>ANS0123</c> or <c>a0412</c>), the priority (<c>1</c>–<c>6</c>, or an ANPA letter), the
/// category (<c>POL</c>, <c>SPO</c>, …, or an ANPA letter) and the word count; further heading
/// lines (or the rest of the first) are keyword/slug lines. The category becomes a section
/// (named when the code is a known IPTC 7901 or ANPA category), slugs become subjects. The
/// the priority becomes the article's urgency (<see cref="Urgencies"/>); the word count is read and not kept.
/// In the text: headline = first non-empty line (the slug when the text opens with a dateline,
/// with a <c>headline-derived</c> warning); <c>By Name</c> lines before the dateline are authors;
/// a dateline such as <c>ROME, Aug 13 (AP) -</c> or <c>ROMA, 13 AGO (ANSA) -</c> becomes
/// <see cref="Dateline"/> and the rest of its paragraph the lead; paragraphs are separated by
/// blank lines or by an indented line; end lines (<c>NNNN</c>, <c>(END)</c>, transmission
/// stamps such as <c>AP-NY-08-13-25 1012EDT</c> or <c>13-AGO-25 10:15</c>) are removed, a stamp
/// giving <c>PublishedAt</c> (UTC when it names no zone).
/// Repairs and rejections: a message without <c>ETX</c> runs to the end of its segment with an
/// <c>iptc7901-unterminated</c> warning; a message without <c>STX</c> (a heading and no text) is
/// skipped with an <c>iptc7901-skipped</c> warning, and a payload with no message that has text is
/// rejected as <c>malformed</c>. Message numbers restart every day, so they are not used as GUIDs.
/// </summary>
internal static partial class Iptc7901
{
    public const char Soh = '\u0001';
    public const char Stx = '\u0002';
    public const char Etx = '\u0003';
    public const char Eot = '\u0004';

    /// <summary>How far into the payload SOH may start (after white space, a <c>ZCZC</c> line or SYN characters).</summary>
    private const int MaxSohOffset = 32;

    /// <summary>How many paragraphs after the headline may hold the dateline.</summary>
    private const int DatelineSearchDepth = 3;

    private static readonly Dictionary<string, string> Categories = new(StringComparer.OrdinalIgnoreCase)
    {
        // IPTC 7901 category codes.
        ["ACE"] = "Arts, culture and entertainment", ["CLJ"] = "Crime, law and justice", ["DIS"] = "Disasters and accidents",
        ["FIN"] = "Economy, business and finance", ["EDU"] = "Education", ["EVN"] = "Environmental issues", ["HTH"] = "Health",
        ["HUM"] = "Human interest", ["LAB"] = "Labour", ["LIF"] = "Lifestyle and leisure", ["POL"] = "Politics",
        ["REL"] = "Religion and belief", ["SCI"] = "Science and technology", ["SOI"] = "Social issues", ["SPO"] = "Sports",
        ["WAR"] = "Unrest, conflicts and war", ["WEA"] = "Weather",

        // ANPA 1312 single-letter categories.
        ["a"] = "Domestic", ["b"] = "Special events", ["e"] = "Entertainment", ["f"] = "Financial", ["i"] = "International",
        ["k"] = "Commentary", ["l"] = "Lifestyle", ["n"] = "State and regional", ["o"] = "Weather", ["p"] = "Politics",
        ["q"] = "Sports results", ["s"] = "Sports", ["t"] = "Travel", ["v"] = "Advisories", ["w"] = "Washington",
    };

    /// <summary>True when the payload starts (after white space or a teletype preamble) with SOH and has an STX after it.</summary>
    public static bool IsFramed(ReadOnlySpan<char> payload)
    {
        var window = payload[..Math.Min(payload.Length, 8192)];
        var soh = window.IndexOf(Soh);
        return soh >= 0 && soh <= MaxSohOffset && window[soh..].IndexOf(Stx) > 0;
    }

    /// <summary>The characters 7901 framing uses, which the binary check must not count.</summary>
    public static bool IsFramingCharacter(char c) => c is Soh or Stx or Etx or Eot or '\u0016';

    /// <summary>One draft per message with text; skipped and repaired messages are recorded in <paramref name="documentWarnings"/> and the drafts.</summary>
    public static List<ArticleDraft> Map(string payload, DateTimeOffset receivedAt, int maxItems, List<ParseWarning> documentWarnings)
    {
        var segments = payload.Contains(Soh, StringComparison.Ordinal)
            ? payload.Split(Soh).Skip(1).ToList()
            : [payload];
        var drafts = new List<ArticleDraft>();
        foreach (var segment in segments.Take(maxItems))
        {
            var stx = segment.IndexOf(Stx, StringComparison.Ordinal);
            if (stx < 0)
            {
                documentWarnings.Add(new ParseWarning
                {
                    Code = "iptc7901-skipped",
                    Message = $"An IPTC 7901 message has no STX (heading '{Truncate(TextCleaner.Clean(segment))}' without text); it was skipped.",
                });
                continue;
            }

            var etx = segment.IndexOf(Etx, stx + 1);
            var draft = new ArticleDraft { Format = DispatchFormats.Iptc7901 };
            if (etx < 0)
            {
                draft.Warnings.Add(new ParseWarning
                {
                    Code = "iptc7901-unterminated",
                    Message = "The IPTC 7901 message has no ETX; its text was taken up to the end of the message.",
                });
            }

            var text = etx < 0 ? segment[(stx + 1)..].TrimEnd(Eot) : segment[(stx + 1)..etx];
            var heading = ReadHeading(segment[..stx]);
            ApplyHeading(draft, heading);
            draft.Urgency = Urgencies.FromIptc7901Priority(heading.Priority);
            ApplyText(draft, heading, text, receivedAt);
            drafts.Add(draft);
        }

        if (drafts.Count == 0)
        {
            throw new PermanentDispatchException(RejectionReasons.Malformed,
                "The IPTC 7901 payload has no message with text: every message needs SOH, a heading, STX, the text and ETX.");
        }

        return drafts;
    }

    internal static Heading ReadHeading(string text)
    {
        var lines = TextCleaner.NormalizeLineEndings(text).Split('\n')
            .Select(l => TextCleaner.Clean(l))
            .Where(l => l.Length > 0 && l is not "ZCZC")
            .ToList();
        var heading = new Heading();
        if (lines.Count == 0)
        {
            return heading;
        }

        var tokens = lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        var first = ServiceAndNumber().Match(tokens[0]);
        var next = 0;
        if (first.Success)
        {
            (heading.Service, heading.Number, next) = (first.Groups["service"].Value, first.Groups["number"].Value, 1);
        }
        else if (tokens.Count > 1 && tokens[0].All(char.IsAsciiLetter) && tokens[1].All(char.IsAsciiDigit))
        {
            (heading.Service, heading.Number, next) = (tokens[0], tokens[1], 2);
        }

        var slugTokens = new List<string>();
        foreach (var token in tokens.Skip(next))
        {
            if (heading.Priority is null && heading.Category is null && slugTokens.Count == 0 && PriorityToken().IsMatch(token))
            {
                heading.Priority = token;
            }
            else if (heading.Category is null && slugTokens.Count == 0 && token.Length <= 3 && token.All(char.IsAsciiLetter))
            {
                heading.Category = token;
            }
            else if (heading.WordCount is null && token.Length is >= 3 and <= 5 && token.All(char.IsAsciiDigit))
            {
                heading.WordCount = int.Parse(token, CultureInfo.InvariantCulture);
            }
            else if (!MonthDay().IsMatch(token) && !VersionToken().IsMatch(token))
            {
                slugTokens.Add(token);
            }
        }

        if (slugTokens.Count > 0)
        {
            heading.Keywords.Add(string.Join(' ', slugTokens));
        }

        heading.Keywords.AddRange(lines.Skip(1));
        for (var i = 0; i < heading.Keywords.Count; i++)
        {
            heading.Keywords[i] = CleanSlug(heading.Keywords[i]);
        }

        heading.Keywords.RemoveAll(k => k.Length == 0);
        return heading;
    }

    private static void ApplyHeading(ArticleDraft draft, Heading heading)
    {
        if (heading.Category is { } category)
        {
            draft.Sections.Add(Categories.TryGetValue(category, out var name) ? name : category.ToUpperInvariant());
        }

        draft.Subjects.AddRange(heading.Keywords);
    }

    private static void ApplyText(ArticleDraft draft, Heading heading, string text, DateTimeOffset receivedAt)
    {
        var lines = TextCleaner.NormalizeLineEndings(text).Split('\n').ToList();
        RemoveEndLines(draft, lines);

        var headlineIndex = lines.FindIndex(l => !string.IsNullOrWhiteSpace(l));
        if (headlineIndex < 0)
        {
            return;
        }

        var firstLine = TextCleaner.Clean(lines[headlineIndex]);
        if (Dateline(firstLine) is not null && heading.Keywords.Count > 0)
        {
            draft.Headline = heading.Keywords[0].Replace('-', ' ');
            draft.Warnings.Add(new ParseWarning { Code = "headline-derived", Message = "The text opens with its dateline; the headline was taken from the keyword (slug) line." });
        }
        else
        {
            draft.Headline = firstLine;
            lines[headlineIndex] = string.Empty;
        }

        var paragraphs = Paragraphs(lines);
        var index = 0;
        while (index < paragraphs.Count && index < DatelineSearchDepth && Byline().Match(paragraphs[index][0]) is { Success: true } byline)
        {
            var role = paragraphs[index].Count > 1 && paragraphs[index][1].Length <= 60 ? paragraphs[index][1] : null;
            draft.Authors.Add(new Author { Name = TextCleaner.TitleCaseIfUpper(byline.Groups["name"].Value.Trim()), Role = role });
            index++;
        }

        var body = paragraphs.Skip(index).Select(p => string.Join(' ', p)).ToList();
        for (var i = 0; i < Math.Min(body.Count, DatelineSearchDepth); i++)
        {
            var match = Dateline(body[i]);
            if (match is null)
            {
                continue;
            }

            // A transmission stamp dates the message better than the time it reached us (a replayed archive).
            draft.Dateline = BuildDateline(draft, body[i], match, draft.PublishedAt ?? receivedAt);
            var rest = match.Groups["rest"].Value.Trim();
            draft.Lead = rest.Length > 0 ? rest : null;
            if (rest.Length > 0)
            {
                body[i] = rest;
            }
            else
            {
                body.RemoveAt(i);
            }

            break;
        }

        draft.Paragraphs.AddRange(body);
        draft.Lead ??= body.FirstOrDefault();
    }

    /// <summary>
    /// Runs of lines; a blank line, or an indented line after text, starts a new paragraph. Indentation
    /// only counts when some text lines are not indented (a wire that indents every line marks nothing).
    /// </summary>
    private static List<List<string>> Paragraphs(List<string> lines)
    {
        var paragraphs = new List<List<string>>();
        var current = new List<string>();
        var texts = lines.Where(l => !string.IsNullOrWhiteSpace(l)).ToList();
        var indentMarks = texts.Any(IsIndented) && !texts.All(IsIndented);
        foreach (var raw in lines)
        {
            var line = TextCleaner.Clean(raw);
            if (line.Length == 0 || (indentMarks && IsIndented(raw) && current.Count > 0))
            {
                Flush();
            }

            if (line.Length > 0)
            {
                current.Add(line);
            }
        }

        Flush();
        return paragraphs;

        void Flush()
        {
            if (current.Count > 0)
            {
                paragraphs.Add([.. current]);
                current.Clear();
            }
        }
    }

    private static bool IsIndented(string line) =>
        line.Length > 0 && (line[0] == '\t' || line.StartsWith("  ", StringComparison.Ordinal));

    /// <summary>Removes trailing end-of-message lines; a transmission stamp sets the publication time.</summary>
    private static void RemoveEndLines(ArticleDraft draft, List<string> lines)
    {
        while (lines.Count > 0)
        {
            var line = TextCleaner.Clean(lines[^1]);
            if (line.Length == 0 || EndMarker().IsMatch(line))
            {
                lines.RemoveAt(lines.Count - 1);
                continue;
            }

            if (Stamp(line) is { } stamped)
            {
                draft.PublishedAt ??= stamped;
                lines.RemoveAt(lines.Count - 1);
                continue;
            }

            break;
        }
    }

    /// <summary>An ANPA stamp (<c>AP-NY-08-13-25 1012EDT</c>) or a day-month-year stamp (<c>13-AGO-25 10:15</c>, optionally with a zone).</summary>
    internal static DateTimeOffset? Stamp(string line)
    {
        var anpa = AnpaStamp().Match(line);
        if (anpa.Success)
        {
            return At(Year(anpa.Groups["year"].Value), Int(anpa.Groups["month"].Value), Int(anpa.Groups["day"].Value),
                Int(anpa.Groups["time"].Value[..2]), Int(anpa.Groups["time"].Value[2..]), anpa.Groups["zone"].Value);
        }

        var named = NamedMonthStamp().Match(line);
        if (named.Success && DateNames.TryMonth(named.Groups["month"].Value, out var month))
        {
            return At(Year(named.Groups["year"].Value), month, Int(named.Groups["day"].Value),
                Int(named.Groups["hour"].Value), Int(named.Groups["minute"].Value), named.Groups["zone"].Value);
        }

        return null;

        static int Int(string value) => int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
        static int Year(string value) => value.Length == 2 ? 2000 + Int(value) : Int(value);
    }

    private static DateTimeOffset? At(int year, int month, int day, int hour, int minute, string zone)
    {
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59)
        {
            return null;
        }

        var offset = zone.Length > 0 && DateNames.TryZone(zone, out var named) ? named : TimeSpan.Zero;
        return new DateTimeOffset(year, month, day, hour, minute, 0, offset);
    }

    private static Dateline BuildDateline(ArticleDraft draft, string paragraph, Match match, DateTimeOffset reference)
    {
        var place = TextCleaner.TitleCaseIfUpper(match.Groups["place"].Value.Trim().TrimEnd(','));
        var country = match.Groups["country"].Success ? match.Groups["country"].Value.Trim() : null;
        var region = match.Groups["region"].Success ? match.Groups["region"].Value.Trim() : null;
        var code = Countries.Resolve(country) ?? Countries.Resolve(region) ?? Countries.Resolve(place);
        if (country is null && region is not null && Countries.Resolve(region) is not null)
        {
            country = region;
        }

        DateOnly? date = null;
        if (match.Groups["date"].Success)
        {
            var dateText = match.Groups["date"].Value;
            date = LenientDateParser.ParseDate(dateText, reference.Year);
            if (date is { } parsed && parsed.ToDateTime(TimeOnly.MinValue) > reference.UtcDateTime.AddDays(31))
            {
                date = parsed.AddYears(-1);
            }

            if (date is null)
            {
                draft.Warnings.Add(new ParseWarning { Code = "date-unparsed", Message = $"The dateline date '{dateText}' could not be read." });
            }
        }

        return new Dateline
        {
            Place = place.Length > 0 ? place : null,
            Country = country,
            CountryCode = code,
            Date = date,
            Agency = match.Groups["agency"].Value.Trim(),
            Text = paragraph[..match.Groups["rest"].Index].TrimEnd(' ', '-', '–', '—', ':'),
        };
    }

    /// <summary>The dateline at the start of a paragraph, place first (<c>ROMA (ANSA) -</c>) or agency first (<c>(ANSA) - ROMA, 13 AGO -</c>).</summary>
    private static Match? Dateline(string paragraph) =>
        DatelinePattern().Match(paragraph) is { Success: true } placeFirst ? placeFirst
        : AgencyFirstDateline().Match(paragraph) is { Success: true } agencyFirst ? agencyFirst
        : null;

    /// <summary><c>BC-Italy-Quake,0412&lt;</c> → <c>Italy-Quake</c>: cycle prefix, word count and end marks removed.</summary>
    private static string CleanSlug(string slug) =>
        CyclePrefix().Replace(SlugTail().Replace(slug, string.Empty), string.Empty).Trim();

    private static string Truncate(string text) => text.Length <= 60 ? text : text[..60] + "…";

    /// <summary>The heading fields of one message.</summary>
    internal sealed class Heading
    {
        public string? Service { get; set; }
        public string? Number { get; set; }
        public string? Priority { get; set; }
        public string? Category { get; set; }
        public int? WordCount { get; set; }
        public List<string> Keywords { get; } = [];
    }

    [GeneratedRegex(@"^(?<service>[A-Za-z]{1,8}?)(?<number>[0-9]{3,5})$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex ServiceAndNumber();

    [GeneratedRegex(@"^(?:[1-6]|[fbudrFBUDR])$", RegexOptions.CultureInvariant)]
    private static partial Regex PriorityToken();

    [GeneratedRegex(@"^[0-9]{2}-[0-9]{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex MonthDay();

    [GeneratedRegex(@"^/?[A-Z][0-9]{1,3}$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionToken();

    [GeneratedRegex(@"(?:,[0-9]{2,5})?[<\s/]*$", RegexOptions.CultureInvariant)]
    private static partial Regex SlugTail();

    [GeneratedRegex(@"^(?:BC|AM|PM|AP)-", RegexOptions.CultureInvariant)]
    private static partial Regex CyclePrefix();

    [GeneratedRegex(@"^(?:NNNN|ZCZC|\(?END\)?|\(?FINE\)?|-{3,}|#{3,})$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex EndMarker();

    [GeneratedRegex(@"^(?:[A-Z]{2,5}-){1,2}(?<month>[0-9]{2})-(?<day>[0-9]{2})-(?<year>[0-9]{2}|[0-9]{4})\s+(?<time>[0-9]{4})(?<zone>[A-Z]{2,4})?\s*<?$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex AnpaStamp();

    [GeneratedRegex(@"^(?:[A-Z]{2,5}[- ][A-Z]{2,5}\s+)?(?<day>[0-9]{1,2})-(?<month>\p{L}{3,4})-(?<year>[0-9]{2}|[0-9]{4})\s+(?<hour>[0-9]{2}):?(?<minute>[0-9]{2})(?:\s*(?<zone>[A-Z]{2,4}))?(?:\s+NNNN)?$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex NamedMonthStamp();

    [GeneratedRegex(@"^(?:By|BY|by|Di|DI|di)\s+(?<name>\p{L}[\p{L}\p{M}.'’\- ]{1,60})$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex Byline();

    /// <summary>
    /// <c>PLACE[ (Country)][, Region][, date] (Agency) - rest</c>: <c>ROME, Aug 13 (AP) -</c>,
    /// <c>JACKSON, Miss. (AP) —</c>, <c>ROMA (ANSA) -</c>, <c>PYONGYANG (COREA DEL NORD), 13 AGO (ANSA) -</c>.
    /// The place must be in capitals, so an ordinary sentence never passes for a dateline.
    /// </summary>
    [GeneratedRegex(@"^(?<place>\p{Lu}[\p{Lu}\p{M} .'’\-]{1,40}?)(?:\s*\((?<country>[^)]{2,40})\)(?=\s*[,(]))?(?:\s*,\s*(?<region>\p{L}[\p{L} .]{1,30}?))?(?:\s*,\s*(?<date>\p{L}{3,9}\.?\s+[0-9]{1,2}|[0-9]{1,2}\s+\p{L}{3,9}\.?))?\s*\((?<agency>[^)]{2,30})\)\s*[-–—]+\s*(?<rest>.*)$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.Singleline)]
    private static partial Regex DatelinePattern();

    /// <summary><c>(Agency) - PLACE[ (Country)][, date] - rest</c>: <c>(ANSA) - ROMA, 13 AGO -</c>, <c>(AGI) - MILANO -</c>.</summary>
    [GeneratedRegex(@"^\((?<agency>[^)]{2,30})\)\s*[-–—]+\s*(?<place>\p{Lu}[\p{Lu}\p{M} .'’\-]{1,40}?)(?:\s*\((?<country>[^)]{2,40})\))?(?:\s*,\s*(?<date>\p{L}{3,9}\.?\s+[0-9]{1,2}|[0-9]{1,2}\s+\p{L}{3,9}\.?))?\s*[-–—]+\s*(?<rest>.*)$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.Singleline)]
    private static partial Regex AgencyFirstDateline();
}
