using System.Globalization;
using System.Xml.Linq;
using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;
using Pipeline.Normalizer.Articles;
using Pipeline.Normalizer.Dates;
using Pipeline.Normalizer.Media;
using Pipeline.Normalizer.Text;
using static Pipeline.Normalizer.Wire.Nitf;

namespace Pipeline.Normalizer.Wire;

/// <summary>
/// IPTC NewsML 1.x (1.2) documents: every <c>NewsItem</c> of a <c>NewsML</c> envelope is one article.
/// Identification (<c>PublicIdentifier</c> without its revision, <c>RevisionId</c> as the version),
/// <c>NewsManagement</c> dates and urgency (else the envelope's <c>Priority</c>), the first <c>NewsLines</c>
/// of the component tree (<c>HeadLine</c>, <c>SubHeadLine</c>, <c>ByLine</c>, <c>DateLine</c>, <c>SlugLine</c>),
/// language, keywords and the text of the body component (inline NITF, XHTML or plain text). Components
/// with a role such as Contact, StyleSheet, Logo or Photo are not body text; components holding pictures,
/// graphics or video become one media item each. The component tree is walked with an explicit depth limit.
/// </summary>
internal static class NewsMl1
{
    private const int MaxDepth = 32;

    /// <summary>Component roles whose text is not part of the article body.</summary>
    private static readonly HashSet<string> NonBodyRoles = new(StringComparer.OrdinalIgnoreCase)
    {
        "StyleSheet", "Contact", "Contacts", "HeadLine", "Headline", "SubHeadLine", "Subheadline", "Logo", "Photo", "Picture", "Graphic", "Video", "Audio",
        "Caption", "Thumbnail", "Preview", "Quicklook", "Boilerplate", "Disclaimer", "Advisory", "Note", "Metadata",
    };

    public static List<ArticleDraft> Map(XElement root, int maxItems, List<RejectedItem>? rejected = null)
    {
        var envelope = Child(root, "NewsEnvelope");
        var items = root.Name.LocalName == "NewsItem" ? [root] : Bounded(root).Where(e => e.Name.LocalName == "NewsItem");
        return ItemGuard.Map(items.Take(maxItems), item => MapItem(item, envelope), item => Guid(Child(Child(item, "Identification"), "NewsIdentifier")), rejected ?? [])
            .Where(d => d.Headline.Length > 0 || d.HasText).ToList();
    }

    private static ArticleDraft MapItem(XElement item, XElement? envelope)
    {
        var identifier = Child(Child(item, "Identification"), "NewsIdentifier");
        var management = Child(item, "NewsManagement");
        var component = Child(item, "NewsComponent");
        var components = Components(component).ToList();
        var draft = new ArticleDraft { Format = DispatchFormats.NewsMl, ItemGuid = Guid(identifier) };
        draft.Version = WireText.Int(TextOf(Child(identifier, "RevisionId"))) is { } revision and > 0 ? revision : 1;
        draft.PublishedAt = Date(TextOf(Child(management, "FirstCreated")));
        draft.UpdatedAt = Date(TextOf(Child(management, "ThisRevisionCreated")));
        draft.Urgency = Urgencies.FromNumber(Attr(Child(management, "Urgency"), "FormalName") ?? Attr(Child(envelope, "Priority"), "FormalName"));

        var descriptive = components.Select(c => Child(c, "DescriptiveMetadata")).OfType<XElement>().ToList();
        draft.DeclaredLanguage = descriptive.Select(d => Attr(Child(d, "Language"), "FormalName")).FirstOrDefault(l => l is not null)
            ?? Attr(item, XNamespace.Xml + "lang");

        var lines = components.Select(c => Child(c, "NewsLines")).OfType<XElement>().ToList();
        draft.Headline = WireText.Value(First(lines, "HeadLine")) ?? string.Empty;
        draft.SubHeadline = WireText.Value(First(lines, "SubHeadLine")) ?? RoleText(components, "SubHeadLine");
        if (draft.Headline.Length == 0 && RoleText(components, "HeadLine") is { } roleHeadline)
        {
            draft.Headline = roleHeadline;
        }

        var copyright = First(lines, "CopyrightLine");
        var administrative = components.Select(c => Child(c, "AdministrativeMetadata")).OfType<XElement>().ToList();
        var provider = administrative.Select(a => Attr(Child(Child(a, "Provider"), "Party"), "FormalName")).FirstOrDefault(p => p is not null);
        draft.Dateline = WireText.ParseDateline(First(lines, "DateLine"), draft.PublishedAt);
        var agencies = new[] { provider, draft.Dateline?.Agency, TextOf(Child(identifier, "ProviderId")), HolderOf(copyright) };
        var byline = First(lines, "ByLine") ?? administrative.Select(a => Attr(Child(Child(a, "Creator"), "Party"), "FormalName")).FirstOrDefault(c => c is not null);
        draft.Authors.AddRange(WireText.Authors(byline, agencies));

        ApplyDatelineMetadata(draft, descriptive);
        AddSubjects(draft, components, lines);
        ApplyBody(draft, components);
        AddMedia(draft, components);

        var headline = draft.Headline;
        draft.Dateline = WireText.StripLeadingDateline(draft.Paragraphs, draft.Dateline, draft.PublishedAt);
        WireText.DropRepeats(draft.Paragraphs, headline, null);
        WireText.TrimTrailers(draft.Paragraphs);
        draft.Lead = draft.Paragraphs.FirstOrDefault();
        return draft;
    }

    /// <summary><c>urn:newsml:afp.com:20210516T080625Z:TX-PAR-WGF71:1</c> → without the trailing revision, so later revisions keep the id.</summary>
    private static string? Guid(XElement? identifier)
    {
        var revision = TextOf(Child(identifier, "RevisionId"));
        if (TextOf(Child(identifier, "PublicIdentifier")) is { } urn)
        {
            return revision is not null && urn.EndsWith(":" + revision, StringComparison.Ordinal) ? urn[..^(revision.Length + 1)] : urn;
        }

        var provider = TextOf(Child(identifier, "ProviderId"));
        var itemId = TextOf(Child(identifier, "NewsItemId"));
        return provider is null || itemId is null ? null : $"urn:newsml:{provider}:{TextOf(Child(identifier, "DateId"))}:{itemId}";
    }

    /// <summary>The dateline's date (<c>DateLineDate</c>) and, when the dateline named no place, the origin <c>Location</c>'s city and country.</summary>
    private static void ApplyDatelineMetadata(ArticleDraft draft, List<XElement> descriptive)
    {
        var date = descriptive.Select(d => TextOf(Child(d, "DateLineDate"))).FirstOrDefault(d => d is not null);
        var origin = descriptive.SelectMany(d => Children(d, "Location")).FirstOrDefault(l => Attr(l, "HowPresent") is null or "Origin");
        string? Property(string name) => Children(origin, "Property").Where(p => string.Equals(Attr(p, "FormalName"), name, StringComparison.OrdinalIgnoreCase)).Select(p => WireText.Value(Attr(p, "Value"))).FirstOrDefault(v => v is not null);
        var city = Property("City");
        var countryCode = Property("Country") is { } country && country.Length == 2 ? country.ToUpperInvariant() : null;
        if (draft.Dateline is null && city is null)
        {
            return;
        }

        var current = draft.Dateline ?? new Dateline();
        draft.Dateline = current with
        {
            Place = current.Place ?? city,
            CountryCode = current.CountryCode ?? countryCode,
            Date = current.Date ?? (Date(date) is { } when ? DateOnly.FromDateTime(when.UtcDateTime) : null),
        };
    }

    /// <summary>Keywords (<c>Property FormalName="Keyword"</c> without a role, and any <c>…Keywords</c> property) and the slug line.</summary>
    private static void AddSubjects(ArticleDraft draft, List<XElement> components, List<XElement> lines)
    {
        foreach (var property in components.SelectMany(c => Children(c, "DescriptiveMetadata").Concat(Children(c, "Metadata"))).SelectMany(m => Children(m, "Property")))
        {
            var name = Attr(property, "FormalName") ?? string.Empty;
            if ((string.Equals(name, "Keyword", StringComparison.OrdinalIgnoreCase) && Attr(property, "Role") is null)
                || name.EndsWith("Keywords", StringComparison.OrdinalIgnoreCase))
            {
                if (WireText.Value(Attr(property, "Value")) is { } keyword)
                {
                    draft.Subjects.Add(keyword);
                }
            }
        }

        if (WireText.Value(First(lines, "SlugLine")) is { } slug)
        {
            draft.Subjects.Add(slug);
        }
    }

    /// <summary>The text of the first body content item: inline NITF, (X)HTML, or plain text (HTML escaped as text is read as HTML).</summary>
    private static void ApplyBody(ArticleDraft draft, List<XElement> components)
    {
        foreach (var component in components.Where(IsBodyComponent))
        {
            foreach (var content in Children(component, "ContentItem"))
            {
                if (Child(content, "DataContent") is not { } data || !IsText(content))
                {
                    continue;
                }

                var inline = data.Elements().FirstOrDefault();
                if (inline?.Name.LocalName == "nitf")
                {
                    var headline = draft.Headline;
                    var authors = draft.Authors.ToList();
                    Nitf.ApplyBody(draft, Child(inline, "body"));
                    draft.Headline = headline.Length > 0 ? headline : draft.Headline;
                    if (authors.Count > 0)
                    {
                        draft.Authors.Clear();
                        draft.Authors.AddRange(authors);
                    }

                    draft.Lead = null;
                }
                else if (inline is not null)
                {
                    var html = string.Concat((Descendants(inline, "body").FirstOrDefault() ?? inline).Nodes().Select(n => n.ToString(SaveOptions.DisableFormatting)));
                    draft.Paragraphs.AddRange(ArticleHtml.ToParagraphs(html));
                    draft.Html = draft.Paragraphs.Count > 0 ? ArticleHtml.Sanitize(html) : null;
                }
                else
                {
                    draft.Paragraphs.AddRange(WireText.Paragraphs(data.Value));
                }

                if (draft.Paragraphs.Count > 0)
                {
                    return;
                }
            }
        }
    }

    /// <summary>
    /// One media item per component holding remote pictures, graphics or video (<c>ContentItem Href</c>): its video
    /// rendition when it has one, else its largest image; the component's headline is the caption.
    /// </summary>
    private static void AddMedia(ArticleDraft draft, List<XElement> components)
    {
        foreach (var component in components)
        {
            var renditions = Children(component, "ContentItem").Where(c => Attr(c, "Href") is not null && Mime(c) is { } mime && (mime.StartsWith("image/", StringComparison.Ordinal) || mime.StartsWith("video/", StringComparison.Ordinal) || mime.StartsWith("audio/", StringComparison.Ordinal))).ToList();
            if (renditions.Count == 0)
            {
                continue;
            }

            var videos = renditions.Where(r => !Mime(r)!.StartsWith("image/", StringComparison.Ordinal)).ToList();
            var best = videos.Count > 0 ? videos.MaxBy(r => Size(r)) : renditions.MaxBy(r => Pixels(r) * 1_000_000_000L + Size(r));
            if (best is null || MediaValues.Url(Attr(best, "Href"), draft.CanonicalUrl, draft.Warnings) is not { } url)
            {
                continue;
            }

            var role = Attr(Child(component, "Role"), "FormalName");
            var mimeType = MediaValues.MimeType(Mime(best));
            MediaValues.Add(draft.Media, new MediaItem
            {
                Url = url,
                Kind = MediaValues.Kind(role?.ToLowerInvariant() switch { "video" => "video", "audio" => "audio", _ => null }, mimeType, url),
                MimeType = mimeType,
                Caption = MediaValues.Text(TextOf(Child(Child(component, "NewsLines"), "HeadLine"))),
                Width = Property(best, "PixelWidth") is { } width ? MediaValues.Int(width, "PixelWidth", draft.Warnings) : null,
                Height = Property(best, "PixelHeight") is { } height ? MediaValues.Int(height, "PixelHeight", draft.Warnings) : null,
                Length = Size(best) is > 0 and var length ? length : null,
            });
        }
    }

    private static bool IsBodyComponent(XElement component) =>
        Attr(Child(component, "Role"), "FormalName") is not { } role || !NonBodyRoles.Contains(role.Trim());

    private static bool IsText(XElement content)
    {
        var media = Attr(Child(content, "MediaType"), "FormalName");
        var mime = Mime(content);
        var format = Attr(Child(content, "Format"), "FormalName") ?? string.Empty;
        if (mime is "text/css" || format.Equals("CSS", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return string.Equals(media, "Text", StringComparison.OrdinalIgnoreCase) || mime is null || mime.StartsWith("text/", StringComparison.Ordinal)
            || mime.Contains("xml", StringComparison.Ordinal) || mime.Contains("html", StringComparison.Ordinal)
            || format.Contains("NITF", StringComparison.OrdinalIgnoreCase) || format.Contains("HTML", StringComparison.OrdinalIgnoreCase);
    }

    private static string? Mime(XElement content) => Attr(Child(content, "MimeType"), "FormalName")?.ToLowerInvariant();

    private static string? Property(XElement content, string name) =>
        Children(Child(content, "Characteristics"), "Property").Where(p => Attr(p, "FormalName") == name).Select(p => Attr(p, "Value")).FirstOrDefault();

    private static long Size(XElement content) =>
        long.TryParse(TextOf(Child(Child(content, "Characteristics"), "SizeInBytes")), NumberStyles.None, CultureInfo.InvariantCulture, out var size) ? size : 0;

    private static long Pixels(XElement content) =>
        (WireText.Int(Property(content, "PixelWidth")) ?? 0) * (long)(WireText.Int(Property(content, "PixelHeight")) ?? 0);

    /// <summary>The text of a component with the given role (Business Wire sends the sub-headline as an XHTML component).</summary>
    private static string? RoleText(List<XElement> components, string role)
    {
        var component = components.Find(c => string.Equals(Attr(Child(c, "Role"), "FormalName"), role, StringComparison.OrdinalIgnoreCase));
        var data = Descendants(component, "DataContent").FirstOrDefault();
        if (data is null)
        {
            return null;
        }

        var first = Descendants(data, "p").Select(TextOf).FirstOrDefault(p => p is not null);
        return WireText.Value(first ?? TextOf(data));
    }

    /// <summary>Text of the first <paramref name="name"/> line among the NewsLines, outermost component first.</summary>
    private static string? First(List<XElement> lines, string name) => lines.Select(l => TextOf(Child(l, name))).FirstOrDefault(t => t is not null);

    /// <summary><c>Copyright Business Wire 2013</c> → <c>Business Wire</c>.</summary>
    private static string? HolderOf(string? copyright)
    {
        if (copyright is null)
        {
            return null;
        }

        var words = copyright.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(w => !w.StartsWith("copyright", StringComparison.OrdinalIgnoreCase) && w is not "©" and not "(c)" && !w.All(char.IsDigit));
        return string.Join(' ', words);
    }

    /// <summary>The item's components, outermost first (breadth-first), at most <see cref="MaxDepth"/> levels deep.</summary>
    private static IEnumerable<XElement> Components(XElement? top)
    {
        if (top is null)
        {
            yield break;
        }

        var queue = new Queue<(XElement Component, int Depth)>();
        queue.Enqueue((top, 0));
        var seen = 0;
        while (queue.Count > 0 && seen++ < 10_000)
        {
            var (component, depth) = queue.Dequeue();
            yield return component;
            if (depth >= MaxDepth)
            {
                continue;
            }

            foreach (var child in Children(component, "NewsComponent"))
            {
                queue.Enqueue((child, depth + 1));
            }
        }
    }

    private static IEnumerable<XElement> Bounded(XElement root) =>
        Children(root, "NewsItem").Concat(Children(root, "NewsItem").Any() ? [] : root.Descendants().Where(e => e.Name.LocalName == "NewsItem"));

    /// <summary>NewsML 1 dates: ISO 8601 basic (<c>20210516T080625+0000</c>, <c>20130731T153200Z</c>, <c>20010714</c>) or extended.</summary>
    internal static DateTimeOffset? Date(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var value = text.Trim();
        string[] formats = ["yyyyMMdd'T'HHmmsszzz", "yyyyMMdd'T'HHmmss'Z'", "yyyyMMdd'T'HHmmss", "yyyyMMdd'T'HHmmzzz", "yyyyMMdd"];
        var normalized = value.Length > 5 && (value[^5] is '+' or '-') && char.IsDigit(value[^1]) ? value[..^2] + ":" + value[^2..] : value;
        return DateTimeOffset.TryParseExact(normalized, formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : LenientDateParser.Parse(value);
    }
}
