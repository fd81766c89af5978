using System.Text.RegularExpressions;
using System.Xml.Linq;
using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;
using Pipeline.Dispatches;
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
    private static readonly XNamespace DcTerms = "http://purl.org/dc/terms/";
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace Xhtml = "http://www.w3.org/1999/xhtml";

    /// <summary>The longest single summary paragraph that still makes a linked item a teaser.</summary>
    private const int TeaserLength = 300;

    /// <summary>An RSS <c>author</c> value is cut to this many characters before it is split into name and e-mail.</summary>
    private const int MaxAuthorLength = 1_000;

    /// <summary>The format name for a document root, or null when it is no feed.</summary>
    public static string? FormatOf(XElement root) => root.Name.LocalName switch
    {
        "rss" or "RDF" => DispatchFormats.Rss,
        "feed" => DispatchFormats.Atom,
        _ => null,
    };

    /// <summary>
    /// One draft per item or entry; an item that cannot be read goes to <paramref name="rejected"/> (with its guid or
    /// id) and the other items are mapped (issue 11: one bad item never costs the others).
    /// </summary>
    public static List<ArticleDraft> Map(XDocument document, int maxItems, Uri? documentUri = null, List<RejectedItem>? rejected = null)
    {
        var root = document.Root!;
        documentUri = documentUri is { Scheme: "http" or "https" } ? documentUri : null;
        rejected ??= [];
        return FormatOf(root) == DispatchFormats.Atom ? MapAtom(root, maxItems, documentUri, rejected) : MapRss(root, maxItems, documentUri, rejected);
    }

    private static List<ArticleDraft> MapRss(XElement root, int maxItems, Uri? documentUri, List<RejectedItem> rejected)
    {
        var channel = root.Elements().FirstOrDefault(e => e.Name.LocalName == "channel");
        var ns = channel?.Name.Namespace ?? root.Name.Namespace;
        var channelLink = UrlCanonicalizer.Canonicalize(Text(channel, ns + "link"), documentUri);
        var channelLanguage = Text(channel, ns + "language") ?? Text(channel, Dc + "language");

        // RSS 2.0 / 0.9x nest items in the channel; RSS 1.0 and 0.90 put them beside it.
        var items = (channel?.Elements(ns + "item") ?? []).Concat(root.Elements().Where(e => e.Name.LocalName == "item")).Take(maxItems);
        return ItemGuard.Map(items, item => MapRssItem(item, channel, channelLink, channelLanguage, documentUri),
            item => Text(item, item.Name.Namespace + "guid") ?? Attribute(item, Rdf + "about"), rejected);
    }

    private static ArticleDraft MapRssItem(XElement item, XElement? channel, Uri? channelLink, string? channelLanguage, Uri? documentUri)
    {
        var itemNs = item.Name.Namespace;
        var baseUri = Base(item, documentUri) ?? channelLink;
        var draft = new ArticleDraft { Format = DispatchFormats.Rss };
        draft.Headline = ArticleHtml.ToPlainText(Text(item, itemNs + "title") ?? Text(item, Dc + "title") ?? Clean(MediaRss(item, "title")?.Value));
        draft.SubHeadline = Clean(ArticleHtml.ToPlainText(Clean(Itunes(item, "subtitle")?.Value)));
        draft.DeclaresEmptyTitle = item.Element(itemNs + "title") is { } titleElement && string.IsNullOrWhiteSpace(titleElement.Value);

        var guidElement = item.Element(itemNs + "guid");
        var guid = Clean(guidElement?.Value) ?? Attribute(item, Rdf + "about");
        draft.ItemGuid = guid;
        var linkElement = item.Element(itemNs + "link");
        var permaLink = guidElement is not null && !string.Equals(Attribute(guidElement, "isPermaLink"), "false", StringComparison.OrdinalIgnoreCase) ? guid : null;
        draft.CanonicalUrl = UrlCanonicalizer.Canonicalize(Clean(linkElement?.Value), linkElement is null ? baseUri : Base(linkElement, documentUri) ?? baseUri)
            ?? UrlCanonicalizer.Canonicalize(permaLink, baseUri);

        draft.PublishedAt = Date(draft, Text(item, itemNs + "pubDate") ?? Text(item, Dc + "date") ?? Text(item, DcTerms + "issued") ?? Text(item, DcTerms + "created") ?? Text(item, Atom + "published"));
        draft.UpdatedAt = Date(draft, Text(item, DcTerms + "modified") ?? Text(item, Atom + "updated"));

        foreach (var author in item.Elements().Where(e => e.Name == itemNs + "author" || e.Name == Dc + "author" || e.Name == Dc + "creator").Select(e => Clean(e.Value)).OfType<string>())
        {
            draft.Authors.Add(RssAuthor(author));
        }

        draft.Subjects.AddRange(item.Elements(itemNs + "category").Concat(item.Elements(Dc + "subject")).Select(e => ArticleHtml.ToPlainText(e.Value)));
        if (Text(item, itemNs + "comments") is { } comments)
        {
            draft.CommentsUrl = UrlCanonicalizer.Canonicalize(comments, baseUri);
        }

        if (item.Element(itemNs + "source") is { } source)
        {
            draft.OriginalSource = Origin(Clean(ArticleHtml.ToPlainText(source.Value)), UrlCanonicalizer.Canonicalize(Attribute(source, "url"), baseUri));
        }

        // Full text: content:encoded, XHTML body, a bare body or fullitem; summary: description, dc:description, itunes:summary.
        var contentElement = item.Element(Content + "encoded") ?? item.Element(Xhtml + "body") ?? item.Element(itemNs + "body") ?? item.Element(itemNs + "fullitem");
        var summaryElement = item.Element(itemNs + "description") ?? item.Element(Dc + "description") ?? Itunes(item, "summary") ?? MediaDescription(item);
        if (item.Element(itemNs + "summary") is { } rssSummary && contentElement is null)
        {
            // A summary beside a description: the description is the fuller text.
            contentElement = summaryElement;
            summaryElement = rssSummary;
        }

        var contentHtml = InnerHtml(contentElement);
        // Relative references in the text: an explicit xml:base, else the item's own link, else the document.
        var textElement = contentElement ?? summaryElement ?? item;
        var textBase = HasXmlBase(textElement) ? Base(textElement, documentUri) : draft.CanonicalUrl ?? baseUri;
        SetBody(draft, contentHtml, InnerHtml(summaryElement), textBase ?? baseUri);
        draft.DeclaredLanguage = Text(item, Dc + "language")
            ?? Language(contentElement ?? summaryElement ?? item.Element(itemNs + "title") ?? item, out var declared)
            ?? (declared ? null : channelLanguage);
        // Attachments resolve against an explicit xml:base, else the item's link, else the document or channel.
        FeedMedia.Read(draft, item, channel, (HasXmlBase(item) ? Base(item, documentUri) : null) ?? draft.CanonicalUrl ?? baseUri, atom: false);
        draft.IsTeaser = IsTeaser(draft, contentHtml);
        return draft;
    }

    private static List<ArticleDraft> MapAtom(XElement feed, int maxItems, Uri? documentUri, List<RejectedItem> rejected)
    {
        var ns = feed.Name.Namespace;
        var feedBase = Base(feed, documentUri);
        var feedLink = UrlCanonicalizer.Canonicalize(AtomLink(feed, ns, "alternate"), feedBase);
        var feedAuthors = AtomAuthors(feed, ns, feedBase);
        return ItemGuard.Map(feed.Elements(ns + "entry").Take(maxItems), entry => MapAtomEntry(entry, feed, feedLink, feedAuthors, documentUri),
            entry => Text(entry, ns + "id"), rejected);
    }

    private static ArticleDraft MapAtomEntry(XElement entry, XElement feed, Uri? feedLink, List<Author> feedAuthors, Uri? documentUri)
    {
        var ns = feed.Name.Namespace;
        var draft = new ArticleDraft { Format = DispatchFormats.Atom };
        var title = entry.Element(ns + "title");
        draft.Headline = AtomText(title) ?? string.Empty;
        draft.DeclaresEmptyTitle = title is not null && string.IsNullOrWhiteSpace(title.Value) && !title.HasElements;
        draft.ItemGuid = Text(entry, ns + "id");
        var baseUri = Base(entry, documentUri) ?? feedLink;
        draft.CanonicalUrl = AtomUrl(entry, ns, "alternate", baseUri, documentUri);
        draft.CommentsUrl = AtomUrl(entry, ns, "replies", baseUri, documentUri);
        draft.PublishedAt = Date(draft, Text(entry, ns + "published") ?? Text(entry, ns + "issued") ?? Text(entry, ns + "created"));
        draft.UpdatedAt = Date(draft, Text(entry, ns + "updated") ?? Text(entry, ns + "modified"));
        draft.PublishedAt ??= draft.UpdatedAt;
        var authors = AtomAuthors(entry, ns, baseUri);
        draft.Authors.AddRange(authors.Count > 0 ? authors : feedAuthors);
        draft.Subjects.AddRange(entry.Elements(ns + "category").Select(c => Attribute(c, "label") ?? Attribute(c, "term")).OfType<string>());
        if (entry.Element(ns + "source") is { } source)
        {
            draft.OriginalSource = Origin(AtomText(source.Element(ns + "title")), AtomUrl(source, ns, "alternate", Base(source, documentUri) ?? baseUri, documentUri));
        }

        var content = entry.Element(ns + "content");
        var summary = entry.Element(ns + "summary") ?? MediaDescription(entry);
        var contentHtml = content is not null && Attribute(content, "src") is null ? AtomHtml(content) : null;
        SetBody(draft, contentHtml, AtomHtml(summary), Base(content ?? summary ?? entry, documentUri) ?? baseUri);
        draft.DeclaredLanguage = Language(contentHtml is not null ? content! : summary ?? title ?? entry, out _);
        FeedMedia.Read(draft, entry, feed, baseUri ?? draft.CanonicalUrl, atom: true);
        draft.IsTeaser = IsTeaser(draft, contentHtml);
        return draft;
    }

    private static ItemOrigin? Origin(string? title, Uri? url) => title is null && url is null ? null : new ItemOrigin { Title = title, Url = url };

    /// <summary>
    /// A teaser points to the article instead of carrying it: a link, no full content, at most one
    /// short paragraph of summary and no audio or video (a podcast episode's enclosure is its content).
    /// </summary>
    private static bool IsTeaser(ArticleDraft draft, string? contentHtml) =>
        draft.CanonicalUrl is not null && string.IsNullOrWhiteSpace(contentHtml)
        && !draft.Media.Exists(m => m.Kind is MediaKinds.Audio or MediaKinds.Video)
        && (draft.Paragraphs.Count == 0 || (draft.Paragraphs.Count == 1 && draft.Paragraphs[0].Length <= TeaserLength));

    /// <summary>Body from the full content (else the summary); the summary, when both exist, is the lead.</summary>
    private static void SetBody(ArticleDraft draft, string? contentHtml, string? summaryHtml, Uri? baseUri)
    {
        var main = !string.IsNullOrWhiteSpace(contentHtml) ? contentHtml : summaryHtml;
        if (string.IsNullOrWhiteSpace(main))
        {
            if (string.IsNullOrWhiteSpace(draft.Headline))
            {
                draft.Warnings.Add(new ParseWarning { Code = "no-headline", Message = "The item has no title and no text to take one from." });
            }

            return;
        }

        if (ArticleHtml.IsTooComplex(main))
        {
            draft.Warnings.Add(new ParseWarning { Code = "html-flattened", Message = $"The HTML nests elements deeper than {ArticleHtml.MaxNestingDepth} levels or has more than {ArticleHtml.MaxTags:N0} tags; it was reduced to plain text." });
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

    /// <summary>RSS <c>author</c> is "email (Name)", "Name (email)", "Name &lt;email&gt;", an e-mail or a name.</summary>
    private static Author RssAuthor(string value)
    {
        // Longer values are not a person's name and e-mail: kept cut, so no later step works on megabytes (issue 11).
        value = value.Length > MaxAuthorLength ? value[..MaxAuthorLength].TrimEnd() : value;
        var parenthesised = Parenthesised().Match(value);
        if (parenthesised.Success)
        {
            var outside = parenthesised.Groups["outside"].Value.Trim();
            var inside = parenthesised.Groups["inside"].Value.Trim();
            if (IsEmail(outside) && inside.Length > 0)
            {
                return new Author { Name = inside, Contact = outside };
            }

            if (IsEmail(inside) && outside.Length > 0)
            {
                return new Author { Name = outside, Contact = inside };
            }
        }

        var angled = NameWithEmail().Match(value);
        if (angled.Success)
        {
            return new Author { Name = angled.Groups["name"].Value.Trim(), Contact = angled.Groups["email"].Value };
        }

        return IsEmail(value) ? new Author { Name = value, Contact = value } : new Author { Name = value };
    }

    private static bool IsEmail(string value) =>
        value.Length > 2 && value.Contains('@', StringComparison.Ordinal) && !value.Any(char.IsWhiteSpace);

    /// <summary>Atom persons: <c>name</c>, <c>email</c> and <c>uri</c> (Atom 0.3: <c>url</c>, <c>homepage</c>).</summary>
    private static List<Author> AtomAuthors(XElement parent, XNamespace ns, Uri? baseUri) =>
        parent.Elements(ns + "author")
            .Select(a => (Name: Text(a, ns + "name"), Email: Text(a, ns + "email"), Uri: Text(a, ns + "uri") ?? Text(a, ns + "url") ?? Text(a, ns + "homepage"), Element: a))
            .Where(a => a.Name is not null || a.Email is not null)
            .Select(a => new Author
            {
                Name = a.Name ?? a.Email!,
                Contact = a.Email ?? a.Uri,
                Url = a.Uri is null ? null : UrlCanonicalizer.Canonicalize(a.Uri, Base(a.Element, baseUri) ?? baseUri),
            })
            .ToList();

    /// <summary>
    /// The link of a relation (no <c>rel</c> means alternate), preferring HTML; the address is the
    /// <c>href</c>, or the element's text when a feed writes it as text.
    /// </summary>
    private static string? AtomLink(XElement parent, XNamespace ns, string rel) => AtomLinkElement(parent, ns, rel) is { } link ? Href(link) : null;

    private static XElement? AtomLinkElement(XElement parent, XNamespace ns, string rel)
    {
        var links = parent.Elements(ns + "link")
            .Where(l => string.Equals(Attribute(l, "rel") ?? "alternate", rel, StringComparison.OrdinalIgnoreCase))
            .Where(l => Href(l) is not null)
            .ToList();
        return links.Find(l => Attribute(l, "type") is null or "text/html" or "application/xhtml+xml") ?? (links.Count > 0 ? links[0] : null);
    }

    private static Uri? AtomUrl(XElement parent, XNamespace ns, string rel, Uri? baseUri, Uri? documentUri) =>
        AtomLinkElement(parent, ns, rel) is { } link ? UrlCanonicalizer.Canonicalize(Href(link), Base(link, documentUri) ?? baseUri) : null;

    private static string? Href(XElement link) => Attribute(link, "href") ?? (link.HasElements ? null : Clean(link.Value));

    /// <summary>An Atom text construct as plain text.</summary>
    private static string? AtomText(XElement? element)
    {
        var html = AtomHtml(element);
        return html is null ? null : ArticleHtml.ToPlainText(html);
    }

    /// <summary>
    /// An Atom text construct as HTML: text is escaped, xhtml and XML types are serialized, html is as
    /// is; base64 (Atom 0.3 <c>mode="base64"</c>, or an Atom 1.0 type that is neither text nor XML) is decoded.
    /// </summary>
    private static string? AtomHtml(XElement? element)
    {
        if (element is null)
        {
            return null;
        }

        var type = (Attribute(element, "type") ?? "text").ToLowerInvariant();
        var mode = Attribute(element, "mode")?.ToLowerInvariant();
        var xml = type.Contains("xhtml", StringComparison.Ordinal) || type.EndsWith("/xml", StringComparison.Ordinal) || type.EndsWith("+xml", StringComparison.Ordinal);
        var textual = type is "text" or "html" || type.StartsWith("text/", StringComparison.Ordinal) || xml;
        if (mode == "base64" || (!textual && !element.HasElements))
        {
            var decoded = Base64(element.Value);
            return decoded is null ? null : type == "text/plain" ? System.Net.WebUtility.HtmlEncode(decoded) : decoded;
        }

        if (mode == "xml" || xml || element.HasElements)
        {
            var single = element.Elements().Count() == 1 && element.Nodes().OfType<XText>().All(t => string.IsNullOrWhiteSpace(t.Value)) ? element.Elements().First() : null;
            var container = single is not null && single.Name.LocalName == "div" && type.Contains("xhtml", StringComparison.Ordinal) && mode != "xml" ? single : element;
            return Serialize(container);
        }

        if (type.Contains("html", StringComparison.Ordinal) || mode == "escaped")
        {
            return element.Value;
        }

        return System.Net.WebUtility.HtmlEncode(element.Value);
    }

    /// <summary>An element's content as HTML: its serialized children when it has elements, else its text (escaped HTML as is).</summary>
    private static string? InnerHtml(XElement? element) =>
        element is null ? null : element.HasElements ? Serialize(element) : Clean(element.Value);

    private static string Serialize(XElement element) =>
        string.Concat(element.Nodes().Select(n => StripNamespaces(n).ToString(SaveOptions.DisableFormatting)));

    private static string? Base64(string text)
    {
        var compact = string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
        var buffer = new byte[(compact.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(compact, buffer, out var written) ? System.Text.Encoding.UTF8.GetString(buffer, 0, written) : null;
    }

    /// <summary>
    /// A copy of the node with every element and attribute name reduced to its local name. An explicit stack, not
    /// recursion: xhtml nested 20,000 deep overflowed the stack and killed the process (issue 11). Built bottom-up:
    /// a copy receives its children while it is still detached, because <c>XContainer.Add</c> walks from the parent
    /// to its root on every call, which made a top-down copy of deep markup quadratic (400,000 levels: minutes).
    /// </summary>
    private static XNode StripNamespaces(XNode node)
    {
        if (node is not XElement element)
        {
            return node;
        }

        var root = LocalCopy(element);
        var pending = new Stack<(XElement Copy, IEnumerator<XNode> Children)>();
        pending.Push((root, element.Nodes().GetEnumerator()));
        while (pending.Count > 0)
        {
            var (copy, children) = pending.Peek();
            if (!children.MoveNext())
            {
                children.Dispose();
                pending.Pop();
                if (pending.Count > 0)
                {
                    pending.Peek().Copy.Add(copy);
                }

                continue;
            }

            if (children.Current is XElement childElement)
            {
                pending.Push((LocalCopy(childElement), childElement.Nodes().GetEnumerator()));
            }
            else
            {
                copy.Add(children.Current);
            }
        }

        return root;
    }

    /// <summary>
    /// The element and its attributes under their local names. Two attributes with one local name (<c>xml:lang</c>
    /// and <c>lang</c>, common in real xhtml content) become one: the unprefixed value wins, else the first.
    /// </summary>
    private static XElement LocalCopy(XElement element)
    {
        var copy = new XElement(element.Name.LocalName);
        foreach (var attribute in element.Attributes())
        {
            if (attribute.IsNamespaceDeclaration)
            {
                continue;
            }

            if (copy.Attribute(attribute.Name.LocalName) is { } existing)
            {
                if (attribute.Name.Namespace == XNamespace.None)
                {
                    existing.Value = attribute.Value;
                }

                continue;
            }

            copy.Add(new XAttribute(attribute.Name.LocalName, attribute.Value));
        }

        return copy;
    }

    /// <summary>
    /// The <c>xml:lang</c> in effect on an element (inherited element by element); <c>xml:lang=""</c>
    /// means "unknown" and gives null with <paramref name="declared"/> set, so no outer default applies.
    /// </summary>
    private static string? Language(XElement element, out bool declared)
    {
        foreach (var e in element.AncestorsAndSelf())
        {
            if (e.Attribute(Xml + "lang") is { } lang)
            {
                declared = true;
                return Clean(lang.Value);
            }
        }

        declared = false;
        return null;
    }

    /// <summary>
    /// The effective <c>xml:base</c> (outer bases applied first, starting from the document's own URL).
    /// Not canonicalised: a base's trailing slash decides how relative references resolve
    /// (<c>…/2025/08/</c> + <c>a.mp3</c> is <c>…/2025/08/a.mp3</c>). Bases that are not http(s) are ignored.
    /// </summary>
    private static Uri? Base(XElement element, Uri? documentUri)
    {
        if (!HasXmlBase(element))
        {
            return documentUri;   // most feeds: one walk up, nothing allocated
        }

        var result = documentUri;
        foreach (var value in element.AncestorsAndSelf().Reverse().Select(e => Attribute(e, Xml + "base")).OfType<string>())
        {
            Uri? next = null;
            if (result is not null && Uri.TryCreate(result, value, out var combined))
            {
                next = combined;
            }
            else if (!value.StartsWith('/') && Uri.TryCreate(value, UriKind.Absolute, out var absolute))
            {
                next = absolute;
            }

            if (next is { Scheme: "http" or "https" })
            {
                result = next;
            }
        }

        return result;
    }

    private static bool HasXmlBase(XElement element)
    {
        for (var e = element; e is not null; e = e.Parent)
        {
            if (e.Attribute(XmlBase) is not null)
            {
                return true;
            }
        }

        return false;
    }

    private static readonly XName XmlBase = Xml + "base";

    private static XElement? Itunes(XElement parent, string localName) =>
        parent.Elements().FirstOrDefault(e => e.Name.LocalName == localName && FeedMedia.IsItunes(e.Name.Namespace));

    /// <summary>A Media RSS description of the item or its group: the item's summary when it has no other.</summary>
    private static XElement? MediaDescription(XElement item) =>
        MediaRss(item, "description") ?? (MediaRss(item, "group") is { } group ? MediaRss(group, "description") : null);

    private static XElement? MediaRss(XElement parent, string localName) =>
        parent.Elements().FirstOrDefault(e => e.Name.LocalName == localName && FeedMedia.IsMediaRss(e.Name.Namespace));

    private static string? Text(XElement? parent, XName name) => Clean(parent?.Element(name)?.Value);

    private static string? Attribute(XElement? element, XName name) => Clean(element?.Attribute(name)?.Value);

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string Truncate(string text) => text.Length <= 60 ? text : text[..60] + "…";

    [GeneratedRegex(@"^(?<outside>[^()]+)\((?<inside>[^()]+)\)$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.NonBacktracking)]
    private static partial Regex Parenthesised();

    // NonBacktracking: "x<" + a run of '@' made the backtracking engine quadratic (200 KB: 81 s; issue 11).
    [GeneratedRegex(@"^(?<name>[^<]+)<(?<email>[^>\s]+@[^>\s]+)>$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.NonBacktracking)]
    private static partial Regex NameWithEmail();

    [GeneratedRegex(@"\n\s*\n", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex BlankLines();

    [GeneratedRegex(@"^.+?[.!?](?=\s|$)", RegexOptions.CultureInvariant, RegexLimits.MatchTimeoutMilliseconds)]
    private static partial Regex FirstSentence();
}
