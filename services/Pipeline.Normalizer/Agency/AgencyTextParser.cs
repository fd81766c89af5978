using System.Text.RegularExpressions;
using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;
using Pipeline.Dispatches;
using Pipeline.Normalizer.Articles;
using Pipeline.Normalizer.Dates;
using Pipeline.Normalizer.Geo;
using Pipeline.Normalizer.Text;
using Pipeline.TextRules;

namespace Pipeline.Normalizer.Agency;

/// <summary>
/// Parses a plain-text or markdown agency dispatch with a <see cref="SourceProfile"/>: headline
/// (section, subject), optional sub-headline, dateline and lead, body paragraphs, closing byline.
/// </summary>
internal static partial class AgencyTextParser
{
    /// <summary>How many paragraphs after the headline may hold the dateline.</summary>
    private const int DatelineSearchDepth = 3;

    public static ArticleDraft Parse(DispatchReceived dispatch, SourceProfile profile)
    {
        var lines = CleanLines(dispatch.Payload);
        var headlineIndex = lines.FindIndex(l => l.Length > 0);
        var draft = new ArticleDraft { Format = DispatchFormats.AgencyText, DeclaredLanguage = profile.Language };
        if (headlineIndex < 0)
        {
            return draft;
        }

        ApplyHeadline(draft, profile, lines[headlineIndex]);
        var blocks = Blocks(lines, headlineIndex + 1, profile);
        var receivedLocal = TimeZoneInfo.ConvertTime(dispatch.ReceivedAt, profile.TimeZone);

        var datelineIndex = -1;
        Match? dateline = null;
        if (profile.DatelinePattern is { } datelinePattern)
        {
            for (var i = 0; i < Math.Min(blocks.Count, DatelineSearchDepth); i++)
            {
                var match = MatchDateline(datelinePattern, blocks[i], receivedLocal);
                if (match is not null)
                {
                    (datelineIndex, dateline) = (i, match);
                    break;
                }
            }
        }

        var body = new List<string>();
        if (dateline is not null)
        {
            var before = blocks.Take(datelineIndex).ToList();
            if (profile.HasSubHeadline && before.Count > 0 && before[0].Length <= 250)
            {
                draft.SubHeadline = before[0];
                before.RemoveAt(0);
            }

            body.AddRange(before);
            draft.Dateline = BuildDateline(blocks[datelineIndex], dateline, profile, receivedLocal, draft);
            var rest = dateline.Groups["rest"].Value.Trim();
            if (rest.Length > 0)
            {
                draft.Lead = rest;
                body.Add(rest);
            }

            body.AddRange(blocks.Skip(datelineIndex + 1));
        }
        else
        {
            body.AddRange(blocks);
        }

        ApplyByline(draft, profile, body, receivedLocal);
        ApplyTrailer(profile, body);
        draft.Lead ??= body.FirstOrDefault();
        draft.Paragraphs.AddRange(body);
        if (profile.RequiresBody)
        {
            RejectHeadingWithoutArticle(draft, dateline is not null);
        }

        var date = draft.Dateline?.Date ?? draft.BylineDate;
        if (date is { } day)
        {
            var midnight = day.ToDateTime(TimeOnly.MinValue);
            draft.PublishedAt = new DateTimeOffset(midnight, profile.TimeZone.GetUtcOffset(midnight));
        }

        return draft;
    }

    /// <summary>
    /// A heading is not an article: the layout demands a headline and text after it (a lead after the
    /// dateline or body paragraphs). A missing dateline with text present is only a warning.
    /// </summary>
    private static void RejectHeadingWithoutArticle(ArticleDraft draft, bool hasDateline)
    {
        if (string.IsNullOrWhiteSpace(draft.Headline))
        {
            throw new PermanentDispatchException(RejectionReasons.Malformed,
                "The dispatch has no headline after its section (a truncated heading?): a heading is not an article; send the complete dispatch.");
        }

        if (!draft.HasText)
        {
            throw new PermanentDispatchException(RejectionReasons.NoContent, hasDateline
                ? $"The dispatch '{draft.Headline}' has a heading and a dateline but no lead or body: a heading is not an article; send the complete dispatch."
                : $"The dispatch '{draft.Headline}' is a heading with no dateline, lead or body: a heading is not an article; send the complete dispatch.");
        }

        if (!hasDateline)
        {
            draft.Warnings.Add(new ParseWarning { Code = "dateline-missing", Message = "The dispatch has the layout's heading but no dateline (place, date, agency) before its lead." });
        }
    }

    /// <summary>
    /// The dateline at the start of <paramref name="paragraph"/>, or null. A match counts only when it
    /// names a plausible agency (not a country or a place's province), or when, without an agency, its
    /// date reads as a date or its place is an upper-case city before a dash.
    /// </summary>
    private static Match? MatchDateline(Regex pattern, string paragraph, DateTimeOffset receivedLocal)
    {
        if (AgencyDatelines.MatchOrNull(pattern, paragraph) is not { } match)
        {
            return null;
        }

        if (match.Groups["agency"].Success)
        {
            return AgencyDatelines.IsPlausibleAgency(match) && (match.Groups["place"].Success || AgencyDatelines.IsKnownAgency(match.Groups["agency"].Value)) ? match : null;
        }

        if (match.Groups["date"].Success)
        {
            return ParseDate(match.Groups["date"].Value, receivedLocal) is not null ? match : null;
        }

        return match.Groups["place"].Success && AgencyDatelines.Clean(match.Groups["place"].Value) is not null ? match : null;
    }

    /// <summary>
    /// The payload's lines with markdown markup removed and whitespace collapsed (blank lines kept as empty strings);
    /// control, bidi and invisible characters go first, so a zero-width space inside a name cannot hide a dateline or byline.
    /// </summary>
    public static List<string> CleanLines(string payload) =>
        TextCleaner.NormalizeLineEndings(TextCleaner.CleanMarkup(payload)).Split('\n').Select(StripMarkdown).ToList();

    /// <summary>Removes markdown markup from one line: headings, emphasis, links, code, quotes, rules, escapes.</summary>
    internal static string StripMarkdown(string line)
    {
        var text = line;
        if (HorizontalRule().IsMatch(text))
        {
            return string.Empty;
        }

        text = HeadingOrQuote().Replace(text, string.Empty);
        text = Link().Replace(text, "$1");
        text = text.Replace("**", string.Empty, StringComparison.Ordinal).Replace("__", string.Empty, StringComparison.Ordinal);
        text = Emphasis().Replace(text, "$1");
        text = text.Replace("`", string.Empty, StringComparison.Ordinal);
        text = Escape().Replace(text, "$1");
        return TextCleaner.Clean(text);
    }

    private static void ApplyHeadline(ArticleDraft draft, SourceProfile profile, string line)
    {
        var match = AgencyDatelines.MatchOrNull(profile.HeadlinePattern, line);
        if (match is not null)
        {
            draft.Headline = match.Groups["headline"].Value.Trim();
            if (match.Groups["section"].Success)
            {
                draft.Sections.Add(match.Groups["section"].Value.Trim());
            }

            if (match.Groups["subject"].Success)
            {
                draft.Subjects.Add(match.Groups["subject"].Value.Trim());
            }
        }
        else
        {
            draft.Headline = line;
        }
    }

    /// <summary>Paragraphs: runs of non-empty lines; a line where a dateline starts also starts a paragraph.</summary>
    private static List<string> Blocks(List<string> lines, int start, SourceProfile profile)
    {
        var blocks = new List<string>();
        var current = new List<string>();
        for (var i = start; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.Length == 0 || (current.Count > 0 && blocks.Count < DatelineSearchDepth && StartsDateline(profile, line)))
            {
                Flush();
            }

            if (line.Length > 0)
            {
                current.Add(line);
            }
        }

        Flush();
        return blocks;

        void Flush()
        {
            if (current.Count > 0)
            {
                blocks.Add(string.Join(' ', current));
                current.Clear();
            }
        }
    }

    private static bool StartsDateline(SourceProfile profile, string line) => profile.DatelinePattern?.IsMatch(line) == true;

    private static Dateline BuildDateline(string paragraph, Match match, SourceProfile profile, DateTimeOffset receivedLocal, ArticleDraft draft)
    {
        var dateText = match.Groups["date"].Value;
        var date = ParseDate(dateText, receivedLocal);
        if (date is null)
        {
            draft.Warnings.Add(new ParseWarning { Code = "date-unparsed", Message = $"The dateline date '{dateText}' could not be read." });
        }

        var place = match.Groups["place"].Success ? AgencyDatelines.Clean(match.Groups["place"].Value) : null;
        place = place is null ? null : AgencyDatelines.PlaceName(place);

        // What follows the place (in parentheses or after a comma) is a country when it names one, else a region.
        string? country = null;
        string? countryCode = null;
        string? region = null;
        foreach (var where in new[] { match.Groups["country"], match.Groups["region"] })
        {
            if (!where.Success || AgencyDatelines.Clean(where.Value) is not { } written)
            {
                continue;
            }

            if (CountryTable.Resolve(written) is { } code)
            {
                (country, countryCode) = (written, code);
            }
            else if (Regions.Resolve(written) is { } known)
            {
                region = known.Name;
                countryCode ??= known.CountryCode;
            }
            else
            {
                region = written;
                draft.Warnings.Add(new ParseWarning { Code = "region-unresolved", Message = $"The dateline names '{written}', neither a country nor a region in the tables; kept as the region." });
            }
        }

        if (country is null && region is null && place is not null && CountryTable.Resolve(place) is { } placeIsCountry)
        {
            countryCode = placeIsCountry;
        }

        var rest = match.Groups["rest"];
        var text = paragraph[..rest.Index].Trim().TrimEnd(' ', '-', '–', '—', ':');
        var agency = match.Groups["agency"].Success ? AgencyDatelines.CanonicalAgency(match.Groups["agency"].Value) : AgencyDatelines.Clean(profile.AgencyName);
        return new Dateline
        {
            Place = place,
            Region = region,
            Country = country,
            CountryCode = countryCode,
            Date = date,
            Agency = agency,
            Text = text,
        };
    }

    private static void ApplyByline(ArticleDraft draft, SourceProfile profile, List<string> body, DateTimeOffset receivedLocal)
    {
        if (profile.BylinePattern is not { } pattern || body.Count == 0)
        {
            return;
        }

        // A byline whose date went to a paragraph of its own: "di Nome Cognome" then "Mercoledì 13 Agosto 2025".
        var joined = body.Count >= 2 && AgencyDatelines.MatchOrNull(DateAlone(), body[^1]) is not null ? body[^2] + " " + body[^1] : null;
        var match = joined is not null ? AgencyDatelines.MatchOrNull(pattern, joined) : null;
        if (match is not null)
        {
            body.RemoveAt(body.Count - 1);
        }
        else if (AgencyDatelines.MatchOrNull(pattern, body[^1]) is { } last)
        {
            match = last;
        }
        else
        {
            return;
        }

        body.RemoveAt(body.Count - 1);
        foreach (var name in AuthorSeparator().Split(match.Groups["author"].Value))
        {
            if (AgencyDatelines.Clean(name) is { } author)
            {
                draft.Authors.Add(new Author { Name = author });
            }
        }

        if (match.Groups["date"].Success)
        {
            draft.BylineDate = ParseDate(match.Groups["date"].Value, receivedLocal);
        }

        if (body.Count == 0)
        {
            draft.Lead = null;
        }
    }

    private static void ApplyTrailer(SourceProfile profile, List<string> body)
    {
        if (profile.TrailerPattern is not { } trailer || body.Count == 0)
        {
            return;
        }

        body[^1] = trailer.Replace(body[^1], string.Empty).Trim();
        if (body[^1].Length == 0)
        {
            body.RemoveAt(body.Count - 1);
        }
    }

    /// <summary>
    /// A dateline date; without a year it takes the year the dispatch was received in, or the year
    /// before when that would put it more than a month in the future ("31 DIC" received on 2 January).
    /// </summary>
    private static DateOnly? ParseDate(string text, DateTimeOffset receivedLocal)
    {
        var date = LenientDateParser.ParseDate(text, receivedLocal.Year);
        if (date is { } parsed && !YearPattern().IsMatch(text) && parsed.ToDateTime(TimeOnly.MinValue) > receivedLocal.DateTime.AddDays(31))
        {
            return parsed.AddYears(-1);
        }

        return date;
    }

    [GeneratedRegex(@"^\s{0,3}(?:[-*_]\s*){3,}$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex HorizontalRule();

    [GeneratedRegex(@"^\s{0,3}(?:#{1,6}(?:\s+|$)|>\s?)+", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex HeadingOrQuote();

    // NonBacktracking: a long run of "[" without "]" made each "[" rescan the rest (quadratic).
    [GeneratedRegex(@"!?\[([^\]]*)\]\([^)]*\)", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex Link();

    [GeneratedRegex(@"(?<![\w*])\*(\S(?:[^*]*\S)?)\*(?![\w*])", RegexOptions.CultureInvariant, RegexLimits.MatchTimeoutMilliseconds)]
    private static partial Regex Emphasis();

    [GeneratedRegex(@"\\([\\`*_{}\[\]()#+\-.!])", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex Escape();

    [GeneratedRegex(@"\s+e\s+|\s*,\s*|\s+and\s+", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex AuthorSeparator();

    [GeneratedRegex(@"^(?:" + ItalianPatterns.Date + @")\s*$", RegexOptions.CultureInvariant, RegexLimits.MatchTimeoutMilliseconds)]
    private static partial Regex DateAlone();

    [GeneratedRegex(@"[0-9]{4}", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex YearPattern();
}
