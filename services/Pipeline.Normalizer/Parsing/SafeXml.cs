using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Pipeline.Contracts.Articles;
using Pipeline.Contracts.Dispatches;
using Pipeline.Dispatches;

namespace Pipeline.Normalizer.Parsing;

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
            return Parse(text, maxCharacters, warnings);
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
                return Parse(repaired, maxCharacters, warnings);
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

    /// <summary>
    /// Elements nested deeper than this are not built: their markup is dropped and their text kept in the element at
    /// this depth (warning <c>xml-flattened</c>). No article nests anywhere near this; the cap bounds every later walk.
    /// </summary>
    public const int MaxDepth = 10_000;

    /// <summary>Attributes kept per element (real feeds use a handful; namespace declarations count).</summary>
    public const int MaxAttributes = 256;

    private static XDocument Parse(string text, int maxCharacters, List<ParseWarning> warnings)
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
        var document = Build(reader, out var flattened, out var droppedAttributes);
        if (droppedAttributes > 0)
        {
            warnings.Add(new ParseWarning
            {
                Code = "xml-attributes-dropped",
                Message = $"{droppedAttributes:N0} attribute(s) beyond the first {MaxAttributes} of an element were ignored.",
            });
        }

        if (flattened > 0)
        {
            warnings.Add(new ParseWarning
            {
                Code = "xml-flattened",
                Message = $"The XML nests elements deeper than {MaxDepth:N0} levels; {flattened:N0} deeper element(s) were reduced to their text.",
            });
        }

        return document;
    }

    /// <summary>
    /// The document, built in linear time. <c>XDocument.Load</c> adds each element to its parent while the parent is
    /// attached to the tree, and every add walks from the parent up to the root: quadratic in the depth (100,000 nested
    /// unknown elements in an RSS item took ~25 s; issue 11). Here an element joins its parent at its end tag, while
    /// the parent is still detached, so each add is O(1). Names, attributes (namespace declarations included), text,
    /// CDATA and whitespace are kept as <c>XDocument.Load</c> keeps them; comments and processing instructions are
    /// skipped by the reader settings.
    /// </summary>
    private static XDocument Build(XmlReader reader, out int flattened, out int droppedAttributes)
    {
        droppedAttributes = 0;
        var document = new XDocument();
        var open = new Stack<XElement>();
        // Text is gathered and added once per run: XContainer.Add(string) appends to the previous text node by string
        // concatenation, quadratic when the text of many flattened elements lands in one element.
        var text = new TextRun();
        var skippedDepth = 0;
        flattened = 0;
        while (reader.Read())
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Element:
                    if (open.Count >= MaxDepth)
                    {
                        flattened++;
                        skippedDepth += reader.IsEmptyElement ? 0 : 1;
                        break;
                    }

                    FlushText(open, text);

                    var element = new XElement(XNamespace.Get(reader.NamespaceURI).GetName(reader.LocalName));
                    if (reader.MoveToFirstAttribute())
                    {
                        // XElement.Add checks each attribute against the ones before it: quadratic, so the count is capped.
                        var kept = 0;
                        do
                        {
                            var ns = reader.Prefix.Length == 0 ? XNamespace.None : XNamespace.Get(reader.NamespaceURI);
                            if (kept++ < MaxAttributes)
                            {
                                element.Add(new XAttribute(ns.GetName(reader.LocalName), reader.Value));
                            }
                            else
                            {
                                droppedAttributes++;
                            }
                        }
                        while (reader.MoveToNextAttribute());
                        reader.MoveToElement();
                    }

                    if (reader.IsEmptyElement)
                    {
                        Attach(document, open, element);
                    }
                    else
                    {
                        open.Push(element);
                    }

                    break;
                case XmlNodeType.EndElement:
                    if (skippedDepth > 0)
                    {
                        skippedDepth--;
                        break;
                    }

                    FlushText(open, text);
                    Attach(document, open, open.Pop());
                    break;
                case XmlNodeType.Text or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                    if (open.Count > 0)
                    {
                        text.Add(reader.Value);
                    }

                    break;
                case XmlNodeType.CDATA:
                    if (open.Count > 0)
                    {
                        FlushText(open, text);
                        open.Peek().Add(new XCData(reader.Value));
                    }

                    break;
                default:
                    break;
            }
        }

        return document;
    }

    private static void FlushText(Stack<XElement> open, TextRun text)
    {
        if (text.Take() is { } value && open.Count > 0)
        {
            open.Peek().Add(new XText(value));
        }
    }

    /// <summary>The text read since the last element boundary: the reader's string itself when there is one piece (the usual case), else joined once.</summary>
    private sealed class TextRun
    {
        private string? _single;
        private StringBuilder? _many;

        public void Add(string value)
        {
            if (_single is null && _many is not { Length: > 0 })
            {
                _single = value;
                return;
            }

            _many ??= new StringBuilder();
            if (_single is not null)
            {
                _many.Append(_single);
                _single = null;
            }

            _many.Append(value);
        }

        public string? Take()
        {
            var value = _single ?? (_many is { Length: > 0 } ? _many.ToString() : null);
            _single = null;
            _many?.Clear();
            return value;
        }
    }

    private static void Attach(XDocument document, Stack<XElement> open, XElement element)
    {
        if (open.Count > 0)
        {
            open.Peek().Add(element);
        }
        else
        {
            document.Add(element);
        }
    }

    /// <summary>Repairs the text outside CDATA sections and comments; adds one warning per kind of repair.</summary>
    internal static string Repair(string xml, List<ParseWarning> warnings)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var examples = new Dictionary<string, string>(StringComparer.Ordinal);
        var builder = new StringBuilder(xml.Length + 64);
        var position = 0;
        foreach (var (start, length) in Verbatim(xml))
        {
            builder.Append(RepairText(xml[position..start], counts, examples));
            builder.Append(RemoveInvalidCharacters(xml.Substring(start, length), counts));
            position = start + length;
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

        // Open elements, innermost last; how many of each name are open, so an end tag that closes nothing costs O(1)
        // (LastIndexOf on a miss scanned every open element: 400,000 unclosed <a> then as many </b> was quadratic).
        var open = new List<string>();
        var openCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (Match tag in Tag().Matches(WithoutVerbatim(text)))
        {
            var name = tag.Groups["name"].Value;
            if (tag.Groups["self"].Length > 0)
            {
                continue;
            }

            if (tag.Groups["close"].Length == 0)
            {
                open.Add(name);
                openCounts[name] = openCounts.GetValueOrDefault(name) + 1;
                continue;
            }

            if (openCounts.GetValueOrDefault(name) == 0)
            {
                continue;
            }

            // Amortised linear: the scan from the end covers exactly the elements removed.
            var index = open.LastIndexOf(name);
            for (var i = index; i < open.Count; i++)
            {
                openCounts[open[i]]--;
            }

            open.RemoveRange(index, open.Count - index);
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
            if (name[0] == '#')
            {
                // A reference to a character XML forbids (&#x1;, &#xD800;, &#xFFFE;) fails the parse like the character itself.
                if (IsXmlCharacter(name))
                {
                    return match.Value;
                }

                Count(counts, "invalid-character");
                return string.Empty;
            }

            if (XmlEntities.Contains(name))
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

    /// <summary>Whether a numeric reference (<c>#65</c>, <c>#x41</c>) names a character XML allows.</summary>
    private static bool IsXmlCharacter(string reference)
    {
        var hex = reference.Length > 1 && reference[1] is 'x' or 'X';
        var digits = reference.AsSpan(hex ? 2 : 1);
        if (!int.TryParse(digits, hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out var code))
        {
            return false;
        }

        return code is 0x9 or 0xA or 0xD or (>= 0x20 and <= 0xD7FF) or (>= 0xE000 and <= 0xFFFD) or (>= 0x10000 and <= 0x10FFFF);
    }

    /// <summary>
    /// CDATA sections and comments in document order, found by one linear scan. The lazy regex this replaces
    /// (<c>&lt;!--.*?--&gt;</c>) rescanned the rest of the document from every unclosed <c>&lt;!--</c>: a description
    /// followed by a million of them (4 MB) took more than 120 s (issue 11). Once a terminator is known to be missing,
    /// no later opener of that kind looks for it again.
    /// </summary>
    internal static List<(int Start, int Length)> Verbatim(string xml)
    {
        var spans = new List<(int Start, int Length)>();
        var noCdataEnd = false;
        var noCommentEnd = false;
        var i = xml.IndexOf("<!", StringComparison.Ordinal);
        while (i >= 0)
        {
            var end = -1;
            var rest = xml.AsSpan(i);
            if (rest.StartsWith("<![CDATA[", StringComparison.Ordinal))
            {
                var close = noCdataEnd ? -1 : xml.IndexOf("]]>", i + 9, StringComparison.Ordinal);
                noCdataEnd = close < 0;
                end = close < 0 ? -1 : close + 3;
            }
            else if (rest.StartsWith("<!--", StringComparison.Ordinal))
            {
                var close = noCommentEnd ? -1 : xml.IndexOf("-->", i + 4, StringComparison.Ordinal);
                noCommentEnd = close < 0;
                end = close < 0 ? -1 : close + 3;
            }

            if (end > 0)
            {
                spans.Add((i, end - i));
                i = end < xml.Length ? xml.IndexOf("<!", end, StringComparison.Ordinal) : -1;
            }
            else
            {
                i = i + 1 < xml.Length ? xml.IndexOf("<!", i + 1, StringComparison.Ordinal) : -1;
            }
        }

        return spans;
    }

    private static string WithoutVerbatim(string xml)
    {
        var spans = Verbatim(xml);
        if (spans.Count == 0)
        {
            return xml;
        }

        var builder = new StringBuilder(xml.Length);
        var position = 0;
        foreach (var (start, length) in spans)
        {
            builder.Append(xml, position, start - position);
            position = start + length;
        }

        return builder.Append(xml, position, xml.Length - position).ToString();
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

    [GeneratedRegex(@"<!ENTITY", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex EntityDeclaration();

    [GeneratedRegex(@"&(?:(?<ref>#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});)?", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.NonBacktracking)]
    private static partial Regex Ampersand();

    [GeneratedRegex(@"<(?<close>/?)(?<name>[A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?)(?:\s[^<>]*?)?(?<self>/?)>", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.NonBacktracking)]
    private static partial Regex Tag();

    [GeneratedRegex(@"<[A-Za-z_]", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex ElementStart();
}
