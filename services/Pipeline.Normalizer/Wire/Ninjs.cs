using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;
using Pipeline.Messaging;
using Pipeline.Normalizer.Articles;
using Pipeline.Normalizer.Dates;
using Pipeline.Normalizer.Media;
using Pipeline.Normalizer.Text;
using Pipeline.Normalizer.Urls;

using Pipeline.Normalizer.Feeds;

namespace Pipeline.Normalizer.Wire;

/// <summary>
/// IPTC ninjs 1.x (<c>headline</c>, <c>body_html</c>, <c>body_text</c>, <c>description_text</c>,
/// <c>subject</c>, <c>byline</c>, <c>located</c>) and 2.x (<c>headlines</c>, <c>bodies</c>,
/// <c>descriptions</c>, <c>subjects</c>, <c>by</c>) documents, one article each.
/// </summary>
internal static partial class Ninjs
{
    public static ArticleDraft Map(string payload)
    {
        using (var document = SafeJson.Parse(payload, "ninjs document"))
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || String(root, "uri") is not { } uri)
            {
                throw new PermanentDispatchException(RejectionReasons.Malformed, "The ninjs document has no \"uri\" (required by ninjs 1.x and 2.x).");
            }

            var draft = new ArticleDraft { Format = DispatchFormats.Ninjs, ItemGuid = uri, DeclaredLanguage = String(root, "language") };
            draft.CanonicalUrl = UrlCanonicalizer.Canonicalize(uri);
            draft.Urgency = Urgencies.FromNumber(String(root, "urgency"));
            if (int.TryParse(String(root, "version"), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                draft.Version = version;
            }

            draft.Headline = ArticleHtml.ToPlainText(String(root, "headline") ?? Role(root, "headlines", "main"));
            draft.SubHeadline = Role(root, "headlines", "sub") ?? Role(root, "headlines", "subheadline");
            draft.PublishedAt = LenientDateParser.Parse(String(root, "firstcreated") ?? String(root, "contentcreated")) ?? LenientDateParser.Parse(String(root, "versioncreated"));
            draft.UpdatedAt = LenientDateParser.Parse(String(root, "versioncreated"));

            if ((String(root, "byline") ?? String(root, "by")) is { } byline)
            {
                foreach (var name in AuthorSeparator().Split(ByPrefix().Replace(TextCleaner.Clean(byline), string.Empty)).Select(n => n.Trim()).Where(n => n.Length > 0))
                {
                    draft.Authors.Add(new Author { Name = name });
                }
            }

            draft.Subjects.AddRange(Names(root, "subject").Concat(Names(root, "subjects")));
            if (root.TryGetProperty("keywords", out var keywords) && keywords.ValueKind == JsonValueKind.Array)
            {
                draft.Subjects.AddRange(keywords.EnumerateArray().Where(k => k.ValueKind == JsonValueKind.String).Select(k => k.GetString()!));
            }

            if (String(root, "located") is { } located)
            {
                draft.Dateline = new Dateline { Place = located, Text = located };
            }

            var html = String(root, "body_html") ?? Typed(root, "bodies", "text/html");
            var text = String(root, "body_text") ?? Typed(root, "bodies", "text/plain");
            if (html is not null)
            {
                draft.Paragraphs.AddRange(ArticleHtml.ToParagraphs(html));
                draft.Html = ArticleHtml.Sanitize(html, draft.CanonicalUrl);
            }
            else if (text is not null)
            {
                draft.Paragraphs.AddRange(text.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n").Select(TextCleaner.Clean).Where(p => p.Length > 0));
            }

            var summary = ArticleHtml.ToPlainText(String(root, "description_text") ?? String(root, "description_html") ?? Role(root, "descriptions", "summary") ?? Role(root, "descriptions", null));
            draft.Lead = summary.Length > 0 ? summary : draft.Paragraphs.FirstOrDefault();
            AddMedia(draft, root);
            return draft;
        }
    }

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
        foreach (var association in entries.Where(a => a.ValueKind == JsonValueKind.Object))
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
        var caption = String(association, "description_text") ?? Role(association, "descriptions", null) ?? String(association, "headline") ?? Role(association, "headlines", null);
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

    /// <summary>The value of the first <c>bodies</c> entry with the given content type (no content type counts as text).</summary>
    private static string? Typed(JsonElement root, string array, string contentType) =>
        Entries(root, array).Find(e => (String(e, "contenttype") ?? "text/plain").StartsWith(contentType, StringComparison.OrdinalIgnoreCase)) is { ValueKind: JsonValueKind.Object } entry
            ? String(entry, "value")
            : null;

    private static List<JsonElement> Entries(JsonElement root, string array) =>
        root.TryGetProperty(array, out var items) && items.ValueKind == JsonValueKind.Array
            ? items.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object).ToList()
            : [];

    private static List<string> Names(JsonElement root, string array) =>
        Entries(root, array).Select(e => String(e, "name")).OfType<string>().ToList();

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.String or JsonValueKind.Number
            && (value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()) is { } text && !string.IsNullOrWhiteSpace(text)
            ? text.Trim()
            : null;

    [GeneratedRegex(@"^(?:by|di|von|par|por|door)\s+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ByPrefix();

    [GeneratedRegex(@"\s+and\s+|\s+e\s+|\s*,\s*|\s*;\s*", RegexOptions.CultureInvariant)]
    private static partial Regex AuthorSeparator();
}
