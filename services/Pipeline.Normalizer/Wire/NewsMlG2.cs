using System.Globalization;
using System.Xml.Linq;
using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;
using Pipeline.Normalizer.Articles;
using Pipeline.Normalizer.Dates;
using Pipeline.Normalizer.Media;
using Pipeline.Normalizer.Text;
using Pipeline.TextRules;
using static Pipeline.Normalizer.Wire.Nitf;

namespace Pipeline.Normalizer.Wire;

/// <summary>
/// NewsML-G2 news items (a <c>newsItem</c>, or every <c>newsItem</c> of a <c>newsMessage</c>):
/// guid and version, dates, language, <c>located</c> and <c>dateline</c>, creators, subjects,
/// slugline, headline, summary, and the text of the content set (inline NITF, inline XHTML or
/// inline plain text).
/// </summary>
internal static class NewsMlG2
{
    /// <summary>The news items of a document whose root is <c>newsItem</c> or <c>newsMessage</c>.</summary>
    public static List<ArticleDraft> Map(XElement root, int maxItems, List<RejectedItem>? rejected = null)
    {
        var items = root.Name.LocalName == "newsItem" ? [root] : root.Descendants().Where(e => e.Name.LocalName == "newsItem");
        return ItemGuard.Map(items.Take(maxItems), MapItem, item => Attr(item, "guid"), rejected ?? []);
    }

    private static ArticleDraft MapItem(XElement item)
    {
        var itemMeta = Child(item, "itemMeta");
        var contentMeta = Child(item, "contentMeta");
        var language = Attr(Child(contentMeta, "language"), "tag") ?? Attr(item, XNamespace.Xml + "lang");
        var draft = new ArticleDraft { Format = DispatchFormats.NewsMlG2, DeclaredLanguage = language, ItemGuid = Attr(item, "guid") };
        if (int.TryParse(Attr(item, "version"), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            draft.Version = version;
        }

        draft.Urgency = Urgencies.FromNumber(Child(contentMeta, "urgency")?.Value);
        draft.PublishedAt = Date(Child(itemMeta, "firstCreated")) ?? Date(Child(itemMeta, "embargoed")) ?? Date(Child(contentMeta, "contentCreated")) ?? Date(Child(itemMeta, "versionCreated"));
        draft.UpdatedAt = Date(Child(itemMeta, "versionCreated")) ?? Date(Child(contentMeta, "contentModified"));

        var headlines = Children(contentMeta, "headline").Where(h => WireText.Value(h.Value) is not null).ToList();
        var main = headlines.Find(h => Attr(h, "role") is "hdrol:main" or "main") ?? headlines.Where(h => Attr(h, "role") is null).MinBy(Rank) ?? headlines.FirstOrDefault();
        draft.Headline = WireText.Value(TextOf(main)) ?? string.Empty;
        draft.SubHeadline = WireText.Value(TextOf(headlines.Find(h => h != main && Attr(h, "role") is null or "hdrol:sub" or "hdrol:subtitle" or "hdrol:kicker" or "hdrol:overline" or "hdrol:topline")));
        var descriptions = Children(contentMeta, "description").ToList();
        draft.Lead = WireText.Value(TextOf(descriptions.Find(d => Attr(d, "role") is null or "drol:summary" or "drol:teaser" or "drol:abstract")));

        var agencies = Agencies(item, itemMeta, contentMeta);
        foreach (var by in Children(contentMeta, "by"))
        {
            draft.Authors.AddRange(WireText.Authors(TextOf(by), agencies));
        }

        if (draft.Authors.Count == 0)
        {
            foreach (var creator in Children(contentMeta, "creator"))
            {
                var name = WireText.Value(TextOf(Child(creator, "name")));
                // A creator's name, when it is one: dpa's "nickel.valeria" is a login, not a by-line.
                if (name is not null && WireText.LooksLikePersonName(name) && !agencies.Contains(name, StringComparer.OrdinalIgnoreCase))
                {
                    draft.Authors.Add(new Author { Name = name, Contact = Attr(creator, "uri") });
                }
            }
        }

        draft.Subjects.AddRange(Children(contentMeta, "subject").Select(s => Name(s, language)).OfType<string>());
        draft.Subjects.AddRange(Children(contentMeta, "keyword").Select(k => WireText.Value(TextOf(k))).OfType<string>());
        if (WireText.Value(TextOf(Child(contentMeta, "slugline"))) is { } slug)
        {
            draft.Subjects.Add(slug);
        }

        draft.Dateline = Dateline(contentMeta, draft.PublishedAt);
        ApplyContent(draft, Child(item, "contentSet"));
        AddMedia(draft, item, itemMeta);
        draft.Location = Position(draft, contentMeta);
        return draft;
    }

    /// <summary>Names that are the agency, not a person: credit line, provider, copyright holder.</summary>
    private static List<string> Agencies(XElement item, XElement? itemMeta, XElement? contentMeta)
    {
        var provider = Child(itemMeta, "provider");
        var holder = Child(Child(item, "rightsInfo"), "copyrightHolder");
        return new[] { TextOf(Child(contentMeta, "creditline")), TextOf(Child(provider, "name")), QcodeValue(Attr(provider, "qcode")), TextOf(Child(holder, "name")) }
            .Select(WireText.Value).OfType<string>().ToList();
    }

    private static int Rank(XElement element) =>
        int.TryParse(Attr(element, "rank"), NumberStyles.None, CultureInfo.InvariantCulture, out var rank) ? rank : int.MaxValue;

    /// <summary>
    /// The dateline: the place written in <c>dateline</c> (<c>New York (dpa) -</c>) beats <c>located</c>, which may
    /// name a nearby metro area; <c>located</c> (its name, else its qcode) fills in when the text names no place,
    /// and its country concept gives the country.
    /// </summary>
    private static Dateline? Dateline(XElement? contentMeta, DateTimeOffset? reference)
    {
        var located = Child(contentMeta, "located");
        var text = TextOf(Child(contentMeta, "dateline"));
        var written = WireText.ParseDateline(text, reference);
        var locatedName = WireText.Value(TextOf(Child(located, "name"))) ?? QcodeValue(Attr(located, "qcode"));
        var locatedPlace = WireText.ParseDateline(locatedName)?.Place;
        if (written is null && locatedPlace is null)
        {
            return null;
        }

        var countryConcept = Children(located, "broader").FirstOrDefault(b =>
            Attr(b, "type") == "cptype:country" || (Attr(b, "qcode") ?? string.Empty).StartsWith("cntry:", StringComparison.Ordinal) || (Attr(b, "qcode") ?? string.Empty).StartsWith("iso3166-1a2:", StringComparison.Ordinal));
        var qcode = Attr(countryConcept, "qcode");
        var country = WireText.Value(TextOf(Child(countryConcept, "name"))) ?? QcodeValue(qcode);
        var code = qcode is not null && qcode.StartsWith("iso3166-1a2:", StringComparison.Ordinal) ? qcode["iso3166-1a2:".Length..].ToUpperInvariant() : CountryTable.Resolve(country);
        var place = written?.Place ?? locatedPlace;
        var sameArea = written?.Place is null || string.Equals(written.Place, locatedPlace, StringComparison.OrdinalIgnoreCase);
        return new Dateline
        {
            Place = place,
            Country = written?.Country ?? (sameArea ? country : null),
            CountryCode = written?.CountryCode ?? (sameArea ? code : null),
            Date = written?.Date,
            Agency = written?.Agency,
            Text = text ?? written?.Text,
        };
    }

    /// <summary>Inline NITF, inline XHTML or inline text from the first text-bearing rendition.</summary>
    private static void ApplyContent(ArticleDraft draft, XElement? contentSet)
    {
        var fromNitf = false;
        foreach (var inline in contentSet?.Elements() ?? [])
        {
            if (inline.Name.LocalName == "inlineXML")
            {
                var root = inline.Elements().FirstOrDefault();
                if (root?.Name.LocalName == "nitf")
                {
                    fromNitf = true;
                    var hadHeadline = draft.Headline.Length > 0;
                    var headline = draft.Headline;
                    ApplyBody(draft, Child(root, "body"));
                    if (hadHeadline)
                    {
                        draft.Headline = headline;
                    }
                }
                else if (root is not null)
                {
                    // XHTML: the <header> repeats headline, by-line and slug line, so only the rest is body.
                    var body = Descendants(root, "body").FirstOrDefault() ?? root;
                    var html = string.Concat(body.Nodes().Where(n => n is not XElement { Name.LocalName: "header" }).Select(n => n.ToString(SaveOptions.DisableFormatting)));
                    draft.Paragraphs.AddRange(WireText.Paragraphs(html));
                    draft.Html = draft.Paragraphs.Count > 0 ? ArticleHtml.Sanitize(html) : null;
                }
            }
            else if (inline.Name.LocalName == "inlineData" && (Attr(inline, "contenttype") ?? "text/plain") is var type
                && (type.StartsWith("text/", StringComparison.Ordinal) || type.Contains("html", StringComparison.Ordinal) || type.Contains("xml", StringComparison.Ordinal)))
            {
                // Plain text, or HTML sent as text (ANSA): escaped markup becomes paragraphs, not literal tags.
                draft.Paragraphs.AddRange(WireText.Paragraphs(inline.Value));
            }

            if (draft.Paragraphs.Count > 0)
            {
                break;
            }
        }

        if (!fromNitf)
        {
            // A teaser printed again above the body (dpa's <p class="teaser">) is the lead, not body text.
            WireText.DropRepeats(draft.Paragraphs, draft.Headline, draft.Lead);
            draft.Dateline = WireText.StripLeadingDateline(draft.Paragraphs, draft.Dateline, draft.PublishedAt);
            WireText.TrimTrailers(draft.Paragraphs);
        }

        WireText.CleanEntities(draft.Paragraphs);
        draft.Lead ??= draft.Paragraphs.FirstOrDefault();
    }

    /// <summary>
    /// Media: the largest <c>remoteContent</c> of a picture, graphic, video or audio item, and the
    /// item's <c>link</c>s with <c>rel</c> <c>irel:seeAlso</c> or <c>irel:associatedWith</c> (kind from
    /// the link's <c>itemClass</c>, else its content type or file extension).
    /// </summary>
    private static void AddMedia(ArticleDraft draft, XElement item, XElement? itemMeta)
    {
        var itemClass = Attr(Child(itemMeta, "itemClass"), "qcode");
        var remote = Children(Child(item, "contentSet"), "remoteContent").Where(r => Attr(r, "href") is not null).ToList();
        if (itemClass is not (null or "ninat:text" or "ninat:composite") && remote.Count > 0)
        {
            var best = remote.MaxBy(r => (long)(Number(Attr(r, "width")) * Number(Attr(r, "height"))))!;
            Add(draft, best, itemClass, TextOf(Children(Child(item, "contentMeta"), "description").FirstOrDefault()) ?? draft.Headline);
        }

        foreach (var link in Children(itemMeta, "link").Where(l => Attr(l, "rel") is "irel:seeAlso" or "irel:associatedWith" && Attr(l, "href") is not null))
        {
            Add(draft, link, Attr(Child(link, "itemClass"), "qcode"), Attr(link, "title") ?? TextOf(Child(link, "title")));
        }
    }

    private static void Add(ArticleDraft draft, XElement element, string? itemClass, string? caption)
    {
        var warnings = draft.Warnings;
        if (MediaValues.Url(Attr(element, "href"), draft.CanonicalUrl, warnings) is not { } url)
        {
            return;
        }

        var mime = MediaValues.MimeType(Attr(element, "contenttype"));
        var duration = MediaValues.Duration(Attr(element, "duration"), warnings);
        if (duration is not null && Attr(element, "durationunit") is "timeunit:milliseconds")
        {
            duration /= 1000;
        }

        MediaValues.Add(draft.Media, new MediaItem
        {
            Url = url,
            Kind = MediaValues.Kind(itemClass, mime, url),
            MimeType = mime,
            Caption = MediaValues.Text(caption),
            Width = MediaValues.Int(Attr(element, "width"), "width", warnings),
            Height = MediaValues.Int(Attr(element, "height"), "height", warnings),
            DurationSeconds = duration,
            Length = MediaValues.Long(Attr(element, "size"), "size", warnings),
        });
    }

    /// <summary>The <c>geoAreaDetails/position</c> (or <c>POIDetails/position</c>) of <c>located</c>, else of the first subject that has one.</summary>
    private static GeoPoint? Position(ArticleDraft draft, XElement? contentMeta)
    {
        var concepts = Children(contentMeta, "located").Concat(Children(contentMeta, "subject"));
        foreach (var concept in concepts)
        {
            var position = Children(concept, "geoAreaDetails").Concat(Children(concept, "POIDetails")).Select(d => Child(d, "position")).FirstOrDefault(p => p is not null);
            if (position is not null && (draft.Dateline?.Place is not { } place || TextOf(Child(concept, "name")) is not { } name || name.Contains(place, StringComparison.OrdinalIgnoreCase)))
            {
                return MediaValues.Point(Attr(position, "latitude"), Attr(position, "longitude"), TextOf(Child(concept, "name")), draft.Warnings);
            }
        }

        return null;
    }

    private static double Number(string? value) =>
        double.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : 0;

    /// <summary>The concept's name in the item's language, else its first name.</summary>
    private static string? Name(XElement concept, string? language)
    {
        var names = Children(concept, "name").ToList();
        var preferred = names.Find(n => language is not null && string.Equals(Attr(n, XNamespace.Xml + "lang"), language, StringComparison.OrdinalIgnoreCase));
        return TextOf(preferred ?? names.FirstOrDefault());
    }

    /// <summary><c>city:Moscow</c> → <c>Moscow</c>.</summary>
    private static string? QcodeValue(string? qcode)
    {
        if (qcode is null)
        {
            return null;
        }

        var colon = qcode.IndexOf(':', StringComparison.Ordinal);
        var value = colon < 0 ? qcode : qcode[(colon + 1)..];
        return value.Length > 0 && !value.Any(char.IsDigit) ? value : null;
    }

    private static DateTimeOffset? Date(XElement? element) => LenientDateParser.Parse(TextOf(element));
}
