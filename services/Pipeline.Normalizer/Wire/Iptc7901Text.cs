using System.Text.RegularExpressions;
using Pipeline.Contracts.Articles;
using Pipeline.Dispatches;
using Pipeline.Normalizer.Articles;
using Pipeline.Normalizer.Dates;
using Pipeline.Normalizer.Text;
using Pipeline.TextRules;

namespace Pipeline.Normalizer.Wire;

/// <summary>
/// The text of one IPTC 7901 / ANPA message: transmission marks removed, front matter (slug and hint lines,
/// editor's notes, headline, by-lines) read line by line, then paragraphs, the dateline and the closing stamps
/// and sign-offs. See <see cref="Iptc7901"/> for the forms recognised.
/// </summary>
internal static partial class Iptc7901Text
{
    /// <summary>How many paragraphs of the body may hold the dateline.</summary>
    private const int DatelineSearchDepth = 3;

    /// <summary>How many lines a headline may run over when its field has no end mark.</summary>
    private const int MaxHeadlineLines = 3;

    public static void Apply(ArticleDraft draft, Iptc7901.Heading heading, string text, string trailer, DateTimeOffset receivedAt)
    {
        foreach (var line in Lines(trailer))
        {
            if (Iptc7901Stamps.Parse(line.Text) is { } stamped)
            {
                draft.PublishedAt ??= stamped;
            }
        }

        var lines = Lines(text);
        var fielded = lines.Any(l => l.Caret);
        RemoveMarkers(draft, lines);
        RemoveClosingLines(lines);

        var bylineAgency = (string?)null;
        var index = ReadFrontMatter(draft, heading, lines, fielded, ref bylineAgency);
        var paragraphs = Paragraphs(lines, index);

        if (string.IsNullOrEmpty(draft.Headline))
        {
            if (heading.Keywords.Count > 0)
            {
                draft.Headline = heading.Keywords[0].Replace('-', ' ');
                draft.Warnings.Add(new ParseWarning { Code = "headline-derived", Message = "The text opens with its dateline; the headline was taken from the keyword (slug) line." });
            }
            else if (paragraphs.Count > 0)
            {
                draft.Headline = paragraphs[0];
                paragraphs.RemoveAt(0);
            }
        }

        for (var i = 0; i < Math.Min(paragraphs.Count, DatelineSearchDepth); i++)
        {
            if (Datelines.Match(paragraphs[i]) is not { } found)
            {
                continue;
            }

            // A transmission stamp dates the message better than the time it reached us (a replayed archive).
            draft.Dateline = Build(draft, found, draft.PublishedAt ?? receivedAt);
            var rest = paragraphs[i][found.Length..].Trim();
            if (rest.Length > 0)
            {
                paragraphs[i] = rest;
            }
            else
            {
                paragraphs.RemoveAt(i);
            }

            break;
        }

        var agency = heading.Agency ?? bylineAgency;
        if (agency is not null)
        {
            draft.Dateline = draft.Dateline is null ? new Dateline { Agency = agency }
                : string.IsNullOrEmpty(draft.Dateline.Agency) ? draft.Dateline with { Agency = agency }
                : draft.Dateline;
        }

        draft.Paragraphs.AddRange(paragraphs);
        draft.Lead = paragraphs.FirstOrDefault();
    }

    private static List<Line> Lines(string text)
    {
        var result = new List<Line>();
        if (string.IsNullOrEmpty(text))
        {
            return result;
        }

        foreach (var raw in TextCleaner.NormalizeLineEndings(text).Split('\n'))
        {
            var bounded = Iptc7901.Bounded(raw);
            var visible = bounded.Trim(Iptc7901.Syn, '\u0007', Iptc7901.Eot, Iptc7901.Etx, Iptc7901.Stx, Iptc7901.Soh);
            var indented = visible.Length > 0 && (visible[0] == '\t' || visible.StartsWith("  ", StringComparison.Ordinal));
            var table = IsTableRow(visible);
            var cleaned = TextCleaner.Clean(visible);
            var caret = cleaned.StartsWith('^');
            cleaned = cleaned.TrimStart('^').Trim();
            var terminated = false;
            var ends = false;
            while (cleaned.Length > 0 && cleaned[^1] is '<' or '@' or '=')
            {
                terminated = true;
                ends |= cleaned[^1] is '=' or '@';
                cleaned = cleaned[..^1].TrimEnd();
            }

            cleaned = InlineMore().Replace(cleaned, string.Empty);
            result.Add(new Line(cleaned, caret, indented, table, terminated, ends));
        }

        return result;
    }

    /// <summary>Tabs or runs of spaces between columns: a row of a results or market table.</summary>
    private static bool IsTableRow(string line)
    {
        var text = line.Trim();
        return text.Length > 0 && (text.Contains('\t', StringComparison.Ordinal) || text.Contains("   ", StringComparison.Ordinal));
    }

    /// <summary>End marks, take lines and transmission stamps anywhere in the text; a stamp dates the message.</summary>
    private static void RemoveMarkers(ArticleDraft draft, List<Line> lines)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            var text = lines[i].Text;
            if (text.Length == 0)
            {
                continue;
            }

            if (EndMarker().IsMatch(text) || TakeLine().IsMatch(text))
            {
                lines[i] = Line.Blank;
            }
            else if (text.Length <= 60 && Iptc7901Stamps.Parse(text) is { } stamped)
            {
                draft.PublishedAt ??= stamped;
                lines[i] = Line.Blank;
            }
        }
    }

    /// <summary>Sign-offs (<c>dpa ab xy</c>, <c>REUTER</c>, <c>AAP rl/ab</c>), credit and copyright lines closing the text.</summary>
    private static void RemoveClosingLines(List<Line> lines)
    {
        for (var i = lines.Count - 1; i >= 0; i--)
        {
            var text = lines[i].Text;
            if (text.Length == 0)
            {
                continue;
            }

            if (SignOff().IsMatch(text) || Credit().IsMatch(text))
            {
                lines[i] = Line.Blank;
                continue;
            }

            break;
        }
    }

    /// <summary>
    /// Slug lines, editor's notes, headline and by-lines before the body; returns the index of the body's first line.
    /// When the message marks its fields with <c>^</c> (ANPA, <paramref name="fielded"/>), a headline is a <c>^</c> field, never a body line.
    /// </summary>
    private static int ReadFrontMatter(ArticleDraft draft, Iptc7901.Heading heading, List<Line> lines, bool fielded, ref string? bylineAgency)
    {
        var i = 0;
        var lastWasByline = false;
        while (i < lines.Count)
        {
            var line = lines[i];
            if (line.Text.Length == 0)
            {
                i++;
                continue;
            }

            var text = line.Text;
            if (EditorsNote().IsMatch(text) || Note().IsMatch(text))
            {
                i = SkipField(lines, i);
                lastWasByline = false;
                continue;
            }

            if (Metadata().Match(text) is { Success: true } meta)
            {
                if (meta.Groups["headline"].Success && string.IsNullOrEmpty(draft.Headline))
                {
                    (draft.Headline, i) = ReadHeadline(lines, i, meta.Groups["headline"].Value.Trim());
                    continue;
                }

                i = SkipField(lines, i);
                continue;
            }

            if ((string.IsNullOrEmpty(draft.Headline) || line.Caret) && !line.Indented && Datelines.Match(text) is null && Slugs.IsSlugLine(text))
            {
                heading.AddSlug(text);
                i++;
                continue;
            }

            if (Bylines.IsAgencyByline(text, out var creditedAgency))
            {
                bylineAgency ??= creditedAgency;
                i++;
                continue;
            }

            if (Bylines.Read(text) is { Count: > 0 } authors)
            {
                draft.Authors.AddRange(authors);
                bylineAgency ??= authors.Select(a => Bylines.AgencyOf(a.Role)).FirstOrDefault(a => a is not null);
                lastWasByline = true;
                i++;
                continue;
            }

            if (lastWasByline && Bylines.IsRole(text))
            {
                for (var a = 0; a < draft.Authors.Count; a++)
                {
                    draft.Authors[a] = draft.Authors[a].Role is null ? draft.Authors[a] with { Role = text } : draft.Authors[a];
                }

                bylineAgency ??= Bylines.AgencyOf(text);
                lastWasByline = false;
                i++;
                continue;
            }

            lastWasByline = false;
            if (Datelines.Match(text) is not null || line.Table)
            {
                break;
            }

            if (string.IsNullOrEmpty(draft.Headline) && text.Length <= 300 && (line.Caret || !fielded))
            {
                (var headline, i) = ReadHeadline(lines, i, text);
                var (stripped, hint) = Slugs.StripHeadlinePrefix(headline);
                if (hint is not null)
                {
                    heading.AddSlug(hint);
                }

                draft.Headline = stripped;
                continue;
            }

            if (line.Caret && draft.SubHeadline is null && !string.IsNullOrEmpty(draft.Headline) && text.Length <= 200 && !line.Indented)
            {
                (draft.SubHeadline, i) = ReadHeadline(lines, i, text);
                continue;
            }

            break;
        }

        return i;
    }

    /// <summary>A headline field: one line, or — when its <c>^</c> field has no end mark — up to the line that closes it.</summary>
    private static (string Headline, int Next) ReadHeadline(List<Line> lines, int i, string first)
    {
        var parts = new List<string> { first };
        var line = lines[i];
        var next = i + 1;
        if (line.Caret && !line.Terminated)
        {
            while (next < lines.Count && parts.Count < MaxHeadlineLines && lines[next].Text.Length > 0 && !lines[next].Caret && !lines[next].Indented
                && Datelines.Match(lines[next].Text) is null && Bylines.Read(lines[next].Text).Count == 0)
            {
                parts.Add(lines[next].Text);
                next++;
                if (lines[next - 1].Terminated)
                {
                    break;
                }
            }
        }

        return (string.Join(' ', parts), next);
    }

    /// <summary>Skips a field that may run over several lines (up to a blank line, a new <c>^</c> field or an end mark).</summary>
    private static int SkipField(List<Line> lines, int i)
    {
        var next = i + 1;
        if (lines[i].Terminated)
        {
            return next;
        }

        while (next < lines.Count && lines[next].Text.Length > 0 && !lines[next].Caret && !lines[next].Indented && next - i < 6)
        {
            next++;
            if (lines[next - 1].Terminated)
            {
                break;
            }
        }

        return next;
    }

    /// <summary>
    /// Runs of lines; a blank line, an end mark (<c>=</c>, <c>@</c>), a new <c>^</c> field, or an indented line after text
    /// starts a new paragraph (indentation counts only when some lines are not indented); table rows stay one paragraph each.
    /// </summary>
    private static List<string> Paragraphs(List<Line> lines, int start)
    {
        var paragraphs = new List<string>();
        var current = new List<string>();
        var texts = lines.Skip(start).Where(l => l.Text.Length > 0 && !l.Table).ToList();
        var blankInside = lines.Skip(start).SkipWhile(l => l.Text.Length == 0).Reverse().SkipWhile(l => l.Text.Length == 0).Any(l => l.Text.Length == 0);
        var indentMarks = texts.Any(l => l.Indented) && (!texts.All(l => l.Indented) || (!blankInside && texts.Count > 1));
        for (var i = start; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.Text.Length == 0 || line.Table || line.Caret || (indentMarks && line.Indented))
            {
                Flush();
            }

            if (line.Text.Length > 0)
            {
                current.Add(line.Text);
            }

            if (line.EndsParagraph || line.Table)
            {
                Flush();
            }
        }

        Flush();
        return paragraphs;

        void Flush()
        {
            if (current.Count > 0)
            {
                paragraphs.Add(string.Join(' ', current));
                current.Clear();
            }
        }
    }

    private static Dateline Build(ArticleDraft draft, Match match, DateTimeOffset reference)
    {
        var placeText = match.Groups["place"].Value.Trim().TrimEnd(',');
        var place = Datelines.IsNoPlace(placeText) ? string.Empty : TextCleaner.TitleCaseIfUpper(placeText);
        var country = match.Groups["country"].Success ? match.Groups["country"].Value.Trim() : null;
        var region = match.Groups["region"].Success ? match.Groups["region"].Value.Trim() : null;
        var code = CountryTable.Resolve(country) ?? CountryTable.Resolve(region) ?? CountryTable.Resolve(place);
        if (country is null && region is not null && CountryTable.Resolve(region) is not null)
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

        var agency = match.Groups["agency"].Success ? match.Groups["agency"].Value.Trim() : null;
        return new Dateline
        {
            Place = place.Length > 0 ? place : null,
            Country = country,
            CountryCode = code,
            Date = date,
            Agency = string.IsNullOrEmpty(agency) ? null : agency,
            Text = match.Value.Trim().TrimEnd(' ', '-', '–', '—', '_', ':').Trim(),
        };
    }

    /// <summary>One line of text with its transmission marks read and removed.</summary>
    private readonly record struct Line(string Text, bool Caret, bool Indented, bool Table, bool Terminated, bool EndsParagraph)
    {
        public static Line Blank { get; } = new(string.Empty, false, false, false, false, false);
    }

    [GeneratedRegex(@"^(?:NNNN|ZCZC|\(?END\)?|\(?MORE\)?|ENDIT|ENDS|\(?FINE\)?|-{3,}|#{3,}|-0-|-30-|=+|\(?MEHR\)?|\(?SUITE\)?|\(?SEGUE\)?|\./\.|\.\.\./?\.\.\.)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, RegexLimits.MatchTimeoutMilliseconds)]
    private static partial Regex EndMarker();

    [GeneratedRegex(@"^(?:(?:Take|TAKE|Add|ADD|Page|PAGE)\s[0-9]{1,2}(?:\s(?:of|OF)\s[0-9]{1,2})?|[0-9]{1,2}(?:st|nd|rd|th|ST|ND|RD|TH)\s?(?:Add|ADD|Take|TAKE)|(?:BC|AM|PM)-\S{1,60}\s[0-9]{1,2}(?:st|nd|rd|th|ST|ND|RD|TH)\s?(?:Add|ADD|Take|TAKE)\S{0,40})$", RegexOptions.CultureInvariant, RegexLimits.MatchTimeoutMilliseconds)]
    private static partial Regex TakeLine();

    [GeneratedRegex(@"\s?\((?:MORE|more|END|end|Fortsetzung|SEGUE)\)$", RegexOptions.CultureInvariant, RegexLimits.MatchTimeoutMilliseconds)]
    private static partial Regex InlineMore();

    [GeneratedRegex(@"^(?:(?:dpa|kna|epd|apa|sda|afp|ap|aap|AAP|ansa|ANSA|agi|AGI|rtr)(?:[ /\-][A-Za-z]{1,5}){1,5}|[a-z]{2,4}(?:[/ ][a-z]{2,4}){1,4}|\([A-Za-z]{2,8}\)\s?[A-Za-z]{1,5}(?:/[A-Za-z]{1,5}){1,4}|REUTER|Reuter|AP|AFP|ANSA)$", RegexOptions.CultureInvariant, RegexLimits.MatchTimeoutMilliseconds)]
    private static partial Regex SignOff();

    [GeneratedRegex(@"^(?:\((?:Reporting|Additional reporting|Writing|Editing|Compiled|Zusammengestellt|Redigiert)\b.{0,400}\)|Copyright\s.{0,300}|©.{0,300}|(?:The\s)?Associated Press\scontributed.{0,300})$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, RegexLimits.MatchTimeoutMilliseconds)]
    private static partial Regex Credit();

    [GeneratedRegex(@"^(?:Eds?|EDS?|Editors?|EDITORS?|Editor's\s[Nn]ote|EDITOR'S\sNOTE|Ed's\snote|Note\sto\seditors|NOTE\sTO\sEDITORS|ATTENTION|Attention)\s?[:.\-]", RegexOptions.CultureInvariant, RegexLimits.MatchTimeoutMilliseconds)]
    private static partial Regex EditorsNote();

    /// <summary>A whole line in parentheses before the body: <c>(Adds opposition reaction, paragraphs 4-5)</c>.</summary>
    [GeneratedRegex(@"^\([^()]{3,300}\)$", RegexOptions.CultureInvariant, RegexLimits.MatchTimeoutMilliseconds)]
    private static partial Regex Note();

    [GeneratedRegex(@"^(?:code|Code|CODE|Update|UPDATE|INDEX|Index|SYMBOL|Symbol|Photo|PHOTO|Graphic|GRAPHIC|Video|VIDEO|(?<hl>HL|Hl|HEADLINE|Headline))\s?:(?(hl)(?<headline>.+)|.*)$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, RegexLimits.MatchTimeoutMilliseconds)]
    private static partial Regex Metadata();
}
