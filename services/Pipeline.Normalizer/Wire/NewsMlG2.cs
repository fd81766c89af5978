using System.Globalization;
using System.Xml.Linq;
using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;
using Pipeline.Normalizer.Articles;
using Pipeline.Normalizer.Dates;
using Pipeline.Normalizer.Geo;
using Pipeline.Normalizer.Text;
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
    public static List<ArticleDraft> Map(XElement root, int maxItems)
    {
        var items = root.Name.LocalName == "newsItem" ? [root] : root.Descendants().Where(e => e.Name.LocalName == "newsItem");
        return items.Take(maxItems).Select(MapItem).ToList();
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

        draft.PublishedAt = Date(Child(itemMeta, "firstCreated")) ?? Date(Child(contentMeta, "contentCreated")) ?? Date(Child(itemMeta, "versionCreated"));
        draft.UpdatedAt = Date(Child(itemMeta, "versionCreated")) ?? Date(Child(contentMeta, "contentModified"));

        var headlines = Children(contentMeta, "headline").ToList();
        draft.Headline = TextOf(headlines.Find(h => Attr(h, "role") is null or "hdrol:main")) ?? TextOf(headlines.FirstOrDefault()) ?? string.Empty;
        draft.SubHeadline = TextOf(headlines.Find(h => Attr(h, "role") is "hdrol:sub" or "hdrol:subtitle"));
        draft.Lead = TextOf(Children(contentMeta, "description").FirstOrDefault(d => Attr(d, "role") is null or "drol:summary"));

        foreach (var creator in Children(contentMeta, "creator"))
        {
            if (TextOf(Child(creator, "name")) is { } name)
            {
                draft.Authors.Add(new Author { Name = name, Contact = Attr(creator, "uri") });
            }
        }

        draft.Subjects.AddRange(Children(contentMeta, "subject").Select(s => Name(s, language)).OfType<string>());
        if (TextOf(Child(contentMeta, "slugline")) is { } slug)
        {
            draft.Subjects.Add(slug);
        }

        draft.Dateline = Dateline(contentMeta);
        ApplyContent(draft, Child(item, "contentSet"));
        return draft;
    }

    private static Dateline? Dateline(XElement? contentMeta)
    {
        var located = Child(contentMeta, "located");
        var text = TextOf(Child(contentMeta, "dateline"));
        if (located is null && text is null)
        {
            return null;
        }

        var place = TextOf(Child(located, "name")) ?? QcodeValue(Attr(located, "qcode"));
        var countryConcept = Children(located, "broader").FirstOrDefault(b =>
            Attr(b, "type") == "cptype:country" || (Attr(b, "qcode") ?? string.Empty).StartsWith("cntry:", StringComparison.Ordinal) || (Attr(b, "qcode") ?? string.Empty).StartsWith("iso3166-1a2:", StringComparison.Ordinal));
        var qcode = Attr(countryConcept, "qcode");
        var country = TextOf(Child(countryConcept, "name")) ?? QcodeValue(qcode);
        var code = qcode is not null && qcode.StartsWith("iso3166-1a2:", StringComparison.Ordinal) ? qcode["iso3166-1a2:".Length..].ToUpperInvariant() : Countries.Resolve(country);
        return new Dateline { Place = place, Country = country, CountryCode = code, Text = text };
    }

    /// <summary>Inline NITF, inline XHTML or inline text from the first text-bearing rendition.</summary>
    private static void ApplyContent(ArticleDraft draft, XElement? contentSet)
    {
        foreach (var inline in contentSet?.Elements() ?? [])
        {
            if (inline.Name.LocalName == "inlineXML")
            {
                var root = inline.Elements().FirstOrDefault();
                if (root?.Name.LocalName == "nitf")
                {
                    var hadHeadline = draft.Headline.Length > 0;
                    var headline = draft.Headline;
                    ApplyBody(draft, Child(root, "body"));
                    if (hadHeadline)
                    {
                        draft.Headline = headline;
                    }
                }
                else if (root?.Name.LocalName == "html")
                {
                    var html = string.Concat((Child(root, "body") ?? root).Nodes().Select(n => n.ToString(SaveOptions.DisableFormatting)));
                    draft.Paragraphs.AddRange(ArticleHtml.ToParagraphs(html));
                    draft.Html = ArticleHtml.Sanitize(html);
                }
            }
            else if (inline.Name.LocalName == "inlineData" && (Attr(inline, "contenttype") ?? "text/plain").StartsWith("text/", StringComparison.Ordinal))
            {
                draft.Paragraphs.AddRange(inline.Value.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n").Select(TextCleaner.Clean).Where(p => p.Length > 0));
            }

            if (draft.Paragraphs.Count > 0)
            {
                break;
            }
        }

        draft.Lead ??= draft.Paragraphs.FirstOrDefault();
    }

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
