using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;

namespace Pipeline.Fetcher.Polling;

/// <summary>One item of a polled feed: its identity and a hash of its content as written.</summary>
public sealed record FeedItem(string Key, string ContentHash);

/// <summary>
/// The items of a polled feed document (RSS 0.9x–2.0, RDF, Atom, JSON Feed), so the poller can pass on only new and
/// changed items. Reading is strict and bounded (no DTD, depth and size capped); a document this class cannot read
/// (broken XML the normalizer's tolerant reader would still repair, agency wires, HTML) is passed on whole.
/// </summary>
public sealed class FeedItems
{
    private const int MaxDepth = 64;
    private readonly XDocument? _xml;
    private readonly JsonObject? _json;
    private readonly List<(FeedItem Item, object Node)> _items;

    private FeedItems(XDocument? xml, JsonObject? json, List<(FeedItem, object)> items)
    {
        _xml = xml;
        _json = json;
        _items = items;
    }

    public IReadOnlyList<FeedItem> Items => [.. _items.Select(i => i.Item)];

    /// <summary>Reads the items of a feed document; null when the text is not a feed this class can read.</summary>
    public static FeedItems? TryRead(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var start = text.AsSpan().TrimStart('\uFEFF').TrimStart();
        if (start.StartsWith("<"))
        {
            return TryReadXml(text);
        }

        return start.StartsWith("{") ? TryReadJson(text) : null;
    }

    /// <summary>The document without the items whose key is in <paramref name="drop"/>, serialised again.</summary>
    public string Without(IReadOnlySet<string> drop)
    {
        ArgumentNullException.ThrowIfNull(drop);
        foreach (var (item, node) in _items.Where(i => drop.Contains(i.Item.Key)))
        {
            switch (node)
            {
                case XElement element:
                    element.Remove();
                    break;
                case JsonNode json:
                    json.Parent?.AsArray().Remove(json);
                    break;
            }
        }

        if (_xml is not null)
        {
            var declaration = _xml.Declaration is { } d ? new XDeclaration(d.Version, "utf-8", d.Standalone).ToString() + "\n" : string.Empty;
            return declaration + _xml.ToString(SaveOptions.DisableFormatting);
        }

        return _json!.ToJsonString();
    }

    private static FeedItems? TryReadXml(string text)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersFromEntities = 0,
            IgnoreProcessingInstructions = true,
        };
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(new StringReader(text), settings);
            document = XDocument.Load(reader, LoadOptions.None);
        }
        catch (XmlException)
        {
            return null;
        }

        if (document.Root is not { } root || root.Name.LocalName is not ("rss" or "RDF" or "feed") || TooDeep(root))
        {
            return null;
        }

        var items = new List<(FeedItem, object)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var element in root.Descendants().Where(e => e.Name.LocalName is "item" or "entry"))
        {
            var key = XmlKey(element);
            if (key is not null && seen.Add(key))
            {
                items.Add((new FeedItem(key, Hash(element.ToString(SaveOptions.DisableFormatting))), element));
            }
        }

        return new FeedItems(document, null, items);
    }

    private static FeedItems? TryReadJson(string text)
    {
        JsonObject? root;
        try
        {
            root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = MaxDepth }) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }

        if (root?["items"] is not JsonArray array || root["version"] is null)
        {
            return null;
        }

        var items = new List<(FeedItem, object)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in array.OfType<JsonObject>())
        {
            var key = Text(node["id"]) ?? Text(node["url"]);
            if (key is not null && seen.Add(key))
            {
                items.Add((new FeedItem(key, Hash(node.ToJsonString())), node));
            }
        }

        return new FeedItems(null, root, items);
    }

    /// <summary>GUID or Atom id as written, else the link (RSS text or Atom alternate href); null when there is neither.</summary>
    private static string? XmlKey(XElement item)
    {
        var children = item.Elements().ToList();
        var id = children.FirstOrDefault(c => c.Name.LocalName is "guid" or "id");
        if (id is not null && !string.IsNullOrWhiteSpace(id.Value))
        {
            return id.Value.Trim();
        }

        var about = item.Attributes().FirstOrDefault(a => a.Name.LocalName == "about")?.Value;
        if (!string.IsNullOrWhiteSpace(about))
        {
            return about.Trim();
        }

        foreach (var link in children.Where(c => c.Name.LocalName == "link"))
        {
            var rel = (string?)link.Attribute("rel");
            var href = (string?)link.Attribute("href") ?? link.Value;
            if ((rel is null or "alternate") && !string.IsNullOrWhiteSpace(href))
            {
                return href.Trim();
            }
        }

        return null;
    }

    private static bool TooDeep(XElement root)
    {
        var stack = new Stack<(XElement Element, int Depth)>();
        stack.Push((root, 1));
        while (stack.Count > 0)
        {
            var (element, depth) = stack.Pop();
            if (depth > MaxDepth)
            {
                return true;
            }

            foreach (var child in element.Elements())
            {
                stack.Push((child, depth + 1));
            }
        }

        return false;
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s.Trim()
        : node is JsonValue number && number.GetValueKind() == JsonValueKind.Number ? number.ToJsonString() : null;

    private static string Hash(string content) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)))[..32];
}
