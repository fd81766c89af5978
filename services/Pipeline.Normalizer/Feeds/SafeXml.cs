using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;
using Pipeline.Dispatches;

namespace Pipeline.Normalizer.Feeds;

/// <summary>
/// Loads untrusted XML safely (no DTD processing, no resolver, size caps) and tolerantly: when the
/// strict parse fails it repairs undeclared HTML entities, bare ampersands and characters XML
/// forbids, parses again and reports each kind of repair as a warning.
/// </summary>
internal static partial class SafeXml
{
    private static readonly HashSet<string> XmlEntities = new(StringComparer.Ordinal) { "amp", "lt", "gt", "quot", "apos" };

    public static XDocument Load(string payload, int maxCharacters, bool repair, List<ParseWarning> warnings)
    {
        var text = payload.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        // Entity declarations can only appear in the DOCTYPE, before the root element starts.
        var root = ElementStart().Match(text);
        var prolog = root.Success ? text[..root.Index] : text;
        if (EntityDeclaration().IsMatch(prolog))
        {
            throw new PermanentDispatchException(RejectionReasons.Unsafe,
                "The XML declares entities in a DTD (<!ENTITY …>); entity declarations are refused because they enable entity-expansion and external-entity attacks. Remove the DOCTYPE.");
        }

        try
        {
            return Parse(text, maxCharacters);
        }
        catch (XmlException strict) when (repair)
        {
            var before = warnings.Count;
            var repaired = Repair(text, warnings);
            if (warnings.Count == before)
            {
                throw Malformed(strict);
            }

            try
            {
                return Parse(repaired, maxCharacters);
            }
            catch (XmlException ex)
            {
                throw Malformed(ex);
            }
        }
        catch (XmlException strict)
        {
            throw Malformed(strict);
        }
    }

    private static PermanentDispatchException Malformed(XmlException ex) =>
        ex.Message.Contains("MaxCharactersInDocument", StringComparison.Ordinal) || ex.Message.Contains("maximum", StringComparison.OrdinalIgnoreCase)
            ? new PermanentDispatchException(RejectionReasons.TooLarge, $"The XML exceeds the normalizer's size limit: {ex.Message}", ex)
            : new PermanentDispatchException(RejectionReasons.Malformed, $"The XML could not be parsed at line {ex.LineNumber}, position {ex.LinePosition}: {ex.Message}", ex);

    private static XDocument Parse(string text, int maxCharacters)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Ignore,
            XmlResolver = null,
            MaxCharactersInDocument = maxCharacters,
            MaxCharactersFromEntities = 1024,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            CloseInput = true,
        };
        using var reader = XmlReader.Create(new StringReader(text), settings);
        return XDocument.Load(reader, LoadOptions.None);
    }

    /// <summary>Repairs the text outside CDATA sections and comments; adds one warning per kind of repair.</summary>
    internal static string Repair(string xml, List<ParseWarning> warnings)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var examples = new Dictionary<string, string>(StringComparer.Ordinal);
        var builder = new StringBuilder(xml.Length + 64);
        var position = 0;
        foreach (Match verbatim in Verbatim().Matches(xml))
        {
            builder.Append(RepairText(xml[position..verbatim.Index], counts, examples));
            builder.Append(RemoveInvalidCharacters(verbatim.Value, counts));
            position = verbatim.Index + verbatim.Length;
        }

        builder.Append(RepairText(xml[position..], counts, examples));
        CloseTruncated(builder, counts);
        foreach (var (code, count) in counts)
        {
            var example = examples.TryGetValue(code, out var e) ? $" (e.g. {e})" : string.Empty;
            warnings.Add(new ParseWarning
            {
                Code = code,
                Message = code switch
                {
                    "undeclared-entity" => $"Replaced {count} HTML entity reference(s) XML does not declare{example}.",
                    "unknown-entity" => $"Replaced or removed {count} unknown entity reference(s){example}.",
                    "bare-ampersand" => $"Escaped {count} bare '&' character(s).",
                    "unclosed-elements" => $"The document ended early; closed {count} element(s) left open at its end.",
                    _ => $"Removed {count} character(s) XML does not allow.",
                },
            });
        }

        return builder.ToString();
    }

    /// <summary>
    /// A document cut off in transit: drops a trailing partial tag, closes an open CDATA section and
    /// appends end tags for the elements still open, innermost first.
    /// </summary>
    private static void CloseTruncated(StringBuilder builder, Dictionary<string, int> counts)
    {
        var text = builder.ToString();
        var lastOpen = text.LastIndexOf('<');
        if (lastOpen >= 0 && text.IndexOf('>', lastOpen) < 0)
        {
            var cdata = text.LastIndexOf("<![CDATA[", StringComparison.Ordinal);
            if (cdata == lastOpen)
            {
                builder.Append("]]>");
            }
            else if (cdata < 0 || text.IndexOf("]]>", cdata, StringComparison.Ordinal) >= 0)
            {
                builder.Length = lastOpen;
            }
            else
            {
                builder.Append("]]>");
            }

            text = builder.ToString();
        }
        else if (text.LastIndexOf("<![CDATA[", StringComparison.Ordinal) is var start and >= 0 && text.IndexOf("]]>", start, StringComparison.Ordinal) < 0)
        {
            builder.Append("]]>");
            text = builder.ToString();
        }

        var open = new List<string>();
        foreach (Match tag in Tag().Matches(Verbatim().Replace(text, string.Empty)))
        {
            var name = tag.Groups["name"].Value;
            if (tag.Groups["self"].Length > 0)
            {
                continue;
            }

            if (tag.Groups["close"].Length == 0)
            {
                open.Add(name);
                continue;
            }

            var index = open.LastIndexOf(name);
            if (index >= 0)
            {
                open.RemoveRange(index, open.Count - index);
            }
        }

        for (var i = open.Count - 1; i >= 0; i--)
        {
            builder.Append("</").Append(open[i]).Append('>');
            Count(counts, "unclosed-elements");
        }
    }

    private static string RepairText(string text, Dictionary<string, int> counts, Dictionary<string, string> examples)
    {
        var cleaned = RemoveInvalidCharacters(text, counts);
        return Ampersand().Replace(cleaned, match =>
        {
            var reference = match.Groups["ref"];
            if (!reference.Success)
            {
                Count(counts, "bare-ampersand");
                return "&amp;";
            }

            var name = reference.Value;
            if (name[0] == '#' || XmlEntities.Contains(name))
            {
                return match.Value;
            }

            var decoded = WebUtility.HtmlDecode(match.Value);
            if (decoded == match.Value)
            {
                // Unknown to HTML too (e.g. &endash;): its likely character, else nothing, so the name never leaks as a word.
                Count(counts, "unknown-entity");
                examples.TryAdd("unknown-entity", match.Value);
                return Numeric(Wire.WireText.EntityText(name) ?? string.Empty);
            }

            Count(counts, "undeclared-entity");
            examples.TryAdd("undeclared-entity", match.Value);
            return Numeric(decoded);
        });
    }

    /// <summary>Text as numeric character references (safe in XML without declarations).</summary>
    private static string Numeric(string decoded)
    {
        var numeric = new StringBuilder();
        for (var i = 0; i < decoded.Length; i += char.IsSurrogatePair(decoded, i) ? 2 : 1)
        {
            numeric.Append("&#x").Append(char.ConvertToUtf32(decoded, i).ToString("X", CultureInfo.InvariantCulture)).Append(';');
        }

        return numeric.ToString();
    }

    private static string RemoveInvalidCharacters(string text, Dictionary<string, int> counts)
    {
        StringBuilder? builder = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var valid = XmlConvert.IsXmlChar(c) || (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], c));
            if (valid)
            {
                var width = char.IsHighSurrogate(c) ? 2 : 1;
                builder?.Append(text, i, width);
                i += width - 1;
                continue;
            }

            builder ??= new StringBuilder(text, 0, i, text.Length);
            Count(counts, "invalid-character");
        }

        return builder?.ToString() ?? text;
    }

    private static void Count(Dictionary<string, int> counts, string code) =>
        counts[code] = counts.TryGetValue(code, out var n) ? n + 1 : 1;

    [GeneratedRegex(@"<!ENTITY", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex EntityDeclaration();

    [GeneratedRegex(@"<!\[CDATA\[.*?\]\]>|<!--.*?-->", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex Verbatim();

    [GeneratedRegex(@"&(?:(?<ref>#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});)?", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex Ampersand();

    [GeneratedRegex(@"<(?<close>/?)(?<name>[A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?)(?:\s[^<>]*?)?(?<self>/?)>", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex Tag();

    [GeneratedRegex(@"<[A-Za-z_]", RegexOptions.CultureInvariant)]
    private static partial Regex ElementStart();
}
