using System.Globalization;
using System.Text.Json;
using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;
using Pipeline.Dispatches;
using Pipeline.Normalizer.Articles;
using Pipeline.Normalizer.Dates;
using Pipeline.Normalizer.Parsing;
using Pipeline.Normalizer.Media;
using Pipeline.Normalizer.Text;
using Pipeline.Normalizer.Urls;

namespace Pipeline.Normalizer.Wire;

/// <summary>
/// IPTC ninjs documents, one article each, in every published shape:
/// 1.x (<c>guid</c> or <c>uri</c>; <c>headline</c>, <c>body_text</c>, <c>body_html</c>, <c>body_xhtml</c> and the
/// <c>headline_*</c>, <c>body_*</c>, <c>description_*</c> pattern properties of 1.5+; <c>byline</c>; <c>subject</c>;
/// <c>place</c>; associations as an object) and 2.x/3.x (<c>headlines[]</c>, <c>bodies[]</c>, <c>descriptions[]</c>
/// with roles and content types; <c>by</c>; <c>subjects</c>; <c>places</c>; associations as an array).
/// Dates from <c>firstcreated</c>, <c>embargoed</c>, <c>contentcreated</c> and <c>versioncreated</c>; <c>located</c>
/// only when the text carries no dateline of its own.
/// </summary>
internal static class Ninjs
{
    /// <summary>Keys whose presence (with <c>uri</c> or <c>guid</c>) marks a JSON object as ninjs.</summary>
    internal static readonly string[] MarkerKeys = ["\"versioncreated\"", "\"firstcreated\"", "\"headlines\"", "\"headline\"", "\"bodies\"", "\"body_", "\"pubstatus\"", "\"renditions\"", "\"headline_"];

    public static ArticleDraft Map(string payload)
    {
        using (var document = SafeJson.Parse(payload, "ninjs document"))
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || (String(root, "uri") ?? String(root, "guid")) is not { } id)
            {
                throw new PermanentDispatchException(RejectionReasons.Malformed, "The ninjs document has no \"uri\" (ninjs 1.1+ and 2.x) nor \"guid\" (ninjs 1.0).");
            }

            var draft = new ArticleDraft { Format = DispatchFormats.Ninjs, ItemGuid = id, DeclaredLanguage = WireText.Value(String(root, "language")) };
            draft.CanonicalUrl = UrlCanonicalizer.Canonicalize(String(root, "uri")) ?? UrlCanonicalizer.Canonicalize(Link(root));
            draft.Urgency = Urgencies.FromNumber(String(root, "urgency"));
            if (int.TryParse(String(root, "version"), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                draft.Version = version;
            }

            draft.Headline = WireText.Value(ArticleHtml.ToPlainText(Headline(root))) ?? string.Empty;
            draft.SubHeadline = WireText.Value(Role(root, "headlines", "sub") ?? Role(root, "headlines", "subheadline") ?? Role(root, "headlines", "subtitle") ?? String(root, "headline_sub") ?? String(root, "headline_subtitle"));
            var updated = Date(root, "versioncreated");
            draft.PublishedAt = Date(root, "firstcreated") ?? Date(root, "embargoed") ?? Date(root, "contentcreated") ?? updated;
            draft.UpdatedAt = updated;

            var agencies = new[] { String(root, "copyrightholder"), String(root, "provider"), NameOf(root, "provider") };
            draft.Authors.AddRange(WireText.Authors(String(root, "byline") ?? String(root, "by"), agencies));
            if (draft.Authors.Count == 0)
            {
                draft.Authors.AddRange(Entries(root, "people").Concat(Entries(root, "person"))
                    .Where(p => String(p, "rel") is { } rel && (rel.EndsWith("author", StringComparison.OrdinalIgnoreCase) || rel.EndsWith("creator", StringComparison.OrdinalIgnoreCase)))
                    .Select(p => WireText.Value(String(p, "name"))).OfType<string>().Select(n => new Author { Name = n }));
            }

            draft.Subjects.AddRange(Names(root, "subject").Concat(Names(root, "subjects")).Concat(Strings(root, "keywords")));
            if (WireText.Value(String(root, "slugline")) is { } slug)
            {
                draft.Subjects.Add(slug);
            }

            ApplyBody(draft, root);
            var summary = WireText.Value(ArticleHtml.ToPlainText(Description(root)));
            draft.Lead = summary ?? draft.Paragraphs.FirstOrDefault();

            // The dateline written in the text beats "located" (metadata that may name a nearby metro area).
            var located = WireText.ParseDateline(String(root, "located"), draft.PublishedAt);
            draft.Dateline = WireText.StripLeadingDateline(draft.Paragraphs, null, draft.PublishedAt) is { } written
                ? written with { Country = written.Country ?? located?.Country, CountryCode = written.CountryCode ?? located?.CountryCode }
                : located;
            if (summary is null)
            {
                draft.Lead = draft.Paragraphs.FirstOrDefault();
            }

            WireText.DropRepeats(draft.Paragraphs, draft.Headline, summary);
            AddMedia(draft, root);

            // Captions and credits of the associated pictures (an HTML body's <figure>) are not body text.
            var captions = draft.Media.SelectMany(m => new[] { m.Caption, m.Credit }).OfType<string>().ToHashSet(StringComparer.Ordinal);
            if (draft.Paragraphs.Count > captions.Count)
            {
                draft.Paragraphs.RemoveAll(captions.Contains);
            }

            WireText.TrimTrailers(draft.Paragraphs);
            return draft;
        }
    }

    /// <summary>1.x <c>headline</c> or <c>headline_main</c> (any <c>headline_*</c>), 2.x <c>headlines</c> with role main (else the first), else <c>title</c>.</summary>
    private static string? Headline(JsonElement root) =>
        String(root, "headline") ?? String(root, "headline_main") ?? Pattern(root, "headline_", markup: null)
        ?? Role(root, "headlines", "main") ?? Role(root, "headlines", null) ?? String(root, "title");

    /// <summary>Summary: 1.x <c>description_text</c>/<c>_html</c>/<c>_xhtml</c>/<c>_*</c>, 2.x <c>descriptions</c> (summary, caption, text; never a credit line).</summary>
    private static string? Description(JsonElement root)
    {
        var legacy = String(root, "description_text") ?? String(root, "description_html") ?? String(root, "description_xhtml") ?? String(root, "description_main") ?? Pattern(root, "description_", markup: null);
        if (legacy is not null)
        {
            return legacy;
        }

        var descriptions = Entries(root, "descriptions").Where(d => String(d, "role") is not { } role || !role.Contains("credit", StringComparison.OrdinalIgnoreCase)).ToList();
        foreach (var role in new[] { "summary", "abstract", "caption", "text", "main" })
        {
            if (descriptions.Find(d => string.Equals(String(d, "role"), role, StringComparison.OrdinalIgnoreCase)) is { ValueKind: JsonValueKind.Object } match)
            {
                return String(match, "value");
            }
        }

        return descriptions.Count > 0 ? String(descriptions[0], "value") : null;
    }

    /// <summary>
    /// The body: HTML preferred (1.x <c>body_html</c>, <c>body_xhtml</c>, <c>body_richtext</c> or any <c>body_*</c> holding markup;
    /// 2.x a <c>bodies</c> entry whose content type or value is markup), else plain text.
    /// </summary>
    private static void ApplyBody(ArticleDraft draft, JsonElement root)
    {
        var bodies = Entries(root, "bodies");
        var html = String(root, "body_html") ?? String(root, "body_xhtml") ?? String(root, "body_richtext") ?? Pattern(root, "body_", markup: true)
            ?? bodies.Where(b => IsMarkupType(String(b, "contenttype")) || (String(b, "value") is { } v && ArticleHtml.LooksLikeHtml(v))).Select(b => String(b, "value")).FirstOrDefault(v => v is not null);
        var text = String(root, "body_text") ?? String(root, "body_main") ?? Pattern(root, "body_", markup: false)
            ?? bodies.Select(b => String(b, "value")).FirstOrDefault(v => v is not null);
        if (html is not null)
        {
            draft.Paragraphs.AddRange(ArticleHtml.ToParagraphs(html));
            draft.Html = draft.Paragraphs.Count > 0 ? ArticleHtml.Sanitize(html, draft.CanonicalUrl) : null;
        }

        if (draft.Paragraphs.Count == 0 && text is not null)
        {
            draft.Paragraphs.AddRange(WireText.Paragraphs(text));
        }
    }

    private static bool IsMarkupType(string? contentType) =>
        contentType is not null && (contentType.Contains("html", StringComparison.OrdinalIgnoreCase) || contentType.Contains("xml", StringComparison.OrdinalIgnoreCase));

    /// <summary>The first <c>prefix*</c> pattern property (ninjs 1.x) holding markup (<paramref name="markup"/> true), plain text (false) or either (null).</summary>
    private static string? Pattern(JsonElement root, string prefix, bool? markup)
    {
        foreach (var property in root.EnumerateObject())
        {
            if (property.Name.StartsWith(prefix, StringComparison.Ordinal) && property.Value.ValueKind == JsonValueKind.String
                && SafeJson.GetString(property.Value) is { } value && !string.IsNullOrWhiteSpace(value) && (markup is null || ArticleHtml.LooksLikeHtml(value) == markup))
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>A 2.x <c>links</c> entry with rel canonical (or self), when the item's own URI is not a web address.</summary>
    private static string? Link(JsonElement root) =>
        Entries(root, "links").Find(l => String(l, "rel") is { } rel && (rel.EndsWith("canonical", StringComparison.OrdinalIgnoreCase) || rel.EndsWith("self", StringComparison.OrdinalIgnoreCase))) is { ValueKind: JsonValueKind.Object } link
            ? String(link, "href")
            : null;

    /// <summary>
    /// Associations (1.x: an object keyed by name; 2.x: an array with <c>name</c>) of type picture,
    /// graphic, video or audio become one media item each, from their largest rendition; the document's
    /// own renditions count too when the document itself is a picture, video or audio item.
    /// </summary>
    private static void AddMedia(ArticleDraft draft, JsonElement root)
    {
        if (String(root, "type") is "picture" or "graphic" or "video" or "audio")
        {
            AddAssociation(draft, root);
        }

        if (!root.TryGetProperty("associations", out var associations))
        {
            return;
        }

        var entries = associations.ValueKind switch
        {
            JsonValueKind.Object => associations.EnumerateObject().Select(p => p.Value),
            JsonValueKind.Array => associations.EnumerateArray(),
            _ => [],
        };
        foreach (var association in entries.Where(a => a.ValueKind == JsonValueKind.Object).Take(100))
        {
            AddAssociation(draft, association);
        }
    }

    private static void AddAssociation(ArticleDraft draft, JsonElement association)
    {
        var type = String(association, "type");
        if (type is "text" or "composite" || !association.TryGetProperty("renditions", out var renditions))
        {
            return;
        }

        var candidates = (renditions.ValueKind switch
        {
            JsonValueKind.Object => renditions.EnumerateObject().Select(p => p.Value),
            JsonValueKind.Array => renditions.EnumerateArray(),
            _ => [],
        }).Where(r => r.ValueKind == JsonValueKind.Object && String(r, "href") is not null).ToList();
        if (candidates.Count == 0)
        {
            return;
        }

        var best = candidates.MaxBy(r => Area(r));
        var warnings = draft.Warnings;
        if (MediaValues.Url(String(best, "href"), draft.CanonicalUrl, warnings) is not { } url)
        {
            return;
        }

        var mime = MediaValues.MimeType(String(best, "mimetype") ?? String(best, "contenttype"));
        var caption = String(association, "description_text") ?? Description(association) ?? String(association, "headline") ?? Role(association, "headlines", null);
        MediaValues.Add(draft.Media, new MediaItem
        {
            Url = url,
            Kind = MediaValues.Kind(type, mime, url),
            MimeType = mime,
            Caption = MediaValues.Text(caption),
            Credit = MediaValues.Text(String(association, "byline") ?? String(association, "by") ?? String(association, "copyrightholder")),
            Width = MediaValues.Int(String(best, "width"), "width", warnings),
            Height = MediaValues.Int(String(best, "height"), "height", warnings),
            DurationSeconds = MediaValues.Duration(String(best, "duration"), warnings),
            Length = MediaValues.Long(String(best, "sizeinbytes"), "sizeinbytes", warnings),
        });
    }

    /// <summary>Width × height of a rendition, 0 when either is missing (so the first sized one wins over unsized ones).</summary>
    private static long Area(JsonElement rendition) =>
        long.TryParse(String(rendition, "width"), NumberStyles.None, CultureInfo.InvariantCulture, out var width)
        && long.TryParse(String(rendition, "height"), NumberStyles.None, CultureInfo.InvariantCulture, out var height)
            ? width * height
            : 0;

    /// <summary>The value of the entry of a 2.x array (<c>headlines</c>, <c>descriptions</c>) with the given role (null: the first).</summary>
    private static string? Role(JsonElement root, string array, string? role) =>
        Entries(root, array).Find(e => role is null || string.Equals(String(e, "role"), role, StringComparison.OrdinalIgnoreCase)) is { ValueKind: JsonValueKind.Object } entry
            ? String(entry, "value")
            : null;

    private static List<JsonElement> Entries(JsonElement root, string array) =>
        root.TryGetProperty(array, out var items) && items.ValueKind == JsonValueKind.Array
            ? items.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object).Take(1000).ToList()
            : [];

    /// <summary>Names of a 1.x/2.x concept array (<c>subject</c>, <c>subjects</c>): <c>name</c>, else <c>literal</c> when it is not a code.</summary>
    private static List<string> Names(JsonElement root, string array) =>
        Entries(root, array).Select(e => WireText.Value(String(e, "name")) ?? (String(e, "literal") is { } literal && !literal.Any(char.IsDigit) ? WireText.Value(literal) : null)).OfType<string>().ToList();

    private static IEnumerable<string> Strings(JsonElement root, string array) =>
        root.TryGetProperty(array, out var items) && items.ValueKind == JsonValueKind.Array
            ? items.EnumerateArray().Where(k => k.ValueKind == JsonValueKind.String).Select(k => WireText.Value(SafeJson.GetString(k))).OfType<string>().Take(1000)
            : [];

    private static string? NameOf(JsonElement root, string property) =>
        root.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Object ? String(value, "name") : null;

    private static DateTimeOffset? Date(JsonElement root, string name) => LenientDateParser.Parse(String(root, name));

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.String or JsonValueKind.Number
            && (value.ValueKind == JsonValueKind.String ? SafeJson.GetString(value) : value.GetRawText()) is { } text && !string.IsNullOrWhiteSpace(text)
            ? text.Trim()
            : null;
}
