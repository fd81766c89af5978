using System.Globalization;
using Pipeline.Contracts.Articles;
using Pipeline.Normalizer.Dates;
using Pipeline.Normalizer.Text;
using Pipeline.TextRules;

namespace Pipeline.Normalizer.Wire;

/// <summary>
/// Text conventions shared by the XML and JSON wire formats (NITF, NewsML-G2, NewsML 1.2, ninjs):
/// datelines written as text, by-lines, placeholder values and end-of-story trailers. Plain string
/// scanning, no regular expressions, so outside input cannot make them slow.
/// </summary>
internal static class WireText
{
    private const int MaxDatelineLength = 120;

    private static readonly string[] BylinePrefixes = ["by ", "von ", "di ", "par ", "por ", "door ", "de ", "av ", "af ", "ved "];

    private static readonly string[] NameSeparators = [" and ", " und ", " e ", " et ", " y ", " og ", " och ", " en ", " with ", " mit ", " con ", " avec ", " & "];

    /// <summary>Words of a title or affiliation in a by-line (<c>Associated Press Writer</c>, <c>Staff Reporter</c>).</summary>
    private static readonly HashSet<string> RoleWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "writer", "correspondent", "reporter", "staff", "editor", "press", "agency", "news", "service", "bureau", "photographer", "columnist",
        "redaktion", "korrespondent", "korrespondentin", "corrispondente", "inviato", "inviata", "redazione", "envoyé", "envoyée", "correspondant", "correspondante",
    };

    private static readonly HashSet<string> Placeholders = new(StringComparer.OrdinalIgnoreCase)
    {
        "no-data-available", "no data available", "no_data_available", "n/a", "n.a.", "null", "none", "nil", "unknown", "undefined", "tbd", "-", "--", "?", "xxx",
    };

    /// <summary>True for values that only stand in for a missing one ("No-Data-Available", "n/a", "null"…).</summary>
    public static bool IsPlaceholder(string? value) =>
        string.IsNullOrWhiteSpace(value) || Placeholders.Contains(value.Trim());

    /// <summary>The cleaned value, or null when it is empty or a placeholder.</summary>
    public static string? Value(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var clean = TextCleaner.Clean(value);
        return IsPlaceholder(clean) ? null : clean;
    }

    /// <summary>
    /// A dateline written as text in metadata: <c>New York (dpa) -</c>, <c>Gaza City, Palestinian Territories,
    /// May 16, 2021 (AFP) -</c>, <c>KANSAS CITY, Mo.</c>, <c>MOSCOW, Monday (Reuters)</c>, <c>Unnao</c>.
    /// The first comma-separated part is the place; a part naming a country is the country, a part with a
    /// month or a weekday is the date, the parenthesised part the agency.
    /// </summary>
    public static Dateline? ParseDateline(string? text, DateTimeOffset? reference = null)
    {
        var clean = Value(text);
        if (clean is null || clean.Length > MaxDatelineLength)
        {
            return null;
        }

        clean = clean.TrimEnd(' ', '-', '–', '—', ':', ',');
        string? agency = null;
        var open = clean.LastIndexOf('(');
        var close = clean.LastIndexOf(')');
        if (open >= 0 && close > open && clean[(close + 1)..].Trim().Length == 0)
        {
            agency = Value(clean[(open + 1)..close]);
            clean = clean[..open].TrimEnd(' ', ',', '-', '–', '—');
        }

        string? place = null;
        string? country = null;
        DateOnly? date = null;
        var parts = clean.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            if (i == 0)
            {
                place = Value(part);
                continue;
            }

            if (date is null && HasDatePart(part) && DateOf(string.Join(", ", parts[i..]), reference) is { } parsed)
            {
                date = parsed;
                break;
            }

            if (country is null && CountryTable.Resolve(part) is not null)
            {
                country = part;
            }
        }

        if (place is null && agency is null)
        {
            return null;
        }

        return new Dateline
        {
            Place = place is null ? null : TextCleaner.TitleCaseIfUpper(place),
            Country = country,
            CountryCode = CountryTable.Resolve(country),
            Date = date,
            Agency = agency,
            Text = Value(text)?.TrimEnd(' ', '-', '–', '—', ':'),
        };
    }

    /// <summary>
    /// Splits a dateline off the start of a paragraph: <c>GROSSETO, Italy (AP) -- The trial…</c>,
    /// <c>Berlin (dpa) - Die…</c>, <c>(Sports Network) - A pair…</c>. The agency in parentheses followed by a
    /// dash marks it, so an ordinary sentence is never taken for a dateline.
    /// </summary>
    public static bool TrySplitDateline(string paragraph, DateTimeOffset? reference, out Dateline dateline, out string rest)
    {
        dateline = null!;
        rest = paragraph;
        var limit = Math.Min(paragraph.Length, MaxDatelineLength);
        var open = paragraph.IndexOf('(', 0, limit);
        if (open < 0 || (open > 0 && !char.IsUpper(paragraph[0])))
        {
            return false;
        }

        var close = paragraph.IndexOf(')', open, Math.Min(paragraph.Length - open, 40));
        if (close < 0 || close - open < 3)
        {
            return false;
        }

        var agency = paragraph[(open + 1)..close].Trim();
        if (agency.Length == 0 || !char.IsLetter(agency[0]) || agency.Contains('.', StringComparison.Ordinal) && agency.Contains(' ', StringComparison.Ordinal))
        {
            return false;
        }

        var position = close + 1;
        while (position < paragraph.Length && paragraph[position] == ' ')
        {
            position++;
        }

        var dashes = position;
        while (position < paragraph.Length && paragraph[position] is '-' or '–' or '—')
        {
            position++;
        }

        if (position == dashes || position >= paragraph.Length || !char.IsWhiteSpace(paragraph[position]))
        {
            return false;
        }

        var prefix = paragraph[..open];
        if (prefix.Contains(". ", StringComparison.Ordinal) && !prefix.TrimEnd().EndsWith('.'))
        {
            return false;
        }

        var text = paragraph[..position];
        rest = paragraph[position..].Trim();
        if (rest.Length == 0)
        {
            return false;
        }

        dateline = ParseDateline(text, reference) ?? new Dateline { Agency = agency, Text = text.TrimEnd(' ', '-', '–', '—') };
        return true;
    }

    /// <summary>
    /// The first paragraph without its dateline; the dateline found there is returned when the item had
    /// none, or when it names a place (the place written in the dateline beats metadata).
    /// </summary>
    public static Dateline? StripLeadingDateline(List<string> paragraphs, Dateline? current, DateTimeOffset? reference)
    {
        if (paragraphs.Count == 0 || !TrySplitDateline(paragraphs[0], reference, out var found, out var rest))
        {
            return current;
        }

        paragraphs[0] = rest;
        if (current is null)
        {
            return found;
        }

        return current with
        {
            Place = found.Place ?? current.Place,
            Country = found.Place is not null && found.Place != current.Place ? found.Country : current.Country ?? found.Country,
            CountryCode = found.Place is not null && found.Place != current.Place ? found.CountryCode : current.CountryCode ?? found.CountryCode,
            Date = current.Date ?? found.Date,
            Agency = current.Agency ?? found.Agency,
            Text = current.Text ?? found.Text,
        };
    }

    /// <summary>
    /// Authors of a by-line: <c>By Ann Smith and Bob Jones</c>, <c>Von Marco Krefting und Sunrita Sen, dpa</c>,
    /// <c>Adel Zaanoun with Guillaume Lavallee in Jerusalem</c>. Parts that name an agency (one of
    /// <paramref name="agencies"/>, or a bare code such as <c>NTB</c>, <c>AFP</c>, <c>NTB-AFP-DPA</c>) are not authors.
    /// </summary>
    public static List<Author> Authors(string? byline, IEnumerable<string?> agencies)
    {
        var authors = new List<Author>();
        var text = Value(byline);
        if (text is null || text.Length > 300)
        {
            return authors;
        }

        var known = agencies.Select(Value).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var prefix in BylinePrefixes)
        {
            if (text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                text = text[prefix.Length..];
                break;
            }
        }

        var parts = new List<string> { text };
        foreach (var separator in NameSeparators.Select(s => s).Append(",").Append(";"))
        {
            parts = parts.SelectMany(p => p.Split(separator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
        }

        foreach (var part in parts)
        {
            var name = part;
            var within = name.IndexOf(" in ", StringComparison.Ordinal);
            if (within > 0 && within + 4 < name.Length && char.IsUpper(name[within + 4]))
            {
                name = name[..within];
            }

            name = name.Trim(' ', '.', '-', '–', '—', '(', ')');
            if (name.Length < 2 || known.Contains(name) || IsAgencyCode(name) || IsPlaceholder(name) || name.Any(char.IsDigit) || name.Contains('@', StringComparison.Ordinal))
            {
                continue;
            }

            // "By JOHN SMITH, Associated Press Writer": a title or affiliation is the previous name's role, not an author.
            if (name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(w => RoleWords.Contains(w.Trim('.', ','))))
            {
                if (authors.Count > 0 && authors[^1].Role is null)
                {
                    authors[^1] = authors[^1] with { Role = name };
                }

                continue;
            }

            authors.Add(new Author { Name = name.Contains(' ', StringComparison.Ordinal) ? TextCleaner.TitleCaseIfUpper(name) : name });
        }

        return authors;
    }

    /// <summary>A creator's or contributor's name that is a person's name, not a login (<c>loening.meyel</c>) or code.</summary>
    public static bool LooksLikePersonName(string? name) =>
        Value(name) is { } clean && clean.Contains(' ', StringComparison.Ordinal) && clean.Length <= 80
        && !clean.Any(c => char.IsDigit(c) || c is '@' or '_' or ':' or '/' or '\\')
        && !(clean.Contains('.', StringComparison.Ordinal) && !clean.Contains(". ", StringComparison.Ordinal));

    /// <summary>Removes end-of-story trailers: editors' signatures (<c>bur-dar-gl/fz</c>), <c>(©NTB)</c>, <c>(END)</c>.</summary>
    public static void TrimTrailers(List<string> paragraphs)
    {
        while (paragraphs.Count > 1 && IsTrailer(paragraphs[^1]))
        {
            paragraphs.RemoveAt(paragraphs.Count - 1);
        }
    }

    /// <summary>
    /// Removes first paragraphs that repeat the headline, or the lead when the story proper starts after it with a
    /// dateline (a teaser printed above the body, as dpa does); a lead that is also the first paragraph stays.
    /// </summary>
    public static void DropRepeats(List<string> paragraphs, string? headline, string? lead)
    {
        // Counted first, removed once: RemoveAt(0) in the loop shifted the whole list each time (quadratic on hostile input).
        var drop = 0;
        while (paragraphs.Count - drop > 1
            && (Same(paragraphs[drop], headline) || (Same(paragraphs[drop], lead) && TrySplitDateline(paragraphs[drop + 1], null, out _, out _))))
        {
            drop++;
        }

        paragraphs.RemoveRange(0, drop);

        static bool Same(string paragraph, string? other) =>
            other is not null && string.Equals(TextCleaner.Clean(paragraph), TextCleaner.Clean(other), StringComparison.Ordinal);
    }

    /// <summary>Plain-text paragraphs: blank lines separate paragraphs; text with no blank line breaks at every line.</summary>
    public static List<string> TextParagraphs(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var normalized = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Trim();
        var blocks = normalized.Contains("\n\n", StringComparison.Ordinal) ? normalized.Split("\n\n") : normalized.Split('\n');
        return blocks.Select(TextCleaner.Clean).Where(p => p.Length > 0).ToList();
    }

    /// <summary>Paragraphs of a text that may be HTML, HTML escaped once more (<c>&amp;lt;p&amp;gt;</c>), or plain text.</summary>
    public static List<string> Paragraphs(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        if (ArticleHtml.LooksLikeHtml(text))
        {
            return [.. ArticleHtml.ToParagraphs(text)];
        }

        if (text.Contains("&lt;", StringComparison.Ordinal) && System.Net.WebUtility.HtmlDecode(text) is { } decoded && ArticleHtml.LooksLikeHtml(decoded))
        {
            return [.. ArticleHtml.ToParagraphs(decoded)];
        }

        return TextParagraphs(text.Contains('&', StringComparison.Ordinal) ? System.Net.WebUtility.HtmlDecode(text) : text);
    }

    /// <summary>
    /// Replaces entity references left as text (<c>&amp;endash;</c>, <c>&amp;rsquo;</c> after a double escape) by their
    /// character, or removes them when unknown, so no entity name leaks into the text as a word.
    /// </summary>
    public static void CleanEntities(List<string> paragraphs)
    {
        for (var i = 0; i < paragraphs.Count; i++)
        {
            if (paragraphs[i].Contains('&', StringComparison.Ordinal))
            {
                paragraphs[i] = TextCleaner.Clean(ReplaceEntities(paragraphs[i]));
            }
        }

        paragraphs.RemoveAll(p => p.Length == 0);
    }

    /// <summary>The character an entity name stands for: HTML's names, and common misspellings such as <c>endash</c>; null when unknown.</summary>
    public static string? EntityText(string name)
    {
        var decoded = System.Net.WebUtility.HtmlDecode("&" + name + ";");
        if (decoded != "&" + name + ";")
        {
            return decoded;
        }

        var lower = name.ToLowerInvariant();
        return lower.Contains("dash", StringComparison.Ordinal) ? (lower.StartsWith("em", StringComparison.Ordinal) ? "—" : "–")
            : lower.Contains("quot", StringComparison.Ordinal) ? "\""
            : lower.Contains("apos", StringComparison.Ordinal) ? "’"
            : lower is "nbsp" or "nbs" or "sp" ? " "
            : null;
    }

    private static string ReplaceEntities(string text)
    {
        var builder = new System.Text.StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '&')
            {
                var end = i + 1;
                while (end < text.Length && end - i <= 32 && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '#'))
                {
                    end++;
                }

                if (end < text.Length && text[end] == ';' && end > i + 1)
                {
                    var name = text[(i + 1)..end];
                    builder.Append(EntityText(name) ?? string.Empty);
                    i = end + 1;
                    continue;
                }
            }

            builder.Append(text[i]);
            i++;
        }

        return builder.ToString();
    }

    private static bool IsTrailer(string paragraph)
    {
        var text = paragraph.Trim();
        if (text.Length is 0 or > 40)
        {
            return text.Length == 0;
        }

        if (text.StartsWith("(©", StringComparison.Ordinal) || text.StartsWith('©') || text.StartsWith("(c)", StringComparison.OrdinalIgnoreCase)
            || text is "(END)" or "(FINE)" or "(ENDE)" or "END" or "###" or "-30-")
        {
            return true;
        }

        // Editors' initials: "bur-dar-gl/fz", "vni/dmo", "ab/cd".
        var separators = 0;
        foreach (var c in text)
        {
            if (c is '-' or '/')
            {
                separators++;
            }
            else if (!char.IsAsciiLetterLower(c))
            {
                return false;
            }
        }

        return separators > 0 && text.Contains('/', StringComparison.Ordinal);
    }

    private static bool IsAgencyCode(string name)
    {
        if (name.Contains(' ', StringComparison.Ordinal) || name.Length > 20)
        {
            return false;
        }

        var letters = name.Where(char.IsLetter).ToList();
        return letters.Count > 0 && letters.All(char.IsUpper) && name.All(c => char.IsLetter(c) || c is '-' or '/' or '+');
    }

    private static bool HasDatePart(string part) => part.Any(char.IsDigit);

    private static DateOnly? DateOf(string text, DateTimeOffset? reference) =>
        text.Any(char.IsDigit) && text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(w => DateNames.TryMonth(w, out _) || w.Count(char.IsDigit) >= 4)
            ? LenientDateParser.ParseDate(text, reference?.Year)
            : null;

    /// <summary>Invariant integer, or null.</summary>
    public static int? Int(string? value) =>
        int.TryParse(value?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : null;
}
