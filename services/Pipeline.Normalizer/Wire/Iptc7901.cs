using System.Globalization;
using System.Text.RegularExpressions;
using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;
using Pipeline.Dispatches;
using Pipeline.Normalizer.Articles;
using Pipeline.Normalizer.Text;

namespace Pipeline.Normalizer.Wire;

/// <summary>
/// IPTC 7901 and ANPA 1312 agency text wires: <c>[SYN SYN] SOH</c>, heading line(s), <c>STX</c>, the text,
/// <c>ETX</c>, an optional trailer (time stamp) and <c>EOT</c>; a payload may carry several messages back to
/// back. A payload whose control characters were lost (no SOH/STX) is read the same way when its first line
/// has the shape of a heading.
/// <para>Heading: service and message number (<c>ANS0123</c>, <c>bdt0123</c>, <c>a0412</c>), an optional ANPA
/// selector code, the priority (IPTC <c>1</c>–<c>6</c> or ANPA <c>f b u r d</c>) → <see cref="ArticleDraft.Urgency"/>,
/// the category (IPTC 7901 three-letter code, agency two-letter code or ANPA letter) → a section, the word
/// count, an agency name, and the keyword/slug (<c>BC-Italy-Quake</c>, <c>AM-Shooting, 1st Ld-Writethru</c>)
/// → a subject, whose version hint (<c>1st Ld</c>, <c>2nd Writethru</c>, <c>REFILE</c>) raises the version.</para>
/// <para>Text (see <see cref="Iptc7901Text"/>): transmission marks (<c>^</c> field starts, <c>&lt;</c> line ends,
/// <c>@</c>, <c> =</c> paragraph ends, <c>(MORE)</c>, <c>(END)</c>, <c>ENDIT</c>, <c>NNNN</c>, take lines) are
/// removed; slug and keyword lines (<c>1ST LEAD</c>, <c>URGENT</c>, <c>^BC-…,0512</c>) are subjects, not the
/// headline; editor's notes are dropped; <c>By</c> lines and their role lines are authors; the dateline
/// (<c>WASHINGTON (AP) _</c>, <c>LONDON, May 4 (Reuters) -</c>, <c>MELBOURNE, May 4 AAP -</c>,
/// <c>Berlin (dpa) -</c>, <c>TORONTO _</c>) gives place and agency and is cut from the lead; a transmission
/// stamp (<c>AP-NY-08-13-25 1012EDT</c>, <c>041530 GMT May 93</c>, <c>121545 MAR 24</c>, <c>16:35ET 31-10-14</c>)
/// gives <c>PublishedAt</c>; table rows (tabs, aligned columns) stay one paragraph each.</para>
/// Repairs and rejections: a message without <c>ETX</c> runs to the end of its segment with an
/// <c>iptc7901-unterminated</c> warning; a message without <c>STX</c> (a heading and no text) is
/// skipped with an <c>iptc7901-skipped</c> warning, and a payload with no message that has text is
/// rejected as <c>malformed</c>. Message numbers restart every day, so they are not used as GUIDs.
/// Linear time: every line is cut to <see cref="MaxLineLength"/> before a pattern sees it, and every pattern
/// has the match timeout of <see cref="Pipeline.Dispatches.RegexLimits"/> (a timeout rejects the dispatch as unsafe).
/// </summary>
internal static partial class Iptc7901
{
    public const char Soh = '\u0001';
    public const char Stx = '\u0002';
    public const char Etx = '\u0003';
    public const char Eot = '\u0004';
    public const char Syn = '\u0016';

    /// <summary>Lines longer than this are cut before any pattern sees them.</summary>
    internal const int MaxLineLength = 4000;

    /// <summary>How far into the payload SOH may start (after white space, a <c>ZCZC</c> line or SYN characters).</summary>
    private const int MaxSohOffset = 64;

    private static readonly Dictionary<string, string> Categories = new(StringComparer.Ordinal)
    {
        // IPTC 7901 category codes (upper or lower case).
        ["ACE"] = "Arts, culture and entertainment", ["CLJ"] = "Crime, law and justice", ["DIS"] = "Disasters and accidents",
        ["FIN"] = "Economy, business and finance", ["EDU"] = "Education", ["EVN"] = "Environmental issues", ["HTH"] = "Health",
        ["HUM"] = "Human interest", ["LAB"] = "Labour", ["LIF"] = "Lifestyle and leisure", ["POL"] = "Politics",
        ["REL"] = "Religion and belief", ["SCI"] = "Science and technology", ["SOI"] = "Social issues", ["SPO"] = "Sports",
        ["WAR"] = "Unrest, conflicts and war", ["WEA"] = "Weather",

        // Two-letter desk codes of German-language 7901 services (dpa, APA, SDA, KNA, epd).
        ["PL"] = "Politics", ["WI"] = "Economy, business and finance", ["SP"] = "Sports", ["KU"] = "Arts, culture and entertainment",
        ["VM"] = "Human interest", ["WT"] = "Science and technology",

        // ANPA 1312 single-letter categories (lower case in the heading).
        ["a"] = "Domestic", ["b"] = "Special events", ["e"] = "Entertainment", ["f"] = "Financial", ["i"] = "International",
        ["k"] = "Commentary", ["l"] = "Lifestyle", ["n"] = "State and regional", ["o"] = "Weather", ["p"] = "Politics",
        ["q"] = "Sports results", ["s"] = "Sports", ["t"] = "Travel", ["v"] = "Advisories", ["w"] = "Washington",
    };

    /// <summary>Agency names a heading may carry as a word of its own (<c>bdt0123 4 pl 245 dpa 0456</c>).</summary>
    private static readonly Dictionary<string, string> HeadingAgencies = new(StringComparer.OrdinalIgnoreCase)
    {
        ["dpa"] = "dpa", ["afp"] = "AFP", ["ap"] = "AP", ["kna"] = "KNA", ["epd"] = "epd", ["apa"] = "APA", ["sda"] = "SDA",
        ["ansa"] = "ANSA", ["agi"] = "AGI", ["aap"] = "AAP", ["reuters"] = "Reuters", ["efe"] = "EFE", ["anp"] = "ANP",
        ["belga"] = "Belga", ["ddp"] = "ddp", ["dapd"] = "dapd", ["ips"] = "IPS", ["upi"] = "UPI", ["cp"] = "CP", ["pa"] = "PA",
    };

    /// <summary>True when the payload starts (after white space or a teletype preamble) with SOH and has an STX after it.</summary>
    public static bool IsFramed(ReadOnlySpan<char> payload)
    {
        var window = payload[..Math.Min(payload.Length, 8192)];
        var soh = window.IndexOf(Soh);
        return soh >= 0 && soh <= MaxSohOffset && window[soh..].IndexOf(Stx) > 0;
    }

    /// <summary>
    /// True when a payload without framing characters opens like a 7901/ANPA message: an optional <c>ZCZC</c>
    /// line, then a heading line (<c>a0412  r i BC-Italy-Quake 08-13 0287</c>, <c>bdt0123 4 pl 245 dpa 0456</c>).
    /// </summary>
    public static bool LooksUnframed(ReadOnlySpan<char> payload)
    {
        var start = payload.TrimStart(" \t\r\n\uFEFF");
        if (start.IsEmpty || start[0] is '<' or '{')
        {
            return false; // XML, HTML or JSON: no wire heading (and no cost on the hot path of feeds)
        }

        var text = payload[..Math.Min(payload.Length, 2048)].ToString();
        var lines = TextCleaner.NormalizeLineEndings(text).Split('\n');
        foreach (var raw in lines.Take(4))
        {
            var line = Bounded(raw).Trim(' ', '\t', Syn);
            if (line.Length == 0 || line is "ZCZC")
            {
                continue;
            }

            return UnframedHeading().IsMatch(line) || (line.StartsWith('^') && Slugs.IsSlugLine(line));
        }

        return false;
    }

    /// <summary>One draft per message with text; skipped and repaired messages are recorded in <paramref name="documentWarnings"/> and the drafts.</summary>
    public static List<ArticleDraft> Map(string payload, DateTimeOffset receivedAt, int maxItems, List<ParseWarning> documentWarnings)
    {
        var framed = payload.Contains(Soh, StringComparison.Ordinal);
        if (!framed && !LooksUnframed(payload))
        {
            throw new PermanentDispatchException(RejectionReasons.Malformed,
                "The IPTC 7901 payload has neither SOH/STX framing nor a heading line (such as 'a0412 r i BC-Slug 08-13 0287') to start it.");
        }

        var segments = framed ? payload.Split(Soh).Skip(1).ToList() : [Unframed(payload)];
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
            if (etx < 0 && framed)
            {
                draft.Warnings.Add(new ParseWarning
                {
                    Code = "iptc7901-unterminated",
                    Message = "The IPTC 7901 message has no ETX; its text was taken up to the end of the message.",
                });
            }

            var text = etx < 0 ? segment[(stx + 1)..].TrimEnd(Eot) : segment[(stx + 1)..etx];
            var trailer = etx < 0 ? string.Empty : segment[(etx + 1)..];
            var heading = ReadHeading(segment[..stx]);
            Iptc7901Text.Apply(draft, heading, text, trailer, receivedAt);
            ApplyHeading(draft, heading);
            draft.Urgency = Urgencies.FromIptc7901Priority(heading.Priority) ?? heading.PriorityHint;
            draft.Version = Math.Max(draft.Version, heading.Version);
            drafts.Add(draft);
        }

        if (drafts.Count == 0)
        {
            throw new PermanentDispatchException(RejectionReasons.Malformed,
                "The IPTC 7901 payload has no message with text: every message needs SOH, a heading, STX, the text and ETX.");
        }

        return drafts;
    }

    /// <summary>A payload without SOH/STX: the heading line (and a <c>ZCZC</c> before it) becomes the heading, the rest the text.</summary>
    private static string Unframed(string payload)
    {
        var normalized = TextCleaner.NormalizeLineEndings(payload);
        var position = 0;
        for (var i = 0; i < 4 && position < normalized.Length; i++)
        {
            var end = normalized.IndexOf('\n', position);
            if (end < 0)
            {
                end = normalized.Length;
            }

            var line = Bounded(normalized[position..end]).Trim(' ', '\t', Syn);
            if (line.Length > 0 && line is not "ZCZC")
            {
                return UnframedHeading().IsMatch(line)
                    ? normalized[..end] + Stx + normalized[Math.Min(end + 1, normalized.Length)..]
                    : Stx + normalized;
            }

            position = end + 1;
        }

        return Stx + normalized;
    }

    internal static Heading ReadHeading(string text)
    {
        var lines = TextCleaner.NormalizeLineEndings(text).Split('\n')
            .Select(l => TextCleaner.Clean(Bounded(l)).TrimEnd('<').Trim())
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

        // ANPA: an optional selector code (letters) between the number and a one-letter priority.
        if (next > 0 && tokens.Count > next + 1 && tokens[next].Length >= 3 && tokens[next].All(char.IsAsciiLetterLower)
            && PriorityToken().IsMatch(tokens[next + 1]) && !HeadingAgencies.ContainsKey(tokens[next]))
        {
            heading.Selector = tokens[next];
            next++;
        }

        var slugTokens = new List<string>();
        for (var i = next; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (heading.Priority is null && heading.Category is null && slugTokens.Count == 0 && PriorityToken().IsMatch(token))
            {
                heading.Priority = token;
            }
            else if (heading.Category is null && slugTokens.Count == 0 && token.Length <= 3 && token.All(char.IsAsciiLetter)
                && !HeadingAgencies.ContainsKey(token))
            {
                heading.Category = token;
            }
            else if (slugTokens.Count == 0 && heading.Category is not null && token is "text" or "tab" or "bx" or "tx")
            {
                // ANPA format identifier: not a keyword.
            }
            else if (HeadingAgencies.TryGetValue(token, out var agency))
            {
                heading.Agency ??= agency;
            }
            else if (slugTokens.Count == 0 && heading.WordCount is not null && token.Length is >= 3 and <= 8 && token.All(char.IsAsciiLetterLower))
            {
                // A routing code after the word count (bkn014 4 pl 171 vvvvb KNA …): not a keyword.
            }
            else if (heading.WordCount is null && token.Length is >= 3 and <= 5 && token.All(char.IsAsciiDigit))
            {
                heading.WordCount = int.Parse(token, CultureInfo.InvariantCulture);
            }
            else if (token.All(char.IsAsciiDigit) || MonthDay().IsMatch(token) || VersionToken().IsMatch(token)
                || ReferenceToken().IsMatch(token))
            {
                // Filing date, reference or repeat marks: not keywords.
            }
            else
            {
                slugTokens.Add(token);
            }
        }

        var slugLines = new List<string>();
        if (slugTokens.Count > 0)
        {
            slugLines.Add(string.Join(' ', slugTokens));
        }

        slugLines.AddRange(lines.Skip(1));
        foreach (var line in slugLines)
        {
            heading.AddSlug(line);
        }

        return heading;
    }

    private static void ApplyHeading(ArticleDraft draft, Heading heading)
    {
        if (heading.Category is { } category)
        {
            var key = category.Length == 1 ? category.ToLowerInvariant() : category.ToUpperInvariant();
            draft.Sections.Add(Categories.TryGetValue(key, out var name) ? name : category.ToUpperInvariant());
        }

        draft.Subjects.AddRange(heading.Keywords);
    }

    /// <summary>A transmission stamp (see <see cref="Iptc7901Stamps"/>), or null.</summary>
    internal static DateTimeOffset? Stamp(string line) => Iptc7901Stamps.Parse(line);

    private static string Truncate(string text) => text.Length <= 60 ? text : text[..60] + "…";

    /// <summary>A line cut to <see cref="MaxLineLength"/>.</summary>
    internal static string Bounded(string line) => line.Length <= MaxLineLength ? line : line[..MaxLineLength];

    /// <summary>The heading fields of one message.</summary>
    internal sealed class Heading
    {
        public string? Service { get; set; }
        public string? Number { get; set; }
        public string? Selector { get; set; }
        public string? Priority { get; set; }
        public string? Category { get; set; }
        public int? WordCount { get; set; }
        public string? Agency { get; set; }
        public List<string> Keywords { get; } = [];

        /// <summary>Urgency from a keyword such as <c>FLASH</c>, <c>BULLETIN</c> or <c>URGENT</c>, when the heading has no priority.</summary>
        public int? PriorityHint { get; set; }

        /// <summary>Version from a hint such as <c>2nd Ld-Writethru</c> (3) or <c>REFILE</c> (2); 1 when none.</summary>
        public int Version { get; set; } = 1;

        /// <summary>Reads one slug or keyword line: the keyword becomes a subject, version and priority hints are kept.</summary>
        public void AddSlug(string line)
        {
            var slug = Slugs.Read(line);
            Version = Math.Max(Version, slug.Version);
            PriorityHint = Min(PriorityHint, slug.Urgency);
            if (slug.Keyword is { Length: > 0 } keyword && !Keywords.Contains(keyword, StringComparer.OrdinalIgnoreCase))
            {
                Keywords.Add(keyword);
            }
        }

        private static int? Min(int? a, int? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);
    }

    [GeneratedRegex(@"^(?<service>[A-Za-z]{1,8}?)(?<number>[0-9]{3,5})$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, RegexLimits.MatchTimeoutMilliseconds)]
    private static partial Regex ServiceAndNumber();

    [GeneratedRegex(@"^(?:[1-6]|[fbudrFBUDR])$", RegexOptions.CultureInvariant, RegexLimits.MatchTimeoutMilliseconds)]
    private static partial Regex PriorityToken();

    [GeneratedRegex(@"^[0-9]{2}-[0-9]{2}$", RegexOptions.CultureInvariant, RegexLimits.MatchTimeoutMilliseconds)]
    private static partial Regex MonthDay();

    [GeneratedRegex(@"^/?[A-Z][0-9]{1,3}$", RegexOptions.CultureInvariant, RegexLimits.MatchTimeoutMilliseconds)]
    private static partial Regex VersionToken();

    /// <summary>ANPA reference (<c>TB06</c>) or a 7901 message reference (<c>170123-89-00065#2</c>).</summary>
    [GeneratedRegex(@"^(?:[A-Z]{1,3}[0-9]{2,4}|[0-9][0-9#\-]{5,30})$", RegexOptions.CultureInvariant, RegexLimits.MatchTimeoutMilliseconds)]
    private static partial Regex ReferenceToken();

    /// <summary>A heading line without its SOH: service+number, optional selector, priority, category.</summary>
    [GeneratedRegex(@"^(?:[A-Za-z]{1,8}|[A-Z]{2,8} )[0-9]{3,5}[ \t]+(?:[a-z]{3,8}[ \t]+)?(?:[1-6]|[fbudr])[ \t]+[A-Za-z]{1,3}(?:[ \t]|$)", RegexOptions.CultureInvariant, RegexLimits.MatchTimeoutMilliseconds)]
    private static partial Regex UnframedHeading();
}
