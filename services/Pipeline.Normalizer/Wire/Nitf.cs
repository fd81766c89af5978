using System.Text.RegularExpressions;
using System.Xml.Linq;
using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;
using Pipeline.Normalizer.Articles;
using Pipeline.Normalizer.Dates;
using Pipeline.Normalizer.Media;
using Pipeline.Normalizer.Text;
using Pipeline.TextRules;

namespace Pipeline.Normalizer.Wire;

/// <summary>
/// NITF 3.x (News Industry Text Format), standalone or carried inline in NewsML-G2: headline
/// (<c>hl1</c>, <c>hl2</c>), byline, dateline, abstract and body paragraphs. Elements are matched by
/// local name, so both the namespaced (3.5+) and the namespace-less forms are read.
/// </summary>
internal static partial class Nitf
{
    /// <summary>A standalone NITF document as one draft.</summary>
    public static ArticleDraft Map(XElement nitf)
    {
        var draft = new ArticleDraft { Format = DispatchFormats.Nitf, DeclaredLanguage = Attr(nitf, XNamespace.Xml + "lang") ?? Attr(nitf, "baselang") };
        var head = Child(nitf, "head");
        var docData = Child(head, "docdata");
        draft.ItemGuid = Attr(Child(docData, "doc-id"), "id-string");
        draft.Urgency = Urgencies.FromNumber(Attr(Child(docData, "urgency"), "ed-urg"));
        draft.PublishedAt = NitfDate(Attr(Child(docData, "date.issue"), "norm")) ?? NitfDate(Attr(Child(docData, "date.release"), "norm")) ?? NitfDate(Attr(Child(head, "pubdata"), "date.publication"));
        if (int.TryParse(Attr(Child(docData, "du-key"), "version"), out var version))
        {
            draft.Version = version;
        }

        draft.Subjects.AddRange(Descendants(head, "tobject.subject")
            .Select(s => Attr(s, "tobject.subject.detail") ?? Attr(s, "tobject.subject.matter") ?? Attr(s, "tobject.subject.type"))
            .OfType<string>());
        draft.Subjects.AddRange(Descendants(Child(docData, "key-list"), "keyword").Select(k => WireText.Value(Attr(k, "key"))).OfType<string>());
        draft.Headline = WireText.Value(TextOf(Child(head, "title"))) ?? string.Empty;
        ApplyBody(draft, Child(nitf, "body"));
        return draft;
    }

    /// <summary>Reads an NITF <c>body</c> into the draft: headline and sub-headline, byline, dateline, abstract, paragraphs.</summary>
    public static void ApplyBody(ArticleDraft draft, XElement? body)
    {
        if (body is null)
        {
            return;
        }

        var bodyHead = Child(body, "body.head");
        var hedline = Child(bodyHead, "hedline");
        if (TextOf(Child(hedline, "hl1")) is { } hl1)
        {
            draft.Headline = hl1;
        }

        draft.SubHeadline ??= TextOf(Child(hedline, "hl2"));
        var distributor = TextOf(Child(Child(bodyHead, "distributor"), "org")) ?? TextOf(Child(bodyHead, "distributor"));
        foreach (var byline in Children(bodyHead, "byline"))
        {
            draft.Authors.AddRange(Bylines(byline, distributor));
        }

        if (Child(bodyHead, "dateline") is { } dateline && draft.Dateline is null)
        {
            var location = Child(dateline, "location");
            var country = TextOf(Child(location, "country"));
            var storyDate = Child(dateline, "story.date");
            var date = LenientDateParser.ParseDate(Attr(storyDate, "norm") ?? TextOf(storyDate));
            draft.Dateline = location is null && storyDate is null
                ? WireText.ParseDateline(SpacedText(dateline), draft.PublishedAt)
                : new Dateline
                {
                    Place = WireText.Value(TextOf(Child(location, "city")) ?? (Child(location, "city") is null ? TextOf(location) : null)),
                    Country = country,
                    CountryCode = CountryTable.Resolve(country),
                    Date = date,
                    Text = SpacedText(dateline),
                };
        }

        AddMedia(draft, Child(body, "body.content"));
        var paragraphs = BodyParagraphs(Child(body, "body.content"));
        WireText.DropRepeats(paragraphs, draft.Headline, draft.Lead);
        draft.Dateline = WireText.StripLeadingDateline(paragraphs, draft.Dateline, draft.PublishedAt);
        WireText.TrimTrailers(paragraphs);
        draft.Paragraphs.AddRange(paragraphs);
        var summary = string.Join(' ', Descendants(Child(bodyHead, "abstract"), "p").Select(TextOf).OfType<string>());
        if (summary.Length > 0)
        {
            draft.Lead ??= summary;
        }

        draft.Lead ??= paragraphs.FirstOrDefault();
    }

    /// <summary>
    /// NITF <c>media</c> blocks: the largest <c>media-reference</c> (by width × height) with the block's
    /// <c>media-type</c>, <c>media-caption</c> and <c>media-producer</c> (credit).
    /// </summary>
    private static void AddMedia(ArticleDraft draft, XElement? content)
    {
        foreach (var media in Descendants(content, "media"))
        {
            var reference = Children(media, "media-reference").Where(r => Attr(r, "source") is not null)
                .MaxBy(r => Size(Attr(r, "width")) * Size(Attr(r, "height")));
            if (reference is null || MediaValues.Url(Attr(reference, "source"), draft.CanonicalUrl, draft.Warnings) is not { } url)
            {
                continue;
            }

            var mime = MediaValues.MimeType(Attr(reference, "mime-type"));
            MediaValues.Add(draft.Media, new MediaItem
            {
                Url = url,
                Kind = MediaValues.Kind(Attr(media, "media-type"), mime, url),
                MimeType = mime,
                Caption = TextOf(Child(media, "media-caption")) ?? Attr(reference, "alternate-text"),
                Credit = TextOf(Child(media, "media-producer")),
                Width = MediaValues.Int(Attr(reference, "width"), "width", draft.Warnings),
                Height = MediaValues.Int(Attr(reference, "height"), "height", draft.Warnings),
                Length = MediaValues.Long(Attr(reference, "data-size"), "data-size", draft.Warnings),
            });
        }
    }

    /// <summary>
    /// The text of every <c>p</c> of the body outside <c>media</c> blocks, in document order. One iterative walk that
    /// neither enters a <c>p</c> (its text already holds what it nests) nor a <c>media</c> block: checking each
    /// paragraph's ancestors was quadratic on deeply nested <c>block</c>s (issue 11).
    /// </summary>
    private static List<string> BodyParagraphs(XElement? content)
    {
        var paragraphs = new List<string>();
        if (content is null)
        {
            return paragraphs;
        }

        var pending = new Stack<XElement>();
        pending.Push(content);
        while (pending.Count > 0)
        {
            var element = pending.Pop();
            var name = element.Name.LocalName;
            if (name == "p" && element != content)
            {
                if (TextOf(element) is { } text)
                {
                    paragraphs.Add(text);
                }

                continue;
            }

            if (name == "media" && element != content)
            {
                continue;
            }

            var children = element.Elements().ToList();
            for (var i = children.Count - 1; i >= 0; i--)
            {
                pending.Push(children[i]);
            }
        }

        return paragraphs;
    }

    private static long Size(string? value) =>
        long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var size) ? size : 0;

    /// <summary>
    /// <c>&lt;byline&gt;By Meredith Jameson, &lt;byttl&gt;Staff Reporter&lt;/byttl&gt;&lt;/byline&gt;</c> → name and role;
    /// several names split; agency credits (<c>NTB-AFP-DPA</c>, the distributor) are not authors.
    /// </summary>
    private static IEnumerable<Author> Bylines(XElement byline, string? distributor)
    {
        var role = TextOf(Child(byline, "byttl"));
        var person = WireText.Value(TextOf(Child(byline, "person")));
        if (person is not null)
        {
            return [new Author { Name = person, Role = role }];
        }

        var own = TextCleaner.Clean(string.Concat(byline.Nodes().OfType<XText>().Select(t => t.Value)));
        return WireText.Authors(own, [distributor]).Select(a => a with { Role = role });
    }

    /// <summary>NITF <c>norm</c> dates: ISO 8601 basic (<c>20210516T090004</c>, <c>20180403</c>) or extended.</summary>
    private static DateTimeOffset? NitfDate(string? value) => NewsMl1.Date(value);

    internal static XElement? Child(XElement? parent, string localName) =>
        parent?.Elements().FirstOrDefault(e => e.Name.LocalName == localName);

    internal static IEnumerable<XElement> Children(XElement? parent, string localName) =>
        parent?.Elements().Where(e => e.Name.LocalName == localName) ?? [];

    internal static IEnumerable<XElement> Descendants(XElement? parent, string localName) =>
        parent?.Descendants().Where(e => e.Name.LocalName == localName) ?? [];

    internal static string? TextOf(XElement? element) =>
        element is null ? null : TextCleaner.Clean(element.Value) is { Length: > 0 } text ? text : null;

    /// <summary>Text of mixed content whose child elements are separate words (<c>&lt;city&gt;Perugia&lt;/city&gt;&lt;country&gt;Italia&lt;/country&gt;</c>).</summary>
    private static string? SpacedText(XElement element)
    {
        var joined = TextCleaner.Clean(string.Join(' ', element.DescendantNodes().OfType<XText>().Select(t => t.Value)));
        var text = SpaceBeforePunctuation().Replace(joined, "$1");
        return text.Length > 0 ? text : null;
    }

    internal static string? Attr(XElement? element, XName name) =>
        element?.Attribute(name)?.Value is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    [GeneratedRegex(@"\s+([,.;:)])", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex SpaceBeforePunctuation();
}
