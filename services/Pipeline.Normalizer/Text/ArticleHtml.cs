using System.Net;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Ganss.Xss;

namespace Pipeline.Normalizer.Text;

/// <summary>
/// The two renderings of a body: sanitized HTML from an article allow-list (no script, style,
/// iframes, forms or event handlers) and plain-text paragraphs.
/// </summary>
internal static partial class ArticleHtml
{
    private static readonly HtmlSanitizer Sanitizer = new(new HtmlSanitizerOptions
    {
        AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "p", "br", "a", "b", "strong", "i", "em", "u", "s", "sub", "sup", "small", "mark", "span",
            "blockquote", "q", "cite", "abbr", "time", "code", "pre",
            "ul", "ol", "li", "dl", "dt", "dd",
            "h2", "h3", "h4", "h5", "h6",
            "figure", "figcaption", "img",
            "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
        },
        AllowedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "src", "alt", "title", "datetime", "cite", "colspan", "rowspan" },
        AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "http", "https", "mailto" },
        UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "src", "cite" },
        AllowedCssProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
    });

    private static readonly HashSet<string> BlockTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "li", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr", "section",
        "article", "header", "footer", "aside", "figure", "figcaption", "ul", "ol", "dl", "table", "caption", "hr", "main", "address",
    };

    private static readonly HashSet<string> SkippedTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "template", "iframe", "object", "embed", "form", "button", "select", "textarea", "svg", "math", "head", "title",
    };

    /// <summary>
    /// Deepest element nesting accepted. HTML parsers and sanitizers slow down badly (super-linearly)
    /// on hostile, deeply nested markup; deeper markup is flattened to text instead.
    /// </summary>
    public const int MaxNestingDepth = 200;

    /// <summary>
    /// Most start and end tags parsed as markup (the HTML page limit, 50,000 elements); more is flattened to text:
    /// misnested formatting tags by the hundred thousand kept the HTML parser and sanitizer busy for minutes (issue 11).
    /// </summary>
    public const int MaxTags = 100_000;

    private static readonly HashSet<string> UnnestedTags = new(StringComparer.OrdinalIgnoreCase)
    {
        // void elements, and elements HTML closes implicitly (legacy feeds rarely close them)
        "br", "img", "hr", "input", "meta", "link", "wbr", "area", "base", "col", "embed", "source", "track", "param",
        "p", "li", "dt", "dd", "option", "tr", "td", "th",
    };

    /// <summary>Sanitizes untrusted HTML with the article allow-list (flattened to paragraphs when nested too deeply).</summary>
    public static string Sanitize(string html, Uri? baseUri = null) =>
        IsTooComplex(html) ? FromParagraphs(ToParagraphs(html)) : Indentation().Replace(Sanitizer.Sanitize(Unwrap(html), baseUri?.AbsoluteUri ?? string.Empty), ">\n<").Trim();

    /// <summary>
    /// Drops dangerous elements with their content and unwraps every other element outside the
    /// allow-list (<c>div</c>, <c>section</c>, <c>font</c>, NITF <c>block</c>…), keeping its text:
    /// the sanitizer alone would drop a disallowed element together with the paragraphs inside it.
    /// </summary>
    private static string Unwrap(string html)
    {
        var parser = new HtmlParser();
        var document = parser.ParseDocument("<!DOCTYPE html><html><body></body></html>");
        var body = document.Body!;
        foreach (var node in parser.ParseFragment(html, body).ToList())
        {
            body.AppendChild(node);
        }

        foreach (var element in body.QuerySelectorAll("*").ToList())
        {
            if (SkippedTags.Contains(element.LocalName))
            {
                element.Remove();
            }
            else if (!Sanitizer.AllowedTags.Contains(element.LocalName) && element.Parent is { } parent)
            {
                if (BlockTags.Contains(element.LocalName))
                {
                    parent.InsertBefore(document.CreateTextNode(" "), element);
                }

                while (element.FirstChild is { } child)
                {
                    parent.InsertBefore(child, element);
                }

                element.Remove();
            }
        }

        return body.InnerHtml;
    }

    /// <summary>Number of start and end tags in the markup (a linear scan, no parsing).</summary>
    public static int CountTags(string html) => TagPattern().Count(html);

    /// <summary>True when the markup nests elements deeper than <see cref="MaxNestingDepth"/> (a linear scan, no parsing).</summary>
    public static bool IsTooDeep(string html) => IsTooComplex(html, int.MaxValue);

    /// <summary>True when the markup nests deeper than <see cref="MaxNestingDepth"/> or has more than <paramref name="maxTags"/> tags (one linear scan).</summary>
    public static bool IsTooComplex(string html, int maxTags = MaxTags)
    {
        if (html.AsSpan().Count('<') <= MaxNestingDepth)
        {
            return false;   // fewer tags than the limit cannot nest deeper than it (the common case, found without a regex)
        }

        var depth = 0;
        var tags = 0;
        foreach (System.Text.RegularExpressions.Match tag in TagPattern().Matches(html))
        {
            if (++tags > maxTags)
            {
                return true;
            }

            if (UnnestedTags.Contains(tag.Groups["name"].Value) || tag.Groups["self"].Length > 0)
            {
                continue;
            }

            depth = tag.Groups["close"].Length > 0 ? Math.Max(0, depth - 1) : depth + 1;
            if (depth > MaxNestingDepth)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Builds sanitized <c>&lt;p&gt;</c> HTML from plain-text paragraphs. Text is escaped exactly as the
    /// sanitizer serializes it (<c>&amp;</c>, <c>&lt;</c>, <c>&gt;</c>, no-break space), so the result is
    /// already what sanitizing would give, without parsing it again; text with characters an HTML parser
    /// rewrites (carriage returns, other control characters) still goes through the sanitizer.
    /// </summary>
    public static string FromParagraphs(IEnumerable<string> paragraphs)
    {
        var builder = new StringBuilder();
        var plain = true;
        foreach (var paragraph in paragraphs)
        {
            if (builder.Length > 0)
            {
                builder.Append('\n');
            }

            builder.Append("<p>");
            for (var i = 0; i < paragraph.Length; i++)
            {
                var c = paragraph[i];
                switch (c)
                {
                    case '&': builder.Append("&amp;"); break;
                    case '<': builder.Append("&lt;"); break;
                    case '>': builder.Append("&gt;"); break;
                    case '\u00A0': builder.Append("&nbsp;"); break;
                    default:
                        plain &= c >= ' ' || c is '\t' or '\n';
                        if (char.IsSurrogate(c))
                        {
                            var paired = char.IsHighSurrogate(c) && i + 1 < paragraph.Length && char.IsLowSurrogate(paragraph[i + 1]);
                            plain &= paired;
                            if (paired)
                            {
                                builder.Append(c);
                                c = paragraph[++i];
                            }
                        }

                        builder.Append(c);
                        break;
                }
            }

            builder.Append("</p>");
        }

        return plain ? builder.ToString() : Sanitize(builder.ToString());
    }

    /// <summary>True when the text looks like markup rather than plain text.</summary>
    public static bool LooksLikeHtml(string text) =>
        text.Contains('<', StringComparison.Ordinal) && TagPattern().IsMatch(text);

    /// <summary>Plain text of an HTML fragment (or of text with character references), whitespace collapsed.</summary>
    public static string ToPlainText(string? htmlOrText)
    {
        if (string.IsNullOrWhiteSpace(htmlOrText))
        {
            return string.Empty;
        }

        if (!LooksLikeHtml(htmlOrText))
        {
            return TextCleaner.Clean(htmlOrText.Contains('&', StringComparison.Ordinal) ? WebUtility.HtmlDecode(htmlOrText) : htmlOrText);
        }

        return string.Join(' ', ToParagraphs(htmlOrText));
    }

    /// <summary>Plain-text paragraphs of an HTML fragment: one per block element, a double <c>&lt;br&gt;</c> also breaks.</summary>
    public static IReadOnlyList<string> ToParagraphs(string? html)
    {
        if (string.IsNullOrWhiteSpace(html))
        {
            return [];
        }

        if (IsTooComplex(html))
        {
            return FlatParagraph(html);
        }

        var parser = new HtmlParser();
        var document = parser.ParseDocument("<!DOCTYPE html><html><body></body></html>");
        return new ParagraphWalker().Walk(parser.ParseFragment(html, document.Body!));
    }

    /// <summary>Markup too complex to parse within bounds: its text, tags removed, as one paragraph.</summary>
    private static IReadOnlyList<string> FlatParagraph(string html)
    {
        var flat = WebUtility.HtmlDecode(TagPattern().Replace(html, " "));
        return TextCleaner.Clean(flat) is { Length: > 0 } text ? [text] : [];
    }

    /// <summary>
    /// Gathers a parsed fragment's text into paragraphs: a block element starts and ends one, an inline element ends
    /// with a space, <c>&lt;br&gt;</c> is a line break. The walk is iterative (an explicit stack), so hostile deeply
    /// nested markup cannot overflow the call stack.
    /// </summary>
    private sealed class ParagraphWalker
    {
        private readonly List<string> _paragraphs = [];
        private readonly StringBuilder _current = new();
        private readonly Stack<(INode Node, bool Exit)> _stack = new();

        public List<string> Walk(INodeList nodes)
        {
            PushChildren(nodes);
            while (_stack.TryPop(out var entry))
            {
                if (entry.Exit)
                {
                    Leave((IElement)entry.Node);
                }
                else
                {
                    Visit(entry.Node);
                }
            }

            Flush(_current, _paragraphs);
            return _paragraphs;
        }

        private void PushChildren(INodeList nodes)
        {
            for (var i = nodes.Length - 1; i >= 0; i--)
            {
                _stack.Push((nodes[i], false));
            }
        }

        private void Visit(INode node)
        {
            if (node is IText text)
            {
                _current.Append(text.Data);
                return;
            }

            if (node is not IElement element)
            {
                return;
            }

            var tag = element.LocalName;
            if (SkippedTags.Contains(tag) || string.Equals(tag, "img", StringComparison.OrdinalIgnoreCase))
            {
                return;
            }

            if (string.Equals(tag, "br", StringComparison.OrdinalIgnoreCase))
            {
                _current.Append('\n');
                return;
            }

            var block = BlockTags.Contains(tag);
            if (block)
            {
                Flush(_current, _paragraphs);
            }

            if (block || tag is "td" or "th")
            {
                _stack.Push((element, true));
            }

            PushChildren(element.ChildNodes);
        }

        private void Leave(IElement element)
        {
            if (BlockTags.Contains(element.LocalName))
            {
                Flush(_current, _paragraphs);
            }
            else
            {
                _current.Append(' ');
            }
        }
    }

    private static void Flush(StringBuilder current, List<string> paragraphs)
    {
        if (current.Length == 0)
        {
            return;
        }

        // Two or more line breaks (with only whitespace between) separate paragraphs; one is a space.
        var pieces = ParagraphBreak().Split(current.ToString());
        foreach (var piece in pieces)
        {
            var cleaned = TextCleaner.Clean(piece);
            if (cleaned.Length > 0)
            {
                paragraphs.Add(cleaned);
            }
        }

        current.Clear();
    }

    // Backtracking with the shared timeout, not NonBacktracking: the pattern is linear by shape (a candidate ends at the
    // next '<' or '>'), and NonBacktracking's capture phase took the normalizer over its memory budget on a body with
    // 90,000 misnested tags (EntryPointFuzzTests).
    [System.Text.RegularExpressions.GeneratedRegex(@"<(?<close>/?)(?<name>[A-Za-z][A-Za-z0-9]*)\b[^<>]*?(?<self>/?)>", System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.ExplicitCapture, Pipeline.Dispatches.RegexLimits.MatchTimeoutMilliseconds)]
    private static partial System.Text.RegularExpressions.Regex TagPattern();

    [System.Text.RegularExpressions.GeneratedRegex(@">[ \t]*\n\s*<", System.Text.RegularExpressions.RegexOptions.CultureInvariant | System.Text.RegularExpressions.RegexOptions.NonBacktracking)]
    private static partial System.Text.RegularExpressions.Regex Indentation();

    [System.Text.RegularExpressions.GeneratedRegex("\n[ \t\u00A0]*\n\\s*", System.Text.RegularExpressions.RegexOptions.NonBacktracking)]
    private static partial System.Text.RegularExpressions.Regex ParagraphBreak();
}
