using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;
using Pipeline.Dispatches;
using Pipeline.Normalizer.Articles;
using Pipeline.Normalizer.Dates;
using Pipeline.Normalizer.Media;
using Pipeline.Normalizer.Text;
using Pipeline.Normalizer.Urls;
using SmartReader;

namespace Pipeline.Normalizer.Pages;

/// <summary>
/// An HTML article page: metadata from the page's own tags (canonical link, Open Graph, article:*,
/// author, <c>html lang</c>) and the main text by readability-style extraction (SmartReader, a port of
/// Mozilla Readability), then sanitized with the article allow-list.
/// </summary>
internal static class HtmlPage
{
    /// <summary>Most elements a page may have (counted as start plus end tags / 2); bigger pages are rejected rather than parsed for seconds.</summary>
    private const int MaxElements = 50_000;

    public static ArticleDraft Map(string html, Uri? location)
    {
        if (ArticleHtml.IsTooDeep(html))
        {
            throw new PermanentDispatchException(RejectionReasons.TooLarge,
                $"The HTML page nests elements deeper than {ArticleHtml.MaxNestingDepth} levels; it is refused rather than parsed.");
        }

        if (ArticleHtml.CountTags(html) > MaxElements * 2)
        {
            throw new PermanentDispatchException(RejectionReasons.TooLarge,
                $"The HTML page has more than {MaxElements:N0} elements; it is refused rather than parsed. Send the article's own page, not an index or archive.");
        }

        var document = new HtmlParser().ParseDocument(html);
        var canonical = UrlCanonicalizer.Canonicalize(document.QuerySelector("link[rel~=canonical]")?.GetAttribute("href"), location)
            ?? UrlCanonicalizer.Canonicalize(Meta(document, "og:url"), location)
            ?? (location is null ? null : UrlCanonicalizer.Canonicalize(location));
        var draft = new ArticleDraft { Format = DispatchFormats.Html, CanonicalUrl = canonical };

        Article article;
        try
        {
            var reader = new Reader((canonical ?? new Uri("https://localhost/")).AbsoluteUri, html)
            {
                MaxElemsToParse = MaxElements,
                Debug = false,
            };
            article = reader.GetArticle();
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or NotSupportedException)
        {
            throw new PermanentDispatchException(RejectionReasons.Malformed, $"The HTML page could not be read: {ex.Message}", ex);
        }

        draft.Headline = TextCleaner.Clean(Meta(document, "og:title") ?? (string.IsNullOrWhiteSpace(article.Title) ? document.Title : article.Title));
        draft.DeclaredLanguage = document.DocumentElement.GetAttribute("lang") ?? Meta(document, "og:locale") ?? NullIfBlank(article.Language);
        draft.PublishedAt = LenientDateParser.Parse(Meta(document, "article:published_time") ?? Meta(document, "date") ?? Meta(document, "dc.date")
            ?? document.QuerySelector("time[datetime]")?.GetAttribute("datetime")) ?? (article.PublicationDate is { } published ? new DateTimeOffset(DateTime.SpecifyKind(published, DateTimeKind.Utc)) : null);
        draft.UpdatedAt = LenientDateParser.Parse(Meta(document, "article:modified_time"));

        var author = Meta(document, "author") ?? Meta(document, "article:author") ?? NullIfBlank(article.Author) ?? NullIfBlank(article.Byline);
        if (author is not null && !author.StartsWith("http", StringComparison.OrdinalIgnoreCase))
        {
            draft.Authors.Add(new Author { Name = TextCleaner.Clean(author) });
        }

        if (Meta(document, "article:section") is { } section)
        {
            draft.Sections.Add(section);
        }

        draft.Subjects.AddRange(document.QuerySelectorAll("meta[property='article:tag']").Select(m => m.GetAttribute("content")).OfType<string>());
        if (Meta(document, "news_keywords") is { } keywords)
        {
            draft.Subjects.AddRange(keywords.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        if (article.IsReadable && !string.IsNullOrWhiteSpace(article.Content))
        {
            draft.Paragraphs.AddRange(ArticleHtml.ToParagraphs(article.Content));
            draft.Html = ArticleHtml.Sanitize(article.Content, canonical);
        }
        else
        {
            draft.Warnings.Add(new ParseWarning { Code = "not-readable", Message = "No main article text was found on the page; only its metadata was kept." });
        }

        var description = Meta(document, "og:description") ?? Meta(document, "description") ?? NullIfBlank(article.Excerpt);
        draft.Lead = description is not null ? TextCleaner.Clean(description) : draft.Paragraphs.FirstOrDefault();
        AddMedia(draft, document, canonical ?? location);
        return draft;
    }

    /// <summary>
    /// The page's declared image and video (Open Graph <c>og:image</c>/<c>og:video</c> with their
    /// <c>:width</c>, <c>:height</c>, <c>:type</c>, <c>:alt</c>; <c>twitter:image</c> when there is no
    /// <c>og:image</c>) and point (<c>geo.position</c> "lat;lon", <c>ICBM</c> "lat, lon",
    /// <c>place:location:latitude</c>/<c>longitude</c>, named by <c>geo.placename</c>).
    /// </summary>
    private static void AddMedia(ArticleDraft draft, IDocument document, Uri? baseUri)
    {
        foreach (var (prefix, kind) in (ReadOnlySpan<(string, string)>)[("og:image", MediaKinds.Image), ("og:video", MediaKinds.Video)])
        {
            var url = Meta(document, prefix + ":secure_url") ?? Meta(document, prefix) ?? Meta(document, prefix + ":url")
                ?? (kind == MediaKinds.Image ? Meta(document, "twitter:image") : null);
            if (MediaValues.Url(url, baseUri, draft.Warnings) is not { } uri)
            {
                continue;
            }

            var mime = MediaValues.MimeType(Meta(document, prefix + ":type"));
            MediaValues.Add(draft.Media, new MediaItem
            {
                Url = uri,
                Kind = kind,
                MimeType = mime,
                Caption = MediaValues.Text(Meta(document, prefix + ":alt") ?? (kind == MediaKinds.Image ? Meta(document, "twitter:image:alt") : null)),
                Width = MediaValues.Int(Meta(document, prefix + ":width"), "width", draft.Warnings),
                Height = MediaValues.Int(Meta(document, prefix + ":height"), "height", draft.Warnings),
            });
        }

        var name = Meta(document, "geo.placename");
        draft.Location = MediaValues.Point(Meta(document, "geo.position") ?? Meta(document, "ICBM"), name, draft.Warnings)
            ?? MediaValues.Point(Meta(document, "place:location:latitude"), Meta(document, "place:location:longitude"), name, draft.Warnings);
    }

    private static string? Meta(IDocument document, string name)
    {
        foreach (var meta in document.QuerySelectorAll("meta"))
        {
            var key = meta.GetAttribute("property") ?? meta.GetAttribute("name") ?? meta.GetAttribute("itemprop");
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase) && NullIfBlank(meta.GetAttribute("content")) is { } content)
            {
                return content.Trim();
            }
        }

        return null;
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
