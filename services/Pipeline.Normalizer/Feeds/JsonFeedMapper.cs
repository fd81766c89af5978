using System.Text.Json;
using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;
using Pipeline.Dispatches;
using Pipeline.Normalizer.Articles;
using Pipeline.Normalizer.Dates;
using Pipeline.Normalizer.Media;
using Pipeline.Normalizer.Parsing;
using Pipeline.Normalizer.Text;
using Pipeline.Normalizer.Urls;

namespace Pipeline.Normalizer.Feeds;

/// <summary>Maps JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1) items to article drafts.</summary>
internal static class JsonFeedMapper
{
    /// <summary>One draft per item object; an item that cannot be read goes to <paramref name="rejected"/> and the others are mapped.</summary>
    public static List<ArticleDraft> Map(string payload, int maxItems, List<RejectedItem>? rejected = null)
    {
        using (var document = SafeJson.Parse(payload, "JSON Feed"))
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array)
            {
                throw new PermanentDispatchException(RejectionReasons.Malformed, "The JSON Feed has no \"items\" array.");
            }

            var homePage = UrlCanonicalizer.Canonicalize(String(root, "home_page_url"));
            var language = String(root, "language");
            var feedAuthors = Authors(root);
            // An item that is not an object (a number, a string, an array) cannot be read: rejected on its own.
            return ItemGuard.Map(items.EnumerateArray().Take(maxItems),
                item => item.ValueKind == JsonValueKind.Object
                    ? MapItem(item, homePage, language, feedAuthors)
                    : throw new PermanentDispatchException(RejectionReasons.Malformed, $"The item is a JSON {item.ValueKind.ToString().ToLowerInvariant()}, not an object."),
                item => item.ValueKind == JsonValueKind.Object ? String(item, "id") : null, rejected ?? []);
        }
    }

    private static ArticleDraft MapItem(JsonElement item, Uri? homePage, string? language, List<Author> feedAuthors)
    {
        var draft = new ArticleDraft { Format = DispatchFormats.JsonFeed, DeclaredLanguage = String(item, "language") ?? language };
        draft.ItemGuid = String(item, "id");
        draft.Headline = ArticleHtml.ToPlainText(String(item, "title"));
        draft.CanonicalUrl = UrlCanonicalizer.Canonicalize(String(item, "url"), homePage) ?? UrlCanonicalizer.Canonicalize(String(item, "external_url"), homePage);
        draft.PublishedAt = Date(draft, String(item, "date_published"));
        draft.UpdatedAt = Date(draft, String(item, "date_modified"));
        var authors = Authors(item);
        draft.Authors.AddRange(authors.Count > 0 ? authors : feedAuthors);
        if (item.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Array)
        {
            draft.Subjects.AddRange(tags.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(SafeJson.GetString).OfType<string>());
        }

        SetBody(draft, String(item, "content_html"), String(item, "content_text"), String(item, "summary"), draft.CanonicalUrl ?? homePage);
        AddMedia(draft, item, draft.CanonicalUrl ?? homePage);
        return draft;
    }

    private static void SetBody(ArticleDraft draft, string? html, string? text, string? summary, Uri? baseUri)
    {
        if (!string.IsNullOrWhiteSpace(html))
        {
            draft.Paragraphs.AddRange(ArticleHtml.ToParagraphs(html));
            draft.Html = ArticleHtml.Sanitize(html, baseUri);
        }
        else if (!string.IsNullOrWhiteSpace(text))
        {
            draft.Paragraphs.AddRange(text.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n").Select(TextCleaner.Clean).Where(p => p.Length > 0));
        }

        var plainSummary = ArticleHtml.ToPlainText(summary);
        draft.Lead = plainSummary.Length > 0 ? plainSummary : draft.Paragraphs.FirstOrDefault();
        if (draft.Paragraphs.Count == 0 && plainSummary.Length > 0)
        {
            draft.Paragraphs.Add(plainSummary);
        }

        if (string.IsNullOrWhiteSpace(draft.Headline) && draft.Lead is { } lead)
        {
            draft.Headline = lead.Length <= 120 ? lead : string.Concat(lead.AsSpan(0, 119), "…");
            draft.Warnings.Add(new ParseWarning { Code = "headline-derived", Message = "The item has no title; the headline was taken from the start of its text." });
        }
    }

    /// <summary><c>image</c> and <c>banner_image</c> as images, then every <c>attachments</c> entry (podcast episodes, documents).</summary>
    private static void AddMedia(ArticleDraft draft, JsonElement item, Uri? baseUri)
    {
        foreach (var name in (string[])["image", "banner_image"])
        {
            if (MediaValues.Url(String(item, name), baseUri, draft.Warnings) is { } image)
            {
                MediaValues.Add(draft.Media, new MediaItem { Url = image, Kind = MediaKinds.Image });
            }
        }

        if (!item.TryGetProperty("attachments", out var attachments) || attachments.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var attachment in attachments.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.Object))
        {
            if (MediaValues.Url(String(attachment, "url"), baseUri, draft.Warnings) is not { } url)
            {
                continue;
            }

            var mime = MediaValues.MimeType(String(attachment, "mime_type"));
            MediaValues.Add(draft.Media, new MediaItem
            {
                Url = url,
                Kind = MediaValues.Kind(null, mime, url),
                MimeType = mime,
                Caption = MediaValues.Text(String(attachment, "title")),
                Length = MediaValues.Long(String(attachment, "size_in_bytes"), "size_in_bytes", draft.Warnings),
                DurationSeconds = MediaValues.Duration(String(attachment, "duration_in_seconds"), draft.Warnings),
            });
        }
    }

    /// <summary>JSON Feed 1.1 <c>authors</c> array, or 1.0 <c>author</c> object.</summary>
    private static List<Author> Authors(JsonElement element)
    {
        var result = new List<Author>();
        if (element.TryGetProperty("authors", out var authors) && authors.ValueKind == JsonValueKind.Array)
        {
            result.AddRange(authors.EnumerateArray().Select(Author).OfType<Author>());
        }
        else if (element.TryGetProperty("author", out var author) && Author(author) is { } single)
        {
            result.Add(single);
        }

        return result;
    }

    private static Author? Author(JsonElement author) =>
        author.ValueKind == JsonValueKind.Object && String(author, "name") is { } name ? new Author { Name = name, Contact = String(author, "url") } : null;

    private static DateTimeOffset? Date(ArticleDraft draft, string? text)
    {
        if (text is null)
        {
            return null;
        }

        var parsed = LenientDateParser.Parse(text);
        if (parsed is null)
        {
            draft.Warnings.Add(new ParseWarning { Code = "date-unparsed", Message = $"The date '{(text.Length > 60 ? text[..60] : text)}' could not be read." });
        }

        return parsed;
    }

    /// <summary>A string property (numbers are accepted for ids, as real feeds send them).</summary>
    private static string? String(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }

        var text = value.ValueKind switch
        {
            JsonValueKind.String => SafeJson.GetString(value),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }
}
