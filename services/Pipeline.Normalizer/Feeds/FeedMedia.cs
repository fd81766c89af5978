using System.Xml.Linq;
using Pipeline.Contracts.Articles;
using Pipeline.Normalizer.Articles;
using Pipeline.Normalizer.Media;

namespace Pipeline.Normalizer.Feeds;

/// <summary>
/// Attachments and points of an RSS item or Atom entry: RSS <c>enclosure</c>, Atom
/// <c>link rel="enclosure"</c>, Media RSS (<c>media:content</c>, <c>media:group</c>,
/// <c>media:thumbnail</c>, with <c>media:description</c>/<c>media:title</c> as caption and
/// <c>media:credit</c>/<c>media:copyright</c> as credit, inherited from the group and the item),
/// iTunes (<c>itunes:duration</c> on the audio enclosure, <c>itunes:image</c>, <c>itunes:author</c>
/// when the item names no author), GeoRSS Simple and GML (<c>georss:point</c>,
/// <c>georss:where/gml:Point/gml:pos</c>) and W3C Basic Geo (<c>geo:lat</c>/<c>geo:long</c>).
/// </summary>
internal static class FeedMedia
{
    private const string MediaRssPrefix = "http://search.yahoo.com/mrss";
    private static readonly XNamespace Itunes = "http://www.itunes.com/dtds/podcast-1.0.dtd";
    private static readonly XNamespace GeoRss = "http://www.georss.org/georss";
    private static readonly XNamespace Geo = "http://www.w3.org/2003/01/geo/wgs84_pos#";
    private static readonly XNamespace Gml = "http://www.opengis.net/gml";

    public static void Read(ArticleDraft draft, XElement item, XElement? channel, Uri? baseUri, bool atom)
    {
        var warnings = draft.Warnings;
        var ns = item.Name.Namespace;
        if (atom)
        {
            foreach (var link in item.Elements(ns + "link").Where(l => string.Equals(Attr(l, "rel"), "enclosure", StringComparison.OrdinalIgnoreCase)))
            {
                AddFile(draft, Attr(link, "href"), Attr(link, "type"), null, Attr(link, "length"), baseUri, MediaValues.Text(Attr(link, "title")), null);
            }
        }
        else
        {
            foreach (var enclosure in item.Elements(ns + "enclosure"))
            {
                AddFile(draft, Attr(enclosure, "url"), Attr(enclosure, "type"), null, Attr(enclosure, "length"), baseUri, null, null);
            }
        }

        var itemContext = Describe(item, new Context(null, null));
        foreach (var element in item.Elements())
        {
            if (IsMediaRss(element, "content"))
            {
                Content(draft, element, itemContext, baseUri);
            }
            else if (IsMediaRss(element, "group"))
            {
                var groupContext = Describe(element, itemContext);
                foreach (var child in element.Elements())
                {
                    if (IsMediaRss(child, "content"))
                    {
                        Content(draft, child, groupContext, baseUri);
                    }
                    else if (IsMediaRss(child, "thumbnail"))
                    {
                        Thumbnail(draft, child, groupContext, baseUri);
                    }
                }
            }
            else if (IsMediaRss(element, "thumbnail"))
            {
                Thumbnail(draft, element, itemContext, baseUri);
            }
        }

        ReadItunes(draft, item, channel, baseUri);
        ReadCategories(draft, item);
        ReadCredits(draft, item);
        draft.Location ??= Location(item, warnings);
    }

    /// <summary>Channel-level values read once per document, not once per item (a channel of 100,000 items was scanned per item).</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<XElement, System.Runtime.CompilerServices.StrongBox<string?>> ChannelAuthors = [];

    private static string? ChannelAuthor(XElement? channel) =>
        channel is null ? null : ChannelAuthors.GetValue(channel, c => new(Text(ItunesChild(c, "author")))).Value;

    private static void ReadItunes(ArticleDraft draft, XElement item, XElement? channel, Uri? baseUri)
    {
        if (MediaValues.Duration(Text(ItunesChild(item, "duration")), draft.Warnings) is { } seconds)
        {
            var index = draft.Media.FindIndex(m => m.Kind == MediaKinds.Audio && m.DurationSeconds is null);
            index = index >= 0 ? index : draft.Media.FindIndex(m => m.Kind == MediaKinds.Video && m.DurationSeconds is null);
            if (index >= 0)
            {
                draft.Media[index] = draft.Media[index] with { DurationSeconds = seconds };
            }
        }

        var image = Attr(ItunesChild(item, "image"), "href") ?? Attr(ItunesChild(item, "image"), "url")
            ?? Attr(item.Elements().FirstOrDefault(e => e.Name.LocalName == "link" && IsItunes(e.Name.Namespace) && Attr(e, "rel") == "image"), "href");
        if (image is not null)
        {
            AddFile(draft, image, null, MediaKinds.Image, null, baseUri, null, null);
        }

        if (draft.Authors.Count == 0 && (Text(ItunesChild(item, "author")) ?? ChannelAuthor(channel)) is { } author)
        {
            draft.Authors.Add(new Author { Name = author });
        }
    }

    /// <summary>iTunes categories (<c>text</c>, a sub-category nested in its category) and Media RSS categories (<c>label</c>, else the text).</summary>
    private static void ReadCategories(ArticleDraft draft, XElement item)
    {
        foreach (var category in item.Elements().Where(e => e.Name.LocalName == "category" && IsItunes(e.Name.Namespace)))
        {
            draft.Subjects.AddRange(new[] { Attr(category, "text") }.Concat(category.Elements().Where(e => e.Name.LocalName == "category").Select(e => Attr(e, "text"))).OfType<string>());
        }

        foreach (var category in item.Elements().Concat(item.Elements().Where(e => IsMediaRss(e, "group")).SelectMany(g => g.Elements())).Where(e => IsMediaRss(e, "category")))
        {
            if ((Attr(category, "label") ?? Text(category)) is { } name)
            {
                draft.Subjects.Add(name);
            }
        }
    }

    /// <summary>
    /// <c>media:credit</c> of an item (or its group) that has no media file to carry it: the people
    /// credited (role as given: <c>author</c>, <c>creator</c>, <c>writer</c>…) are the item's authors.
    /// </summary>
    private static void ReadCredits(ArticleDraft draft, XElement item)
    {
        if (draft.Media.Count > 0)
        {
            return;
        }

        var scopes = new[] { item }.Concat(item.Elements().Where(e => IsMediaRss(e, "group")));
        foreach (var credit in scopes.SelectMany(s => s.Elements()).Where(e => IsMediaRss(e, "credit")))
        {
            if (MediaValues.Text(Text(credit)) is { } name)
            {
                draft.Authors.Add(new Author { Name = name, Role = Attr(credit, "role") });
            }
        }
    }

    /// <summary>The iTunes namespace, whatever the case of its URI (<c>…/DTDs/Podcast-1.0.dtd</c> is common).</summary>
    internal static bool IsItunes(XNamespace ns) => string.Equals(ns.NamespaceName, Itunes.NamespaceName, StringComparison.OrdinalIgnoreCase);

    internal static bool IsMediaRss(XNamespace ns) => ns.NamespaceName.StartsWith(MediaRssPrefix, StringComparison.Ordinal);

    private static XElement? ItunesChild(XElement parent, string localName) =>
        parent.Elements().FirstOrDefault(e => e.Name.LocalName == localName && IsItunes(e.Name.Namespace));

    private static GeoPoint? Location(XElement item, List<ParseWarning> warnings)
    {
        var name = Text(item.Element(GeoRss + "featurename"));
        if (Text(item.Element(GeoRss + "point")) is { } point)
        {
            return MediaValues.Point(point, name, warnings);
        }

        if (Text(item.Element(GeoRss + "where")?.Element(Gml + "Point")?.Element(Gml + "pos")) is { } pos)
        {
            return MediaValues.Point(pos, name, warnings);
        }

        var holder = item.Element(Geo + "Point") ?? item;
        return MediaValues.Point(Text(holder.Element(Geo + "lat")), Text(holder.Element(Geo + "long")), name, warnings);
    }

    /// <summary>A <c>media:content</c>: the file, with its own caption and credit or those of its group and item; its thumbnails as images.</summary>
    private static void Content(ArticleDraft draft, XElement content, Context context, Uri? baseUri)
    {
        var own = Describe(content, context);
        var item = File(draft, Attr(content, "url"), Attr(content, "type"), Attr(content, "medium"), Attr(content, "fileSize"), baseUri, own.Caption, own.Credit);
        if (item is not null)
        {
            MediaValues.Add(draft.Media, item with
            {
                Width = MediaValues.Int(Attr(content, "width"), "width", draft.Warnings),
                Height = MediaValues.Int(Attr(content, "height"), "height", draft.Warnings),
                DurationSeconds = MediaValues.Duration(Attr(content, "duration"), draft.Warnings),
            });
        }

        foreach (var thumbnail in content.Elements().Where(e => IsMediaRss(e, "thumbnail")))
        {
            Thumbnail(draft, thumbnail, own, baseUri);
        }
    }

    private static void Thumbnail(ArticleDraft draft, XElement thumbnail, Context context, Uri? baseUri)
    {
        var item = File(draft, Attr(thumbnail, "url"), null, MediaKinds.Image, null, baseUri, context.Caption, context.Credit);
        if (item is not null)
        {
            MediaValues.Add(draft.Media, item with
            {
                Width = MediaValues.Int(Attr(thumbnail, "width"), "width", draft.Warnings),
                Height = MediaValues.Int(Attr(thumbnail, "height"), "height", draft.Warnings),
            });
        }
    }

    private static void AddFile(ArticleDraft draft, string? url, string? type, string? medium, string? length, Uri? baseUri, string? caption, string? credit)
    {
        if (File(draft, url, type, medium, length, baseUri, caption, credit) is { } item)
        {
            MediaValues.Add(draft.Media, item);
        }
    }

    private static MediaItem? File(ArticleDraft draft, string? url, string? type, string? medium, string? length, Uri? baseUri, string? caption, string? credit)
    {
        var uri = MediaValues.Url(url, baseUri, draft.Warnings);
        if (uri is null)
        {
            return null;
        }

        var mime = MediaValues.MimeType(type);
        var size = MediaValues.Long(length, "length", draft.Warnings);
        return new MediaItem
        {
            Url = uri,
            Kind = MediaValues.Kind(medium, mime, uri),
            MimeType = mime,
            Caption = caption,
            Credit = credit,

            // RSS 2.0 asks for a length even when unknown; 0 means "not known".
            Length = size > 0 ? size : null,
        };
    }

    /// <summary>Caption and credit declared on an element, else inherited.</summary>
    private static Context Describe(XElement element, Context inherited)
    {
        var caption = MediaValues.Text(Text(MediaChild(element, "description"))) ?? MediaValues.Text(Text(MediaChild(element, "title")));
        var credit = MediaValues.Text(Text(MediaChild(element, "credit"))) ?? MediaValues.Text(Text(MediaChild(element, "copyright")));
        return new Context(caption ?? inherited.Caption, credit ?? inherited.Credit);
    }

    private static XElement? MediaChild(XElement parent, string localName) => parent.Elements().FirstOrDefault(e => IsMediaRss(e, localName));

    private static bool IsMediaRss(XElement element, string localName) =>
        element.Name.LocalName == localName && element.Name.NamespaceName.StartsWith(MediaRssPrefix, StringComparison.Ordinal);

    private static string? Attr(XElement? element, XName name) =>
        element?.Attribute(name)?.Value is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static string? Text(XElement? element) =>
        element?.Value is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private readonly record struct Context(string? Caption, string? Credit);
}
