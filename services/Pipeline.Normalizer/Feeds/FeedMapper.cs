using System.Text.RegularExpressions;
using System.Xml.Linq;
using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;
using Pipeline.Normalizer.Articles;
using Pipeline.Normalizer.Dates;
using Pipeline.Normalizer.Text;
using Pipeline.Normalizer.Urls;

namespace Pipeline.Normalizer.Feeds;

/// <summary>
/// Maps syndication documents to article drafts: RSS 2.0, RSS 0.9x, RSS 1.0 / RDF and Atom 1.0 / 0.3.
/// Elements are matched by the feed's own namespace, so an <c>atom:link</c> inside an RSS item never
/// passes for the item's <c>link</c>.
/// </summary>
internal static partial class FeedMapper
{
    private static readonly XNamespace Dc = "http://purl.org/dc/elements/1.1/";
    private static readonly XNamespace Content = "http://purl.org/rss/1.0/modules/content/";
    private static readonly XNamespace Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    private static readonly XNamespace Xml = XNamespace.Xml;

    /// <summary>The format name for a document root, or null when it is no feed.</summary>
    public static string? FormatOf(XElement root) => root.Name.LocalName switch
    {
        "rss" or "RDF" => DispatchFormats.Rss,
        "feed" => DispatchFormats.Atom,
        _ => null,
    };

    public static List<ArticleDraft> Map(XDocument document, int maxItems)
    {
        var root = document.Root!;
        return FormatOf(root) == DispatchFormats.Atom ? MapAtom(root, maxItems) : MapRss(root, maxItems);
    }

    private static List<ArticleDraft> MapRss(XElement root, int maxItems)
    {
        var channel = root.Elements().FirstOrDefault(e => e.Name.LocalName == "channel");
        var ns = channel?.Name.Namespace ?? root.Name.Namespace;
        var channelLink = UrlCanonicalizer.Canonicalize(Text(channel, ns + "link"));
        var language = Text(channel, ns + "language") ?? Text(channel, Dc + "language") ?? Attribute(root, Xml + "lang");

        // RSS 2.0 / 0.9x nest items in the channel; RSS 1.0 and 0.90 put them beside it.
        var items = (channel?.Elements(ns + "item") ?? []).Concat(root.Elements().Where(e => e.Name.LocalName == "item")).Take(maxItems);
        var drafts = new List<ArticleDraft>();
        foreach (var item in items)
        {
            var itemNs = item.Name.Namespace;
            var draft = new ArticleDraft { Format = DispatchFormats.Rss, DeclaredLanguage = Text(item, Dc + "language") ?? language };
            draft.Headline = ArticleHtml.ToPlainText(Text(item, itemNs + "title") ?? Text(item, Dc + "title"));

            var guidElement = item.Element(itemNs + "guid");
            var guid = Clean(guidElement?.Value) ?? Attribute(item, Rdf + "about");
            draft.ItemGuid = guid;
            var link = Text(item, itemNs + "link");
            var permaLink = guidElement is not null && !string.Equals(Attribute(guidElement, "isPermaLink"), "false", StringComparison.OrdinalIgnoreCase) ? guid : null;
            draft.CanonicalUrl = UrlCanonicalizer.Canonicalize(link, channelLink) ?? UrlCanonicalizer.Canonicalize(permaLink, channelLink);

            draft.PublishedAt = Date(draft, Text(item, itemNs + "pubDate") ?? Text(item, Dc + "date"));
            draft.UpdatedAt = Date(draft, Text(item, XNamespace.Get("http://www.w3.org/2005/Atom") + "updated"));

            if (Text(item, itemNs + "author") is { } author)
            {
                draft.Authors.Add(RssAuthor(author));
            }

            foreach (var creator in item.Elements(Dc + "creator").Select(e => Clean(e.Value)).OfType<string>())
            {
                draft.Authors.Add(new Author { Name = creator });
            }

            draft.Subjects.AddRange(item.Elements(itemNs + "category").Concat(item.Elements(Dc + "subject")).Select(e => ArticleHtml.ToPlainText(e.Value)));
            SetBody(draft, Text(item, Content + "encoded"), Text(item, itemNs + "description"), draft.CanonicalUrl);
            FeedMedia.Read(draft, item, channel, Base(item) ?? draft.CanonicalUrl ?? channelLink, atom: false);
            drafts.Add(draft);
        }

        return drafts;
    }

    private static List<ArticleDraft> MapAtom(XElement feed, int maxItems)
    {
        var ns = feed.Name.Namespace;
        var feedLink = UrlCanonicalizer.Canonicalize(AtomLink(feed, ns), null);
        var feedAuthors = AtomAuthors(feed, ns);
        var drafts = new List<ArticleDraft>();
        foreach (var entry in feed.Elements(ns + "entry").Take(maxItems))
        {
            var draft = new ArticleDraft { Format = DispatchFormats.Atom, DeclaredLanguage = InheritedLanguage(entry) };
            draft.Headline = AtomText(entry.Element(ns + "title")) ?? string.Empty;
            draft.ItemGuid = Text(entry, ns + "id");
            var baseUri = Base(entry) ?? feedLink;
            draft.CanonicalUrl = UrlCanonicalizer.Canonicalize(AtomLink(entry, ns), baseUri);
            draft.PublishedAt = Date(draft, Text(entry, ns + "published") ?? Text(entry, ns + "issued") ?? Text(entry, ns + "created"));
            draft.UpdatedAt = Date(draft, Text(entry, ns + "updated") ?? Text(entry, ns + "modified"));
            draft.PublishedAt ??= draft.UpdatedAt;
            var authors = AtomAuthors(entry, ns);
            draft.Authors.AddRange(authors.Count > 0 ? authors : feedAuthors);
            draft.Subjects.AddRange(entry.Elements(ns + "category").Select(c => Attribute(c, "label") ?? Attribute(c, "term")).OfType<string>());

            var content = entry.Element(ns + "content");
            var summary = entry.Element(ns + "summary");
            var contentHtml = content is not null && Attribute(content, "src") is null ? AtomHtml(content) : null;
            SetBody(draft, contentHtml, AtomHtml(summary), baseUri);
            FeedMedia.Read(draft, entry, feed, baseUri ?? draft.CanonicalUrl, atom: true);
            drafts.Add(draft);
        }

        return drafts;
    }

    /// <summary>Body from the full content (else the summary); the summary, when both exist, is the lead.</summary>
    private static void SetBody(ArticleDraft draft, string? contentHtml, string? summaryHtml, Uri? baseUri)
    {
        var main = !string.IsNullOrWhiteSpace(contentHtml) ? contentHtml : summaryHtml;
        if (string.IsNullOrWhiteSpace(main))
        {
            return;
        }

        if (ArticleHtml.IsTooDeep(main))
        {
            draft.Warnings.Add(new ParseWarning { Code = "html-flattened", Message = $"The HTML nests elements deeper than {ArticleHtml.MaxNestingDepth} levels; it was reduced to plain text." });
        }

        var paragraphs = ArticleHtml.LooksLikeHtml(main)
            ? ArticleHtml.ToParagraphs(main)
            : BlankLines().Split(System.Net.WebUtility.HtmlDecode(main)).Select(TextCleaner.Clean).Where(p => p.Length > 0).ToList();
        draft.Paragraphs.AddRange(paragraphs);
        draft.Html = ArticleHtml.LooksLikeHtml(main) ? ArticleHtml.Sanitize(main, baseUri) : ArticleHtml.FromParagraphs(paragraphs);

        var summary = !string.IsNullOrWhiteSpace(contentHtml) ? ArticleHtml.ToPlainText(summaryHtml) : string.Empty;
        var first = paragraphs.Count > 0 ? paragraphs[0] : null;
        draft.Lead = summary.Length > 0 ? summary : first;

        if (string.IsNullOrWhiteSpace(draft.Headline) && (draft.Lead ?? first) is { } text)
        {
            draft.Headline = Derive(text);
            draft.Warnings.Add(new ParseWarning { Code = "headline-derived", Message = "The item has no title; the headline was taken from the start of its text." });
        }
    }

    /// <summary>The first sentence, at most about 120 characters, cut at a word boundary.</summary>
    private static string Derive(string text)
    {
        var sentence = FirstSentence().Match(text).Value.Trim();
        if (sentence.Length == 0)
        {
            sentence = text;
        }

        if (sentence.Length <= 120)
        {
            return sentence;
        }

        var cut = sentence.LastIndexOf(' ', 119);
        return string.Concat(sentence.AsSpan(0, cut > 40 ? cut : 120), "…");
    }

    private static DateTimeOffset? Date(ArticleDraft draft, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var parsed = LenientDateParser.Parse(text);
        if (parsed is null)
        {
            draft.Warnings.Add(new ParseWarning { Code = "date-unparsed", Message = $"The date '{Truncate(text)}' could not be read." });
        }

        return parsed;
    }

    /// <summary>RSS <c>author</c> is "email (Name)", "Name &lt;email&gt;", an e-mail or a name.</summary>
    private static Author RssAuthor(string value)
    {
        var parenthesised = EmailWithName().Match(value);
        if (parenthesised.Success)
        {
            return new Author { Name = parenthesised.Groups["name"].Value.Trim(), Contact = parenthesised.Groups["email"].Value };
        }

        var angled = NameWithEmail().Match(value);
        if (angled.Success)
        {
            return new Author { Name = angled.Groups["name"].Value.Trim(), Contact = angled.Groups["email"].Value };
        }

        return value.Contains('@', StringComparison.Ordinal) && !value.Contains(' ', StringComparison.Ordinal)
            ? new Author { Name = value, Contact = value }
            : new Author { Name = value };
    }

    private static List<Author> AtomAuthors(XElement parent, XNamespace ns) =>
        parent.Elements(ns + "author")
            .Select(a => (Name: Text(a, ns + "name"), Email: Text(a, ns + "email"), Uri: Text(a, ns + "uri")))
            .Where(a => a.Name is not null || a.Email is not null)
            .Select(a => new Author { Name = a.Name ?? a.Email!, Contact = a.Email ?? a.Uri })
            .ToList();

    /// <summary>The alternate link (no <c>rel</c> means alternate), preferring HTML.</summary>
    private static string? AtomLink(XElement parent, XNamespace ns)
    {
        var links = parent.Elements(ns + "link")
            .Where(l => Attribute(l, "rel") is null or "alternate")
            .Where(l => Attribute(l, "href") is not null)
            .ToList();
        var html = links.Find(l => Attribute(l, "type") is null or "text/html" or "application/xhtml+xml");
        return Attribute(html ?? (links.Count > 0 ? links[0] : null), "href");
    }

    /// <summary>An Atom text construct as plain text.</summary>
    private static string? AtomText(XElement? element)
    {
        var html = AtomHtml(element);
        return html is null ? null : ArticleHtml.ToPlainText(html);
    }

    /// <summary>An Atom text construct as HTML (text is escaped, xhtml is serialized, html is as is).</summary>
    private static string? AtomHtml(XElement? element)
    {
        if (element is null)
        {
            return null;
        }

        var type = Attribute(element, "type") ?? "text";
        if (type.Contains("xhtml", StringComparison.OrdinalIgnoreCase))
        {
            var container = element.Elements().FirstOrDefault() ?? element;
            return string.Concat(container.Nodes().Select(n => StripNamespaces(n).ToString(SaveOptions.DisableFormatting)));
        }

        if (type.Contains("html", StringComparison.OrdinalIgnoreCase) || string.Equals(Attribute(element, "mode"), "escaped", StringComparison.OrdinalIgnoreCase))
        {
            return element.Value;
        }

        return System.Net.WebUtility.HtmlEncode(element.Value);
    }

    private static XNode StripNamespaces(XNode node) => node is XElement element
        ? new XElement(element.Name.LocalName, element.Attributes().Where(a => !a.IsNamespaceDeclaration).Select(a => new XAttribute(a.Name.LocalName, a.Value)), element.Nodes().Select(StripNamespaces))
        : node;

    private static string? InheritedLanguage(XElement element) =>
        element.AncestorsAndSelf().Select(e => Attribute(e, Xml + "lang")).FirstOrDefault(l => l is not null);

    /// <summary>
    /// The effective <c>xml:base</c> (outer bases applied first). Not canonicalised: a base's trailing
    /// slash decides how relative references resolve (<c>…/2025/08/</c> + <c>a.mp3</c> is <c>…/2025/08/a.mp3</c>).
    /// </summary>
    private static Uri? Base(XElement element)
    {
        Uri? result = null;
        foreach (var value in element.AncestorsAndSelf().Reverse().Select(e => Attribute(e, Xml + "base")).OfType<string>())
        {
            if (result is not null && Uri.TryCreate(result, value, out var combined))
            {
                result = combined;
            }
            else if (!value.StartsWith('/') && Uri.TryCreate(value, UriKind.Absolute, out var absolute))
            {
                result = absolute;
            }
        }

        return result is { Scheme: "http" or "https" } ? result : null;
    }

    private static string? Text(XElement? parent, XName name) => Clean(parent?.Element(name)?.Value);

    private static string? Attribute(XElement? element, XName name) => Clean(element?.Attribute(name)?.Value);

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string Truncate(string text) => text.Length <= 60 ? text : text[..60] + "…";

    [GeneratedRegex(@"^(?<email>[^\s()@]+@[^\s()]+)\s*\((?<name>[^)]+)\)$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex EmailWithName();

    [GeneratedRegex(@"^(?<name>[^<]+)<(?<email>[^>\s]+@[^>\s]+)>$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex NameWithEmail();

    [GeneratedRegex(@"\n\s*\n", RegexOptions.CultureInvariant)]
    private static partial Regex BlankLines();

    [GeneratedRegex(@"^.+?[.!?](?=\s|$)", RegexOptions.CultureInvariant)]
    private static partial Regex FirstSentence();
}
